"""Small helpers to write the dashboard's pages (server-rendered, escaped, no script)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import urlencode

NAV = (("/", "Overview"), ("/runs", "Runs"), ("/findings", "Findings"), ("/diff", "Diff"), ("/paths", "Paths"),
       ("/alerts", "Alerts"), ("/sla", "SLA & teams"))


def e(value: Any) -> str:
    return escape("" if value is None else str(value))


def page(title: str, body: str, *, active: str = "/") -> str:
    nav = "".join(f'<a href="{href}"' + (' aria-current="page"' if href == active else "") + f">{label}</a>"
                  for href, label in NAV)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{e(title)} — ssrm</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
            "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\"></head>"
            f"<body><header><strong>ssrm</strong><nav>{nav}</nav></header><main><h1>{e(title)}</h1>{body}</main>"
            "</body></html>")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, cls: str = "") -> str:
    """``rows`` hold HTML already escaped by the caller."""
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    if not body:
        body = f'<tr><td colspan="{len(headers)}" class="note">Nothing to show.</td></tr>'
    return (f'<div class="scroll"><table class="{e(cls)}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def badge(value: Any, prefix: str) -> str:
    return f'<span class="badge {prefix}-{e(value)}">{e(value)}</span>'


def select(name: str, label: str, options: Sequence[str], chosen: str | None, *, blank: str = "any") -> str:
    opts = [f'<option value="">{e(blank)}</option>'] if blank else []
    opts += [f'<option value="{e(o)}"' + (" selected" if o == chosen else "") + f">{e(o)}</option>" for o in options]
    return f'<label>{e(label)}<select name="{e(name)}" id="f-{e(name)}">{"".join(opts)}</select></label>'


def link(path: str, params: Mapping[str, Any], text: str) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f'<a href="{e(path)}{"?" + e(query) if query else ""}">{e(text)}</a>'


def score(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):.0f}"


def delta(value: Any) -> str:
    if value is None or value == 0:
        return ""
    cls = "delta-up" if value > 0 else "delta-down"
    return f'<span class="{cls}">{value:+.1f}</span>'
