"""The static sections of the HTML report, rendered server side so they print and read without JS."""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from typing import Any
from urllib.parse import quote

from ssrm.report.counts import count_of
from ssrm.report.html.diagram import LAYERS, layer_colours, phase_label

NOT_COMPUTED = '<p class="note">Not computed in this assessment.</p>'
NO_HISTORY = '<p class="note">No earlier assessment to compare with.</p>'


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _score(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):.0f}"


def _score_cell(value: Any) -> str:
    """A score as a number with a bar beside it (the number carries the meaning)."""
    if value is None:
        return '<td class="score"><span class="bar empty" aria-hidden="true"></span><span class="v">n/a</span></td>'
    pct = max(0.0, min(100.0, float(value)))
    return (f'<td class="score"><span class="bar" aria-hidden="true"><span style="width:{pct:.0f}%"></span></span>'
            f'<span class="v">{pct:.0f}</span></td>')


def overview(doc: dict[str, Any]) -> str:
    findings = doc.get("findings") or []
    status = Counter(str(f.get("status")) for f in findings)
    overall = doc.get("overall") or {}
    regions = ", ".join(doc.get("regions") or []) or "none"
    cards = [
        ("Overall score", _score(overall.get("score")) + ("/100" if overall.get("score") is not None else "")),
        ("Failing", str(status.get("FAIL", 0))),
        ("Could not check", str(status.get("ERROR", 0))),
        ("Passing", str(status.get("PASS", 0))),
        ("Resources", str((doc.get("stats") or {}).get("resources", "n/a"))),
    ]
    tiles = "".join(f'<div class="tile"><div class="tile-v">{_e(v)}</div><div class="tile-k">{_e(k)}</div></div>'
                    for k, v in cards)
    meta = (f'<dl class="meta"><dt>Account</dt><dd>{_e(doc.get("account"))}</dd>'
            f'<dt>Source</dt><dd>{_e(doc.get("source"))}</dd><dt>Regions</dt><dd>{_e(regions)}</dd>'
            f'<dt>Assessed</dt><dd>{_e(doc.get("assessed_at"))}</dd>'
            f'<dt>Rules evaluated</dt><dd>{_e((doc.get("stats") or {}).get("rules_evaluated"))}</dd></dl>')
    return f'<div class="tiles">{tiles}</div>{meta}{notes(doc)}'


def gaps(doc: dict[str, Any]) -> str:
    items = doc.get("gaps") or []
    if not items:
        return ""
    errors = sum(1 for f in doc.get("findings") or [] if f.get("status") == "ERROR")
    if doc.get("emulated"):
        heading = f"Collected from an emulator: {len(items)} read(s) it does not implement"
        intro = (f"<p>These reads failed because the emulator lacks them: limits of the emulator, not problems of "
                 f"the account. <strong>{errors} result(s) depending on them are ERROR</strong> (neither passed nor "
                 "failed). Against AWS the same reads succeed with the policy of <code>ssrm permissions</code>.</p>")
        kind, role = "gaps emulated", "note"
    else:
        heading = f"⚠ Collection incomplete: {len(items)} read(s) failed"
        intro = (f'<p><strong>{errors} result(s) depending on them are ERROR</strong>: ssrm could not check them, so '
                 "they count neither as passed nor as failed. Grant the missing read permissions and run again.</p>")
        kind, role = "gaps", "alert"
    rows = "".join(
        f"<tr><td>{_e(g.get('service'))}</td><td>{_e(g.get('region'))}</td><td>{_e(g.get('api'))}</td>"
        f"<td>{_e(g.get('error'))}</td><td>{_e(short_message(g.get('message')))}</td>"
        f"<td>{_e(', '.join(g.get('resource_types') or []) or g.get('resource') or '')}</td></tr>"
        for g in items)
    table = ('<div class="scroll"><table><caption class="sr-only">Collection gaps</caption><thead><tr>'
             '<th scope="col">Service</th><th scope="col">Region</th><th scope="col">API</th>'
             '<th scope="col">Error</th><th scope="col">Message</th><th scope="col">Affects</th></tr></thead>'
             f'<tbody>{rows}</tbody></table></div>')
    if doc.get("emulated"):  # an emulator's limits are a footnote: folded, so the overview stays on the first screen
        table = f"<details><summary>The {len(items)} read(s)</summary>{table}</details>"
    return (
        f'<section id="gaps" class="{kind}" aria-labelledby="gaps-h" role="{role}">'
        f'<h2 id="gaps-h">{_e(heading)}</h2>{intro}{table}</section>'
    )


