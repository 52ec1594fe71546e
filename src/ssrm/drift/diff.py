"""What changed between two runs: findings, resources, attack paths and scores.

Findings are matched by their stable fingerprint (rule, account, region, resource). A failure in the newer
run is *unchanged* when it also failed in the older one, *regressed* when it had failed in some earlier run
and been fixed since, and *new* otherwise. A failure of the older run is *resolved* when the newer run
judged it PASS or NOT_APPLICABLE, or no longer has it at all (the resource is gone); when the newer run could
not judge it (ERROR) it is *unknown*, never resolved; MUTED is reported as *muted*.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ssrm.drift.resources import ResourceDiff, diff_resources
from ssrm.report.teams import severity_rank
from ssrm.store import FINISHED, RunInfo, Store, StoreError

CATEGORIES = ("new", "regressed", "resolved", "unknown", "muted", "unchanged")


@dataclass
class RunDiff:
    base: RunInfo
    head: RunInfo
    findings: dict[str, list[dict[str, Any]]]
    resources: ResourceDiff | None  # None when a run kept no inventory
    paths_appeared: list[dict[str, Any]] = field(default_factory=list)
    paths_disappeared: list[dict[str, Any]] = field(default_factory=list)
    scores: dict[str, dict[str, float | None]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.findings.items()}

    def as_dict(self) -> dict[str, Any]:
        return {
            "base": self.base.as_dict(), "head": self.head.as_dict(), "counts": self.counts(),
            "findings": {k: v for k, v in self.findings.items() if k != "unchanged"},
            "unchanged": len(self.findings["unchanged"]),
            "resources": self.resources.as_dict() if self.resources is not None else None,
            "paths": {"appeared": self.paths_appeared, "disappeared": self.paths_disappeared},
            "scores": self.scores,
        }


def classify(before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]],
             failed_earlier: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Sort the fingerprints of two runs into the categories above (each entry a finding summary)."""
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in CATEGORIES}
    for fp, f in after.items():
        if f["status"] != "FAIL":
            continue
        prior = (before.get(fp) or {}).get("status")
        category = "unchanged" if prior == "FAIL" else "regressed" if fp in failed_earlier else "new"
        out[category].append(_entry(fp, f, prior, "FAIL"))
    for fp, f in before.items():
        if f["status"] != "FAIL":
            continue
        current = after.get(fp)
        status = current["status"] if current is not None else None
        if status is None or status in ("PASS", "NOT_APPLICABLE"):
            out["resolved"].append(_entry(fp, f, "FAIL", status))
        elif status in ("ERROR", "MUTED"):
            out["unknown" if status == "ERROR" else "muted"].append(_entry(fp, current or f, "FAIL", status))
    for entries in out.values():
        entries.sort(key=lambda e: (severity_rank(e["severity"]), e["rule_id"], e["resource_arn"]))
    return out


def _entry(fp: str, f: Mapping[str, Any], before: str | None, after: str | None) -> dict[str, Any]:
    """A finding summary; ``after`` None means the newer run no longer has it (its resource is gone)."""
    return {"fingerprint": fp, "rule_id": f["rule_id"], "title": f["title"], "severity": f["severity"],
            "layer": f.get("layer", ""), "team": f.get("team", ""), "resource_arn": f["resource_arn"],
            "resource_id": f.get("resource_id", ""), "region": f.get("region", ""), "before": before,
            "after": after}


def path_key(path: Mapping[str, Any]) -> str:
    """A path is its chain of nodes: the same chain in two runs is the same path, whatever its id."""
    steps = path.get("steps") or []
    if not steps:
        return str(path.get("target"))
    return " → ".join([str(steps[0].get("from"))] + [str(s.get("to")) for s in steps])


def diff_paths(before: Iterable[Mapping[str, Any]] | None,
               after: Iterable[Mapping[str, Any]] | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    old = {path_key(p): p for p in before or []}
    new = {path_key(p): p for p in after or []}
    summary = _path_summary
    return ([summary(k, new[k]) for k in new if k not in old], [summary(k, old[k]) for k in old if k not in new])


def _path_summary(key: str, p: Mapping[str, Any]) -> dict[str, Any]:
    steps = p.get("steps") or []
    return {"key": key, "target": p.get("target"), "target_kind": p.get("target_kind"), "length": p.get("length"),
            "first_step": steps[0].get("sentence") if steps else "",
            "steps": [s.get("sentence") for s in steps]}


def diff_scores(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, float | None]]:
    out: dict[str, dict[str, float | None]] = {}
    for layer in sorted(set(before) | set(after)):
        a = (before.get(layer) or {}).get("score")
        b = (after.get(layer) or {}).get("score")
        out[layer] = {"before": a, "after": b, "delta": None if a is None or b is None else round(b - a, 1)}
    return out


