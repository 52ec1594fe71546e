"""The JSON API (read-only), described by its OpenAPI schema at /openapi.json."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict

from ssrm.store import RunInfo, Store, StoreError


class Problem(BaseModel):
    detail: str


router = APIRouter(prefix="/api", tags=["api"], responses={
    401: {"model": Problem, "description": "A token is required (dashboard bound beyond loopback)."},
    404: {"model": Problem, "description": "No such run, finding or pair of runs."},
    503: {"model": Problem, "description": "The store cannot be read."}})
SEVERITIES = "^(critical|high|medium|low|info)$"
STATUSES = "^(FAIL|PASS|ERROR|MUTED|NOT_APPLICABLE)$"
MAX_ID = 2**53  # run ids are database integers: larger numbers are refused (422), not passed to the driver
RunId = Annotated[int, Path(ge=0, le=MAX_ID)]
OptionalRun = Annotated[int | None, Query(ge=0, le=MAX_ID)]


class RunOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    account: str
    source: str
    status: str
    created_at: str
    assessed_at: str | None
    resources: int
    findings: int
    failures: int
    overall_score: float | None
    gaps: int


class FindingOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    fingerprint: str
    rule_id: str
    status: str
    severity: str
    title: str
    resource_arn: str
    region: str
    team: str


class FindingPage(BaseModel):
    run: int
    total: int
    offset: int
    limit: int
    findings: list[FindingOut]


class TrendPoint(BaseModel):
    run: int
    when: str
    overall: float | None
    scores: dict[str, float | None]


class Health(BaseModel):
    store: str
    runs: int
    latest_status: str | None
    pending_deliveries: int


def store_of(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def run_or_404(store: Store, run_id: int) -> RunInfo:
    run = store.run(run_id)
    if run is None:
        raise HTTPException(404, f"no run {run_id}")
    return run


def latest_finished(store: Store) -> RunInfo | None:
    runs = store.runs(finished_only=True, limit=1)
    return runs[0] if runs else None


def trend(store: Store, limit: int = 60) -> list[dict[str, Any]]:
    runs = list(reversed(store.runs(finished_only=True, limit=limit)))
    scores = store.scores([r.id for r in runs])
    return [{"run": r.id, "when": r.when.strftime("%Y-%m-%d %H:%M"), "overall": r.overall_score,
             "scores": {"overall": r.overall_score, **scores.get(r.id, {})}} for r in runs]


@router.get("/health", response_model=Health)
def health(request: Request) -> dict[str, Any]:
    store = store_of(request)
    runs = store.runs(limit=1)
    return {"store": store.label, "runs": len(store.runs(limit=10_000)),
            "latest_status": runs[0].status if runs else None, "pending_deliveries": store.pending_delivery_count()}


@router.get("/runs", response_model=list[RunOut])
def runs(request: Request, account: Annotated[str | None, Query(max_length=64)] = None,
         limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
    return [r.as_dict() for r in store_of(request).runs(account=account, limit=limit)]


@router.get("/runs/{run_id}", response_model=dict[str, Any])
def run(request: Request, run_id: RunId) -> dict[str, Any]:
    store = store_of(request)
    run_or_404(store, run_id)
    return store.run_detail(run_id) or {}


@router.get("/runs/{run_id}/findings", response_model=FindingPage)
def findings(request: Request, run_id: RunId,
             status: Annotated[str | None, Query(pattern=STATUSES)] = None,
             severity: Annotated[str | None, Query(pattern=SEVERITIES)] = None,
             layer: Annotated[str | None, Query(max_length=32)] = None,
             team: Annotated[str | None, Query(max_length=128)] = None,
             rule: Annotated[str | None, Query(max_length=128)] = None,
             q: Annotated[str | None, Query(max_length=200)] = None,
             offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
             limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    store = store_of(request)
    run_or_404(store, run_id)
    total, rows = store.query_findings(run_id, status=status, severity=severity, layer=layer, team=team, rule=rule,
                                       text_filter=q, offset=offset, limit=limit)
    return {"run": run_id, "total": total, "offset": offset, "limit": limit, "findings": rows}


@router.get("/findings/{fingerprint}", response_model=dict[str, Any])
def finding(request: Request, fingerprint: str) -> dict[str, Any]:
    store = store_of(request)
    rows = store.finding_history(fingerprint)
    if not rows:
        raise HTTPException(404, "no such finding")
    return {"lifecycle": store.lifecycle(fingerprint), "runs": rows}


@router.get("/diff", response_model=dict[str, Any])
def diff(request: Request, a: OptionalRun = None, b: OptionalRun = None) -> dict[str, Any]:
    from ssrm.drift.diff import diff_runs, pick_runs

    store = store_of(request)
    try:
        base, head = pick_runs(store, a, b)
        return diff_runs(store, base, head).as_dict()
    except StoreError as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/trend", response_model=list[TrendPoint])
def trend_api(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 60) -> list[dict[str, Any]]:
    return trend(store_of(request), limit)


@router.get("/alerts", response_model=list[dict[str, Any]])
def alerts(request: Request, limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> list[dict[str, Any]]:
    return store_of(request).alerts(limit=limit)


@router.get("/sla", response_model=dict[str, Any])
def sla(request: Request) -> dict[str, Any]:
    from ssrm.drift.lifecycle import counted_once, remediation_stats

    return remediation_stats(counted_once(store_of(request).lifecycles()), request.app.state.sla)
