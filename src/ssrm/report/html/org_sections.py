"""The organization sections of the HTML report: the account x layer heat map and the integrations.

Present only in an assessment from ``ssrm scan --org`` (``organization``) or with ``integrations``; a
single-account report renders neither.
"""

from __future__ import annotations

from html import escape
from typing import Any

LAYERS = ("apps", "hosts", "networks", "cloud")


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _heat(value: Any) -> str:
    """A cell coloured from red (0) to green (100); the number is always printed."""
    if value is None:
        return '<td class="heat heat-na">n/a</td>'
    score = max(0.0, min(100.0, float(value)))
    hue = round(score * 1.2)  # 0 red .. 120 green
    return f'<td class="heat" style="background:hsl({hue} 70% 82%)">{score:.0f}</td>'


def organization(doc: dict[str, Any]) -> str:
    org = doc.get("organization")
    if not org:
        return ""
    rows = org.get("accounts") or []
    ous = org.get("ous") or []
    options = "".join(f'<option value="{_e(ou)}">{_e(ou)}</option>' for ou in ous)
    body = []
    for row in rows:
        counts = row.get("counts") or {}
        compliance = row.get("compliance") or {}
        note = row.get("note") or ""
        cells = "".join(_heat((row.get("layers") or {}).get(layer)) for layer in LAYERS)
        body.append(
            f'<tr data-ou="{_e(row.get("ou_path"))}" data-account="{_e(row.get("account"))}">'
            f'<th scope="row"><a href="#findings-h" class="acct" data-account="{_e(row.get("account"))}">'
            f'{_e(row.get("account"))}</a><br><span class="sub">{_e(row.get("name"))}</span></th>'
            f'<td>{_e(row.get("ou_path"))}</td><td>{_e(row.get("environment"))}</td>{cells}'
            f'{_heat(row.get("overall"))}<td>{_e(counts.get("FAIL", 0))}</td>'
            f'<td>{_e(compliance.get("cis") if compliance.get("cis") is None else round(compliance["cis"]))}</td>'
            f'<td>{_e(row.get("paths", 0))}</td><td title="{_e(row.get("reason"))}">{_e(note)}</td></tr>')
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in
                   ("Account", "OU", "Env", *LAYERS, "Overall", "Failing", "CIS %", "Paths", "Note"))
    summary = (f'<p>{_e(org.get("accounts_selected"))} of {_e(org.get("accounts_listed"))} accounts of '
               f'{_e(org.get("organization"))} scanned ({_e(org.get("accounts_not_assessed"))} not assessed), '
               f'{_e(org.get("units"))} units on {_e(org.get("executor"))} x{_e(org.get("workers"))}, '
               f'{_e(org.get("cross_account_paths", 0))} attack paths cross accounts. Worst account first; '
               'select an account to filter the findings.</p>')
    return (f'<section id="organization" aria-labelledby="organization-h"><h2 id="organization-h" tabindex="-1">'
            f'Accounts</h2>{summary}<div class="f"><label for="f-ou">Organizational unit</label>'
            f'<select id="f-ou"><option value="">Any OU</option>{options}</select></div>'
            f'<div class="scroll"><table class="heatmap"><caption>Score per layer per account (0-100)</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div></section>')


def integrations(doc: dict[str, Any]) -> str:
    report = doc.get("integrations")
    if not report:
        return ""
    rows = "".join(
        f'<tr><td class="sev sev-{_e(i["severity"])}">{_e(i["severity"])}</td><td>{_e(i["kind"])}</td>'
        f'<td>{_e(i["party"])}</td><td>{_e(i["party_name"])}</td><td>{"yes" if i["locked"] else "no"}</td>'
        f'<td>{_e(i["guard"])}</td><td class="arn">{_e(i["resource"])}</td></tr>'
        for i in report.get("integrations") or [])
    head = "".join(f'<th scope="col">{c}</th>' for c in
                   ("Severity", "Kind", "Party", "Who", "Locked", "Guard", "Resource"))
    unknown = ", ".join(report.get("unknown_accounts") or []) or "none"
    return (f'<section id="integrations" aria-labelledby="integrations-h"><h2 id="integrations-h" tabindex="-1">'
            f'Integrations: who outside can get in</h2><p>{len(report.get("integrations") or [])} ways in for '
            f'{len(report.get("parties") or [])} outside parties; {_e(report.get("unlocked"))} not locked. Unknown '
            f'accounts: {_e(unknown)}. Vendors are named from the fwd:cloudsec known AWS accounts list.</p>'
            f'<div class="scroll"><table class="integrations"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>'
            f'</table></div></section>')