def pick_runs(store: Store, a: int | None, b: int | None, account: str | None = None) -> tuple[RunInfo, RunInfo]:
    """(older, newer): the runs named, or by default the last two finished runs of the account."""
    if a is None and b is not None:
        a, b = b, None
    if a is not None and b is not None:
        base, head = store.run(a), store.run(b)
        if base is None or head is None:
            raise StoreError(f"no run {a if base is None else b} in the store (see 'ssrm history')")
        return (base, head) if base.id < head.id else (head, base)
    if a is not None:
        head = store.run(a)
        if head is None:
            raise StoreError(f"no run {a} in the store (see 'ssrm history')")
        earlier = [r for r in store.runs(account=head.account, finished_only=True, source=head.source)
                   if r.id < head.id]
        if not earlier:
            raise StoreError(f"run {a} has no earlier finished run of account {head.account} to compare with")
        return earlier[0], head
    runs = store.runs(account=account, finished_only=True, limit=50)
    if account is None and runs:
        runs = [r for r in runs if r.account == runs[0].account and r.source == runs[0].source]
    if len(runs) < 2:
        raise StoreError("the store needs two finished runs of one account to compare; it has "
                         f"{len(runs)}" + (f" for account {account}" if account else ""))
    return runs[1], runs[0]


def diff_runs(store: Store, base: RunInfo, head: RunInfo, *, with_resources: bool = True) -> RunDiff:
    for run in (base, head):
        if run.status not in FINISHED:
            raise StoreError(f"run {run.id} is {run.status}: only finished runs can be compared")
    before, after = store.finding_states(base.id), store.finding_states(head.id)
    candidates = [fp for fp, f in after.items() if f["status"] == "FAIL" and
                  (before.get(fp) or {}).get("status") != "FAIL"]
    failed_earlier = store.ever_failed_before(head.account, candidates, base.id) if candidates else set()
    findings = classify(before, after, failed_earlier)
    resources = None
    if with_resources:
        inv_a, inv_b = store.inventory(base.id), store.inventory(head.id)
        if inv_a is not None and inv_b is not None:
            resources = diff_resources(inv_a.get("resources") or [], inv_b.get("resources") or [])
    detail_a, detail_b = store.run_detail(base.id) or {}, store.run_detail(head.id) or {}
    appeared, disappeared = diff_paths(detail_a.get("paths"), detail_b.get("paths"))
    scores = diff_scores(detail_a.get("layers") or {}, detail_b.get("layers") or {})
    scores["overall"] = {"before": base.overall_score, "after": head.overall_score,
                         "delta": None if base.overall_score is None or head.overall_score is None
                         else round(head.overall_score - base.overall_score, 1)}
    return RunDiff(base, head, findings, resources, appeared, disappeared, scores)


def history_section(diff: RunDiff) -> dict[str, Any]:
    """The report's ``history`` (docs/json-output.md): what the HTML and Markdown "Changes" sections show."""
    keep = ("rule_id", "title", "severity", "resource_arn", "resource_id")
    return {
        "previous_assessed_at": diff.base.when.isoformat(),
        "previous_run": diff.base.id,
        "new_failures": [{k: e[k] for k in keep} for e in diff.findings["new"] + diff.findings["regressed"]],
        "fixed": [{k: e[k] for k in keep} for e in diff.findings["resolved"]],
        "regressed": [{k: e[k] for k in keep} for e in diff.findings["regressed"]],
        "unknown": [{k: e[k] for k in keep} for e in diff.findings["unknown"]],
        "resources": diff.resources.as_dict() if diff.resources is not None else None,
        "paths": {"appeared": diff.paths_appeared, "disappeared": diff.paths_disappeared},
        "scores": diff.scores,
    }