def short_message(message: Any, limit: int = 160) -> str:
    """An API error message on one line; emulators and proxies sometimes return a whole HTML page."""
    text = " ".join(re.sub(r"<[^>]+>", " ", str(message or "")).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def notes(doc: dict[str, Any]) -> str:
    """Custom rules that failed to load, and the state of the suppression list, when the document has them."""
    items = [f"Custom rule not loaded: {p}" for p in doc.get("rule_problems") or []]
    sup = doc.get("suppressions") or {}
    if sup:
        items.append(f"{sup.get('muted', 0)} finding(s) muted by the suppression list")
        items += [f"Expired suppression: {x}" for x in sup.get("expired") or []]
        items += [f"Unused suppression: {x}" for x in sup.get("unused") or []]
    if not items:
        return ""
    return '<ul class="notes">' + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def maturity(doc: dict[str, Any]) -> str:
    layers = doc.get("layers") or {}
    rows = []
    for key, name in LAYERS:
        layer = layers.get(key) or {}
        fill, _ = layer_colours(layer)
        evaluated = any(layer.get(k) for k in ("pass", "fail", "error", "muted"))
        blocked = " ".join(f'<a href="#rule={escape(r)}&amp;status=FAIL" class="rule-link">{escape(r)}</a>'
                           for r in layer.get("next_phase_blocked_by") or []) or "—"
        rows.append(
            f'<tr class="layer-row"><th scope="row"><span class="swatch" style="background:{fill}" '
            f'aria-hidden="true"></span>{_e(name)}</th>'
            f'<td>{_e(phase_label(layer.get("phase"), evaluated).removeprefix("Phase: "))}</td>'
            f'{_score_cell(layer.get("score"))}<td class="num">{_e(layer.get("fail", 0))}</td>'
            f'<td class="num">{_e(layer.get("pass", 0))}</td><td class="num">{_e(layer.get("error", 0))}</td>'
            f'<td class="num">{_e(layer.get("muted", 0))}</td><td class="ids">{blocked}</td></tr>')
        for dname, d in (layer.get("domains") or {}).items():
            rows.append(
                f'<tr class="domain-row"><th scope="row">{_e(dname)}</th><td></td>{_score_cell(d.get("score"))}'
                f'<td class="num">{_e(d.get("fail", 0))}</td><td class="num">{_e(d.get("pass", 0))}</td>'
                f'<td class="num">{_e(d.get("error", 0))}</td><td class="num">{_e(d.get("muted", 0))}</td>'
                '<td></td></tr>')
    head = ('<thead><tr><th scope="col">Layer / domain</th><th scope="col">Phase reached</th>'
            '<th scope="col">Score</th><th scope="col">Fail</th><th scope="col">Pass</th><th scope="col">Error</th>'
            '<th scope="col">Muted</th><th scope="col">Next phase blocked by</th></tr></thead>')
    return (f'<div class="scroll"><table class="maturity"><caption class="sr-only">Maturity per layer and '
            f'domain</caption>{head}<tbody>{"".join(rows)}</tbody></table></div>')


def plan(doc: dict[str, Any]) -> str:
    steps = doc.get("plan")
    if steps is None:
        return NOT_COMPUTED
    if not steps:
        return '<p class="note">Nothing to do: no failing control needs a fix.</p>'
    items = []
    for s in sorted(steps, key=lambda s: s.get("order", 0)):
        code = ""
        if s.get("cli") or s.get("terraform"):
            code = (f'<details><summary>How to fix (CLI / Terraform)</summary>'
                    f'{_code("AWS CLI", s.get("cli"))}{_code("Terraform", s.get("terraform"))}</details>')
        rules = " ".join(f'<a href="#rule={escape(r)}" class="rule-link">{escape(r)}</a>'
                         for r in s.get("fixes_rule_ids") or [])
        n_res = count_of(s.get("resources"))
        items.append(
            f'<li class="plan-step"><div class="plan-title"><span class="order">{_e(s.get("order"))}</span>'
            f'{_e(s.get("title"))}</div><div class="plan-meta">'
            f'<span class="badge sev-{_e(s.get("severity"))}">{_e(s.get("severity"))}</span>'
            f'<span>stage: {_e(s.get("stage"))}</span><span>effort: {_e(s.get("effort"))}</span>'
            f'<span>resources: {_e(n_res)}</span><span>paths cut: {_e(count_of(s.get("paths_broken")))}</span></div>'
            f'<div class="plan-rules">Fixes: {rules or "—"}</div>{code}</li>')
    return f'<ol class="plan">{"".join(items)}</ol>'


def _code(label: str, text: Any) -> str:
    if not text:
        return ""
    return f'<p class="code-label">{escape(label)}</p><pre><code>{_e(text)}</code></pre>'


def compliance(doc: dict[str, Any]) -> str:
    frameworks = doc.get("compliance")
    if frameworks is None:
        return NOT_COMPUTED
    if not frameworks:
        return '<p class="note">No compliance framework was mapped.</p>'
    mapped = any(c.get("rule_ids") or c.get("rules") for fw in frameworks.values() for c in fw.get("controls") or [])
    parts = ['<p class="hint">Select a control to list the findings of the rules it maps to.</p>' if mapped else ""]
    for name, fw in frameworks.items():
        controls = fw.get("controls") or []
        counts = Counter(str(c.get("status")) for c in controls)
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        rows = "".join(
            f'<tr><td><a href="#control={escape(name)}:{escape(str(c.get("id")))}" class="control-link">'
            f'{_e(c.get("id"))}</a></td><td>{_e(c.get("title"))}</td>'
            f'<td><span class="badge st-{_e(c.get("status"))}">{_e(c.get("status"))}</span></td></tr>'
            for c in controls)
        parts.append(
            f'<details class="framework" open><summary><strong>{_e(name)}</strong> — score '
            f'{_score(fw.get("score"))}/100 ({_e(summary or "no controls")})</summary>'
            '<div class="scroll"><table><thead><tr><th scope="col">Control</th><th scope="col">Title</th>'
            f'<th scope="col">Status</th></tr></thead><tbody>{rows}</tbody></table></div></details>')
    return "".join(parts)


def history(doc: dict[str, Any]) -> str:
    h = doc.get("history")
    if h is None:
        return NO_HISTORY
    new, fixed = h.get("new_failures") or [], h.get("fixed") or []
    return (f'<p>Compared with the assessment of {_e(h.get("previous_assessed_at"))}: '
            f'<strong>{len(new)} new failure(s)</strong>, <strong>{len(fixed)} fixed</strong>.</p>'
            f'<div class="two"><div><h3>New failures</h3>{_change_list(new)}</div>'
            f'<div><h3>Fixed</h3>{_change_list(fixed)}</div></div>' + _drift_details(h))


def _signed(value: Any) -> str:
    return "" if not isinstance(value, int | float) or value == 0 else f"{value:+.1f}"


def _drift_details(h: dict[str, Any]) -> str:
    """What a diff from the history store adds (ssrm.drift): scores, resources field by field, attack paths."""
    parts = []
    scores = h.get("scores") or {}
    if scores:
        rows = "".join(
            f'<tr><td>{_e(layer)}</td><td>{_score(s.get("before"))}</td><td>{_score(s.get("after"))}</td>'
            f'<td>{_e(_signed(s.get("delta")))}</td></tr>' for layer, s in scores.items())
        parts.append('<h3>Scores</h3><div class="scroll"><table><thead><tr><th scope="col">Layer</th>'
                     '<th scope="col">Before</th><th scope="col">After</th><th scope="col">Change</th></tr></thead>'
                     f'<tbody>{rows}</tbody></table></div>')
    if h.get("regressed"):
        parts.append(f'<h3>Regressed (failing again after a fix)</h3>{_change_list(h["regressed"])}')
    if h.get("unknown"):
        parts.append(f'<h3>No longer judged (could not be read)</h3>{_change_list(h["unknown"])}')
    res = h.get("resources")
    if res:
        lines = ([f"added {a.get('resource_type')} {a.get('id')}" for a in res.get("added") or []]
                 + [f"removed {a.get('resource_type')} {a.get('id')}" for a in res.get("removed") or []]
                 + [line for c in res.get("changed") or [] for line in c.get("changes") or []])
        parts.append(f"<h3>Resources</h3>{_change_list(lines)}")
    paths = h.get("paths") or {}
    if paths.get("appeared") or paths.get("disappeared"):
        lines = ([f"appeared, to {p.get('target')}: {p.get('first_step')}" for p in paths.get("appeared") or []]
                 + [f"disappeared, to {p.get('target')}" for p in paths.get("disappeared") or []])
        parts.append(f"<h3>Attack paths</h3>{_change_list(lines)}")
    return "".join(parts)


def change_text(item: Any) -> str:
    """One history entry in words, whatever its shape (a finding dict, a pair, or a plain string)."""
    if isinstance(item, dict):
        what = item.get("title") or item.get("rule_id") or ""
        where = item.get("resource_id") or item.get("resource_arn") or item.get("resource") or ""
        return f"{what} — {where}" if where else str(what)
    return str(item)


def _change_item(item: Any) -> str:
    arn = item.get("resource_arn") if isinstance(item, dict) else None
    if not arn:
        return _e(change_text(item))
    return f'<a href="#resource={quote(str(arn), safe="")}">{_e(change_text(item))}</a>'


def _change_list(items: list[Any]) -> str:
    if not items:
        return '<p class="note">None.</p>'
    shown = "".join(f"<li>{_change_item(i)}</li>" for i in items[:50])
    more = f'<li class="note">… and {len(items) - 50} more</li>' if len(items) > 50 else ""
    return f"<ul>{shown}{more}</ul>"
