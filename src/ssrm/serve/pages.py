"""The dashboard's pages: overview and trend, runs, findings explorer, one finding's history, diff, paths,
alerts, SLA and teams. Server-rendered HTML; every value escaped; no script."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ssrm.serve.api import SEVERITIES, STATUSES, OptionalRun, RunId, latest_finished, run_or_404, store_of, trend
from ssrm.serve.chart import trend_svg
from ssrm.serve.html import badge, delta, e, link, page, score, select, table
from ssrm.store import RunInfo, StoreError

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE_SIZE = 50


def _run_link(r: RunInfo) -> str:
    return f'<a href="/runs/{r.id}">#{r.id}</a>'


def _runs_table(runs: list[RunInfo]) -> str:
    return table(("Run", "When (UTC)", "Account", "Source", "Status", "Resources", "Failures", "Score", "Gaps"), (
        (_run_link(r), e(f"{r.when:%Y-%m-%d %H:%M}"), e(r.account), e(r.source), badge(r.status, "st"),
         e(r.resources), e(r.failures), score(r.overall_score), e(r.gaps)) for r in runs), cls="runs")


def _status_banners(request: Request, runs: list[RunInfo]) -> str:
    out = []
    store = store_of(request)
    if runs and runs[0].status == "running":
        out.append(f'<div class="banner warn" role="status">Run #{runs[0].id} is in progress (started '
                   f'{runs[0].created_at:%H:%M} UTC).</div>')
    for r in runs[:5]:
        if r.status in ("failed", "interrupted"):
            out.append(f'<div class="banner err" role="alert">Run #{r.id} {e(r.status)}'
                       + (f": {e(r.error)}" if r.error else "") + "</div>")
    pending = store.pending_delivery_count()
    if pending:
        out.append(f'<div class="banner warn" role="status">{pending} notification(s) could not be delivered yet; '
                   "they are kept and retried.</div>")
    return "".join(out)


@router.get("/")
def overview(request: Request) -> str:
    store = store_of(request)
    runs = store.runs(limit=10)
    latest = latest_finished(store)
    points = trend(store)
    layers = ["overall", *sorted({layer for p in points for layer in p["scores"]} - {"overall"})]
    cards = ""
    if latest is not None:
        cards = ('<div class="cards">'
                 f'<div class="card"><div class="n">{score(latest.overall_score)}</div>'
                 f"overall score, run #{latest.id}</div>"
                 f'<div class="card"><div class="n">{latest.failures}</div>failing findings</div>'
                 f'<div class="card"><div class="n">{latest.resources}</div>resources</div>'
                 f'<div class="card"><div class="n">{len(store.alerts(limit=1000))}</div>detection alerts</div></div>')
    body = (_status_banners(request, runs) + cards + "<h2>Posture trend per layer</h2>"
            + trend_svg(points, layers) + "<h2>Latest runs</h2>" + _runs_table(runs)
            + f'<p class="note">Store: {e(store.label)}</p>')
    return page("Overview", body, active="/")


@router.get("/runs")
def runs_page(request: Request, account: Annotated[str | None, Query(max_length=64)] = None) -> str:
    store = store_of(request)
    runs = store.runs(account=account or None, limit=500)
    return page("Runs", _status_banners(request, runs) + _runs_table(runs), active="/runs")


@router.get("/runs/{run_id}")
def run_page(request: Request, run_id: RunId) -> str:
    store = store_of(request)
    r = run_or_404(store, run_id)
    detail = store.run_detail(run_id) or {}
    layers = table(("Layer", "Score", "Phase", "Fail", "Error"), (
        (e(name), score(d.get("score")), e(d.get("phase") or "-"), e(d.get("fail")), e(d.get("error")))
        for name, d in (detail.get("layers") or {}).items()))
    gaps = table(("Service", "Region", "API", "Error"), (
        (e(g.get("service")), e(g.get("region")), e(g.get("api")), e(g.get("error")))
        for g in detail.get("gaps_detail") or []))
    body = (f'<p>{badge(r.status, "st")} account {e(r.account)}, {e(r.source)} {e(r.target)}, '
            f'{e(f"{r.when:%Y-%m-%d %H:%M}")} UTC, {r.wall_seconds:.0f}s, ssrm {e(r.tool_version)}</p>'
            + (f'<div class="banner err">{e(r.error)}</div>' if r.error else "")
            + f'<p>{link("/findings", {"run": r.id, "status": "FAIL"}, "Failing findings")} · '
            f'{link("/paths", {"run": r.id}, "Attack paths")} · '
            f'{link("/diff", {"b": r.id}, "Changes since previous")}</p>'
            f"<h2>Layers</h2>{layers}<h2>Collection gaps ({len(detail.get('gaps_detail') or [])})</h2>{gaps}")
    return page(f"Run #{r.id}", body, active="/runs")


@router.get("/findings")
def findings_page(request: Request, run: OptionalRun = None,
                  status: Annotated[str | None, Query(pattern=STATUSES + "|^$")] = "FAIL",
                  severity: Annotated[str | None, Query(pattern=SEVERITIES + "|^$")] = None,
                  layer: Annotated[str | None, Query(max_length=32)] = None,
                  team: Annotated[str | None, Query(max_length=128)] = None,
                  rule: Annotated[str | None, Query(max_length=128)] = None,
                  q: Annotated[str | None, Query(max_length=200)] = None,
                  page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1) -> str:
    store = store_of(request)
    current = run_or_404(store, run) if run is not None else latest_finished(store)
    if current is None:
        return page("Findings", '<p class="note">No finished run in the store yet.</p>', active="/findings")
    facets = store.facets(current.id)
    total, rows = store.query_findings(current.id, status=status or None, severity=severity or None,
                                       layer=layer or None, team=team or None, rule=rule or None, text_filter=q or None,
                                       offset=(page_no - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    run_options = [str(r.id) for r in store.runs(finished_only=True, limit=200)]
    form = ('<form class="filters" method="get" action="/findings">'
            + select("run", "Run", run_options, str(current.id), blank="")
            + select("status", "Status", facets["status"], status)
            + select("severity", "Severity", [s for s in ("critical", "high", "medium", "low", "info")
                                              if s in facets["severity"]], severity)
            + select("layer", "Layer", facets["layer"], layer) + select("team", "Team", facets["team"], team)
            + select("rule", "Rule", facets["rule"], rule)
            + f'<label>Resource or title<input type="search" name="q" id="f-q" value="{e(q)}"></label>'
            + '<button type="submit" id="apply">Filter</button></form>')
    params = {"run": current.id, "status": status, "severity": severity, "layer": layer, "team": team,
              "rule": rule, "q": q}
    body_rows = ((badge(f["severity"], "sev"), badge(f["status"], "st"),
                  f'<a href="/findings/{e(f["fingerprint"])}">{e(f["title"])}</a>',
                  f'<code>{e(f["resource_arn"])}</code>',
                  e(f["team"]), e(f["reason"])) for f in rows)
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    pager = '<div class="pager">' + (link("/findings", {**params, "page": page_no - 1}, "← previous")
                                     if page_no > 1 else "") + f"<span>page {page_no} of {pages}</span>" + (
        link("/findings", {**params, "page": page_no + 1}, "next →") if page_no < pages else "") + "</div>"
    body = (form + f'<p id="match-count">{total} finding(s) match in run #{current.id}.</p>'
            + table(("Severity", "Status", "Finding", "Resource", "Team", "Reason"), body_rows, cls="findings")
            + pager)
    return page("Findings", body, active="/findings")


@router.get("/findings/{fingerprint}")
def finding_page(request: Request, fingerprint: str) -> str:
    from ssrm.drift.lifecycle import age_days

    store = store_of(request)
    rows = store.finding_history(fingerprint)
    if not rows:
        return page("Finding not found", f'<p class="note">No finding {e(fingerprint)} in the store.</p>',
                    active="/findings")
    head, lc = rows[0], store.lifecycle(fingerprint)
    facts = ""
    if lc:
        facts = (f'<div class="cards"><div class="card">first seen<br><strong>{e(lc["first_seen"][:16])}</strong></div>'
                 f'<div class="card">last seen<br><strong>{e(lc["last_seen"][:16])}</strong></div>'
                 f'<div class="card">{"open" if lc["open"] else "resolved"}<br><strong>{age_days(lc):.1f} days'
                 f'</strong></div><div class="card">reopened<br><strong>{lc["reopened"]}</strong></div></div>')
    history = table(("Run", "When (UTC)", "Status", "Reason"), (
        (f'<a href="/runs/{r["run_id"]}">#{r["run_id"]}</a>', e(r["when"][:16]), badge(r["status"], "st"),
         e(r["reason"])) for r in rows), cls="history")
    remediation = (head.get("remediation") or {}).get("text") or ""
    body = (f'<p>{badge(head["severity"], "sev")} <code>{e(head["rule_id"])}</code> on '
            f'<code>{e(head["resource_arn"])}</code> (team {e(head["team"])})</p>'
            + facts + (f"<h2>Fix</h2><p>{e(remediation)}</p>" if remediation else "")
            + f"<h2>In each run</h2>{history}")
    return page(head["title"], body, active="/findings")


def _entry_list(entries: list[dict[str, Any]]) -> str:
    if not entries:
        return '<p class="note">None.</p>'
    items = "".join(f'<li>{badge(x["severity"], "sev")} <a href="/findings/{e(x["fingerprint"])}">{e(x["title"])}'
                    f'</a> — <code>{e(x["resource_id"] or x["resource_arn"])}</code>'
                    + (" (resource gone)" if x.get("after") is None and x.get("before") == "FAIL" else "") + "</li>"
                    for x in entries[:200])
    more = f'<li class="note">… and {len(entries) - 200} more</li>' if len(entries) > 200 else ""
    return f'<ul class="changes">{items}{more}</ul>'


@router.get("/diff")
def diff_page(request: Request, a: OptionalRun = None, b: OptionalRun = None) -> str:
    from ssrm.drift.diff import diff_runs, pick_runs

    store = store_of(request)
    options = [str(r.id) for r in store.runs(finished_only=True, limit=200)]
    try:
        base, head = pick_runs(store, a, b)
        d = diff_runs(store, base, head)
    except StoreError as exc:
        return page("Diff", f'<div class="banner warn">{e(exc)}</div>', active="/diff")
    form = ('<form class="filters" method="get" action="/diff">' + select("a", "Older run", options, str(base.id),
            blank="") + select("b", "Newer run", options, str(head.id), blank="")
            + '<button type="submit" id="compare">Compare</button></form>')
    counts = d.counts()
    summary = " · ".join(f'<strong id="count-{k}">{counts[k]}</strong> {k}'
                         for k in ("new", "regressed", "resolved", "unknown", "unchanged"))
    scores = table(("Layer", "Before", "After", "Change"), (
        (e(layer), score(s["before"]), score(s["after"]), delta(s["delta"])) for layer, s in d.scores.items()))
    parts = [form, f"<p>Run #{base.id} → run #{head.id}, account {e(head.account)}: {summary}</p>",
             "<h2>Scores</h2>", scores]
    for key, label in (("new", "New failures"), ("regressed", "Regressed"), ("resolved", "Resolved"),
                       ("unknown", "No longer judged (could not be read)")):
        parts.append(f'<h2 id="h-{key}">{label} ({counts[key]})</h2>{_entry_list(d.findings[key])}')
    if d.resources is None:
        parts.append('<h2>Resources</h2><p class="note">A run kept no inventory.</p>')
    else:
        r = d.resources
        lines = ([f"added {x['resource_type']} {x['id']}" for x in r.added]
                 + [f"removed {x['resource_type']} {x['id']}" for x in r.removed]
                 + [line for c in r.changed for line in c.changes])
        items = "".join(f"<li>{e(line)}</li>" for line in lines) or '<li class="note">No change.</li>'
        parts.append(f'<h2>Resources ({len(r.added)} added, {len(r.removed)} removed, {len(r.changed)} changed)</h2>'
                     f'<ul class="changes" id="resource-changes">{items}</ul>')
    paths = ([f"appeared, to {p['target']}: {p['first_step']}" for p in d.paths_appeared]
             + [f"disappeared, to {p['target']}" for p in d.paths_disappeared])
    parts.append("<h2>Attack paths</h2><ul class=\"changes\">"
                 + ("".join(f"<li>{e(x)}</li>" for x in paths) or '<li class="note">No change.</li>') + "</ul>")
    return page("Diff", "".join(parts), active="/diff")


@router.get("/paths")
def paths_page(request: Request, run: OptionalRun = None) -> str:
    store = store_of(request)
    current = run_or_404(store, run) if run is not None else latest_finished(store)
    if current is None:
        return page("Attack paths", '<p class="note">No finished run yet.</p>', active="/paths")
    detail = store.run_detail(current.id) or {}
    paths = detail.get("paths")
    if paths is None:
        return page("Attack paths", f'<p class="note">Run #{current.id} did not compute attack paths.</p>',
                    active="/paths")
    items = "".join(
        f'<details class="path"><summary>{e(p.get("length"))} steps to <code>{e(p.get("target"))}</code> '
        f'({e(p.get("target_kind"))})</summary><ol>'
        + "".join(f"<li>{e(s.get('sentence'))} <span class=\"muted\">[{e(s.get('stage'))}, "
                  f"{e(s.get('technique'))}]</span></li>" for s in p.get("steps") or []) + "</ol></details>"
        for p in paths)
    body = f"<p>{len(paths)} path(s) in run #{current.id}.</p>" + (items or '<p class="note">No attack path.</p>')
    return page("Attack paths", body, active="/paths")


@router.get("/alerts")
def alerts_page(request: Request) -> str:
    rows = store_of(request).alerts(limit=500)
    body = table(("Severity", "Alert", "Principal", "Resource", "First seen", "Last seen", "Count"), (
        (badge(a["severity"], "sev"), e(a["title"]), f'<code>{e(a["principal"])}</code>', e(a["resource"]),
         e(a["first_seen"][:16]), e(a["last_seen"][:16]), e(a["count"])) for a in rows))
    return page("Detection alerts", body, active="/alerts")


@router.get("/sla")
def sla_page(request: Request) -> str:
    from ssrm.drift.lifecycle import counted_once, remediation_stats

    stats = remediation_stats(counted_once(store_of(request).lifecycles()), request.app.state.sla)
    sev = table(("Severity", "Open", "Fixed", "MTTR (days)", "SLA (days)", "Open past SLA"), (
        (badge(s, "sev"), e(r["open"]), e(r["fixed"]), e("-" if r["mttr_days"] is None else f"{r['mttr_days']:.1f}"),
         e("-" if r["sla_days"] is None else f"{r['sla_days']:g}"), e(r["past_sla"]))
        for s, r in stats["severities"].items()), cls="sla")
    teams = table(("Team", "Open", "Open past SLA", "Oldest (days)"), (
        (e(t), e(r["open"]), e(r["past_sla"]), e(f"{r['oldest_days']:.1f}")) for t, r in stats["teams"].items()),
        cls="teams")
    late = table(("Severity", "Finding", "Resource", "Team", "Age (days)", "SLA"), (
        (badge(b["severity"], "sev"), f'<a href="/findings/{e(b["fingerprint"])}">{e(b["title"])}</a>',
         f'<code>{e(b["resource_arn"])}</code>', e(b["team"]), e(b["age_days"]), e(b["sla_days"]))
        for b in stats["past_sla"][:300]))
    return page("SLA & teams", f"<h2>By severity</h2>{sev}<h2>By team</h2>{teams}<h2>Open past SLA</h2>{late}",
                active="/sla")
