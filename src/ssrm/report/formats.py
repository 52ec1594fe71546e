"""The report registry: which formats exist, how each renders an assessment document, and writing them all.

Every command that prints or writes a report goes through here, so a format listed in ``--help`` is a
format that renders. Heavy renderers (OCSF models, HTML, PDF) load only when used.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

from ssrm.report.asff import render_asff
from ssrm.report.csv_out import render_csv
from ssrm.report.json_out import render_json

Document = dict[str, Any]


class ReportFormat(StrEnum):
    """A machine or document format an assessment renders into (``text`` is the terminal summary)."""

    text = "text"
    json = "json"
    csv = "csv"
    ocsf = "ocsf"
    asff = "asff"
    html = "html"
    md = "md"


class ReportWriteError(OSError):
    """A report directory or file could not be written."""


def render_ocsf(doc: Document) -> str:
    from ssrm.report.ocsf import render_ocsf as render  # the OCSF models take a second to import

    return render(doc)


def render_html(doc: Document) -> str:
    from ssrm.report.html import render_html as render

    return render(doc)


def render_markdown(doc: Document) -> str:
    from ssrm.report.markdown import render_markdown as render

    return render(doc)


def write_pdf(doc: Document, path: Path) -> Path:
    from ssrm.report.pdf import render_pdf

    return render_pdf(doc, path)


RENDERERS: dict[ReportFormat, Callable[[Document], str]] = {
    ReportFormat.html: render_html,
    ReportFormat.md: render_markdown,
    ReportFormat.json: render_json,
    ReportFormat.csv: render_csv,
    ReportFormat.ocsf: render_ocsf,
    ReportFormat.asff: render_asff,
}
REPORT_FILES: dict[str, Callable[[Document], str]] = {
    "report.html": render_html,
    "summary.md": render_markdown,
    "assessment.json": render_json,
    "findings.csv": render_csv,
    "findings.ocsf.json": render_ocsf,
    "findings.asff.json": render_asff,
}


def render(doc: Document, fmt: ReportFormat | str) -> str:
    """One report as text; ``text`` has no document form (the terminal summary is drawn by rich)."""
    fmt = ReportFormat(fmt)
    if fmt not in RENDERERS:
        raise ValueError(f"{fmt.value!r} is not a document format; choose one of "
                         + ", ".join(f.value for f in RENDERERS))
    return RENDERERS[fmt](doc)


def write_reports(doc: Document, output: Path) -> list[Path]:
    """Every report into the directory ``output``: HTML, executive summary (Markdown, PDF), JSON, CSV,
    OCSF, ASFF. Returns the files written."""
    from ssrm.output_files import write_report_dir

    try:  # all or nothing: every report is rendered before any file is replaced
        return write_report_dir(doc, output, dict(REPORT_FILES), ("summary.pdf", write_pdf))
    except OSError as exc:
        raise ReportWriteError(f"cannot write reports to {output}: {exc.strerror or exc}") from exc

