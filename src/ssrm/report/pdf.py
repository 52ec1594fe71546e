"""The executive summary as a PDF, drawn with fpdf2 (pure Python: no browser needed).

The content is the Markdown summary's (see ``markdown.py``); this module only lays it out. DejaVu Sans is
used when the system has it (full Unicode); otherwise the PDF core font, with text folded to Latin-1.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from ssrm.report.markdown import (
    SEVERITY_WORDS,
    change_lines,
    first_steps,
    gap_warning,
    headline,
    standings,
    top_risks,
)
from ssrm.report.teams import DEFAULT_OWNER_TAGS, team_fix_lists

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
# fill colours per phase, as in the HTML diagram; the phase is always written in the cell too
_PHASE_FILL = {None: (251, 227, 228), "Quick Wins": (253, 232, 207), "Foundational": (253, 243, 196),
               "Efficient": (220, 242, 225), "Optimized": (199, 236, 210)}
_FOLD = {"\u2014": "-", "\u2013": "-", "\u2026": "...", "\u2019": "'", "\u2018": "'", "\u201c": '"',
         "\u201d": '"', "\u00b7": "-", "\u2192": "->", "\u26a0": "!", "\u2022": "-"}


class _Doc(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.unicode = False
        if (_DEJAVU / "DejaVuSans.ttf").exists() and (_DEJAVU / "DejaVuSans-Bold.ttf").exists():
            self.add_font("body", "", str(_DEJAVU / "DejaVuSans.ttf"))
            self.add_font("body", "B", str(_DEJAVU / "DejaVuSans-Bold.ttf"))
            self.unicode = True
        self.family = "body" if self.unicode else "helvetica"
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def t(self, text: Any) -> str:
        """Text the current font can draw."""
        out = str(text)
        if self.unicode:
            return out
        for k, v in _FOLD.items():
            out = out.replace(k, v)
        return out.encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(90, 100, 115)
        self.cell(0, 6, self.t(f"{self.footer_text} — page {self.page_no()}"), align="C")

    def heading(self, text: str, size: int = 14) -> None:
        self.ln(3)
        self.set_font(self.family, "B", size)
        self.set_text_color(20, 33, 61)
        self.multi_cell(0, size * 0.5, self.t(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
        self.set_text_color(26, 31, 41)

    def para(self, text: str, bold: bool = False, size: float = 10, indent: float = 0) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.5, self.t(text), align="L", new_x="LMARGIN", new_y="NEXT")


def _plain(text: str) -> str:
    return text.replace("**", "")


def _layers_table(pdf: _Doc, doc: dict[str, Any]) -> None:
    pdf.set_font(pdf.family, "", 9.5)
    head = FontFace(emphasis="BOLD", fill_color=(238, 241, 245))
    with pdf.table(col_widths=(52, 34, 22, 20, 26), text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
                   headings_style=head, line_height=6) as table:
        row = table.row()
        for h in ("Layer", "Phase reached", "Score", "Failing", "Not checked"):
            row.cell(pdf.t(h))
        for s in standings(doc):
            row = table.row()
            row.cell(pdf.t(s.name))
            phase = s.phase or ("none yet" if s.evaluated else "not assessed")
            fill = _PHASE_FILL.get(s.phase, _PHASE_FILL[None]) if s.evaluated else (236, 239, 243)
            row.cell(pdf.t(phase), style=FontFace(fill_color=fill))
            row.cell("n/a" if s.score is None else f"{s.score:.0f}/100")
            row.cell(str(s.failing))
            row.cell(str(s.errors))


def render_pdf(doc: dict[str, Any], path: str | Path, tag_keys: Sequence[str] = DEFAULT_OWNER_TAGS,
               per_team: int = 5) -> Path:
    """Write the executive summary of ``doc`` to ``path`` (a file) and return it."""
    account = doc.get("account") or "unknown"
    pdf = _Doc(f"ssrm — AWS account {account} — {doc.get('assessed_at') or ''}")
    pdf.set_title(f"Security assessment of AWS account {account}")
    pdf.set_author("ssrm")
    pdf.add_page()
    pdf.heading(f"Security assessment of AWS account {account}", 18)
    pdf.para(f"Assessed {doc.get('assessed_at') or 'n/a'} · regions: {', '.join(doc.get('regions') or []) or 'none'}",
             size=9)
    pdf.heading("Where the account stands")
    pdf.para(_plain(headline(doc)), bold=True)
    warning = gap_warning(doc)
    if warning:
        pdf.ln(1)
        pdf.set_draw_color(180, 35, 24)
        pdf.set_fill_color(255, 245, 244)
        pdf.set_font(pdf.family, "B", 10)
        pdf.multi_cell(0, 5, pdf.t("Warning: " + warning), border=1, fill=True, align="L", new_x="LMARGIN",
                       new_y="NEXT")
        pdf.set_draw_color(150, 158, 170)  # the warning's red must not leak into the table borders
    pdf.ln(2)
    _layers_table(pdf, doc)
    pdf.ln(2)
    for s in standings(doc):
        pdf.para(f"• {s.name} {_plain(s.sentence())}", size=9.5)
    pdf.para("AWS secures the layers underneath (data centres, hardware, hypervisor, foundational services); the "
             "layers above are the account owner's responsibility.", size=8.5)

    pdf.heading("The risks that matter")
    risks = top_risks(doc, tag_keys=tag_keys)
    if not risks:
        pdf.para("No check fails: there is no open risk to report.")
    for n, r in enumerate(risks, 1):
        pdf.para(f"{n}. {r.title} — {SEVERITY_WORDS.get(r.severity, r.severity)} severity", bold=True)
        pdf.para(f"{r.impact} Owner(s): {', '.join(r.teams)}.", indent=5)
        if r.fix:
            pdf.para(f"What to do: {r.fix}", indent=5, size=9.5)
        pdf.ln(1)
    steps = first_steps(doc)
    if steps:
        pdf.heading("First steps of the action plan")
        for n, step in enumerate(steps, 1):
            pdf.para(f"{n}. {step}")
    pdf.heading("What changed since the last assessment")
    changes = change_lines(doc)
    if changes is None:
        pdf.para("No earlier assessment to compare with.")
    else:
        intro, new, fixed = changes
        pdf.para(intro)
        for label, items in (("New failures", new), ("Fixed", fixed)):
            if items:
                pdf.para(label + ":", bold=True)
                for item in items:
                    pdf.para(f"• {item}", indent=4, size=9.5)
    _teams(pdf, doc, tag_keys, per_team)
    out = Path(path)
    pdf.output(str(out))
    return out


def _teams(pdf: _Doc, doc: dict[str, Any], tag_keys: Sequence[str], per_team: int) -> None:
    pdf.heading("Who must act")
    lists = team_fix_lists(doc, tag_keys)
    if not lists:
        pdf.para("Nobody: no check fails.")
        return
    pdf.para(f"Failing checks are routed by the resource tags {', '.join(tag_keys)}; resources without them are "
             "listed as 'unassigned'.", size=9.5)
    for t in lists:
        pdf.ln(1)
        pdf.para(f"{t.team} — {t.findings} failing check(s)", bold=True, size=10.5)
        for n, item in enumerate(t.items[:per_team], 1):
            more = f" and {len(item.resources) - 3} more" if len(item.resources) > 3 else ""
            pdf.para(f"{n}. [{item.severity}, {item.stage}] {item.title} — {', '.join(item.resources[:3])}{more}",
                     indent=4, size=9.5)
        if len(t.items) > per_team:
            pdf.para(f"… and {len(t.items) - per_team} more rule(s).", indent=4, size=9)
