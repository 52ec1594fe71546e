"""Age, mean time to remediate and SLA breaches, from the store's finding lifecycles.

An SLA is a number of days a failing finding may stay open, per severity, optionally overridden per team
(the teams of the per-team fix lists: the resource's ``owner``/``team`` tag). Configured in YAML::

    severity: {critical: 7, high: 30, medium: 90, low: 180}
    teams:
      payments: {critical: 2, high: 14}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from ssrm.report.teams import SEVERITY_ORDER
from ssrm.store.engine import now

DEFAULT_SLA_DAYS = {"critical": 7, "high": 30, "medium": 90, "low": 180, "info": 365}


class SlaError(ValueError):
    """The SLA file cannot be used; one line for the user."""


@dataclass
class Sla:
    severity: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SLA_DAYS))
    teams: dict[str, dict[str, float]] = field(default_factory=dict)

    def days(self, severity: str, team: str) -> float | None:
        team_sla = self.teams.get(team) or {}
        if severity in team_sla:
            return team_sla[severity]
        return self.severity.get(severity)


def is_organization(account: str) -> bool:
    """An organization id (``o-…``), under which ``ssrm scan --org --store`` keeps the merged run."""
    return account.startswith("o-")


def counted_once(lifecycles: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lifecycles across all accounts with each finding once: an organization's run repeats its members'
    findings, which are kept under each member account as well."""
    return [lc for lc in lifecycles if not is_organization(str(lc.get("account") or ""))]


def load_sla(path: Path | None) -> Sla:
    if path is None:
        return Sla()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SlaError(f"cannot read the SLA file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise SlaError(f"{path}: expected a mapping with 'severity' and 'teams'")
    sla = Sla()
    try:
        sla.severity.update({str(k).lower(): float(v) for k, v in (data.get("severity") or {}).items()})
        sla.teams = {str(t): {str(k).lower(): float(v) for k, v in (d or {}).items()}
                     for t, d in (data.get("teams") or {}).items()}
    except (TypeError, ValueError, AttributeError) as exc:
        raise SlaError(f"{path}: SLA days must be numbers ({exc})") from exc
    unknown = {s for s in [*sla.severity, *(s for d in sla.teams.values() for s in d)] if s not in SEVERITY_ORDER}
    if unknown:
        named = ", ".join(sorted(map(str, unknown)))
        raise SlaError(f"{path}: unknown severities {named} (use {', '.join(SEVERITY_ORDER)})")
    return sla


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def age_days(lc: Mapping[str, Any], at: datetime | None = None) -> float:
    """How long the finding has been failing in its current (or last) episode."""
    start = _when(lc.get("opened_at")) or now()
    end = _when(lc.get("resolved_at")) if not lc.get("open") else (at or now())
    return max(0.0, ((end or now()) - start).total_seconds() / 86400)


def remediation_stats(lifecycles: Iterable[Mapping[str, Any]], sla: Sla | None = None,
                      at: datetime | None = None) -> dict[str, Any]:
    """Per severity: open, fixed, mean time to remediate (days), open past SLA; and the same per team."""
    sla = sla or Sla()
    per_sev: dict[str, dict[str, Any]] = {s: {"open": 0, "fixes": 0, "fixed_days": 0.0, "past_sla": 0}
                                          for s in SEVERITY_ORDER}
    per_team: dict[str, dict[str, Any]] = defaultdict(lambda: {"open": 0, "past_sla": 0, "oldest_days": 0.0})
    breaches = []
    for lc in lifecycles:
        sev = str(lc.get("severity"))
        row = per_sev.setdefault(sev, {"open": 0, "fixes": 0, "fixed_days": 0.0, "past_sla": 0})
        row["fixes"] += int(lc.get("fixes") or 0)
        row["fixed_days"] += float(lc.get("fixed_seconds") or 0) / 86400
        if not lc.get("open"):
            continue
        team = str(lc.get("team") or "unassigned")
        age = age_days(lc, at)
        row["open"] += 1
        per_team[team]["open"] += 1
        per_team[team]["oldest_days"] = max(per_team[team]["oldest_days"], round(age, 1))
        limit = sla.days(sev, team)
        if limit is not None and age > limit:
            row["past_sla"] += 1
            per_team[team]["past_sla"] += 1
            breaches.append({**dict(lc), "age_days": round(age, 1), "sla_days": limit})
    severities = {s: {"open": r["open"], "fixed": r["fixes"], "past_sla": r["past_sla"],
                      "sla_days": sla.severity.get(s),
                      "mttr_days": round(r["fixed_days"] / r["fixes"], 2) if r["fixes"] else None}
                  for s, r in per_sev.items()}
    breaches.sort(key=lambda b: (SEVERITY_ORDER.index(b["severity"]) if b["severity"] in SEVERITY_ORDER else 9,
                                 -b["age_days"]))
    return {"severities": severities, "teams": dict(sorted(per_team.items())), "past_sla": breaches}
