"""Per-team fix lists: failing findings routed to owners by resource tags.

Owners come from the first tag key in ``tag_keys`` a resource carries (matched case-insensitively, since
accounts mix ``owner``, ``Owner`` and ``OWNER``); resources without one land on the ``unassigned`` list.
Each list groups findings by rule and orders them worst first: severity, then kill-chain stage (an
earlier stage stops an attack sooner), then how many resources the fix touches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_OWNER_TAGS: tuple[str, ...] = ("owner", "team")
UNASSIGNED = "unassigned"
SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")
STAGE_ORDER = ("recon", "initial-access", "control", "discover-spread", "exfiltrate")


def severity_rank(severity: str) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def stage_rank(stage: str) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else len(STAGE_ORDER)


@dataclass
class FixItem:
    """One rule to fix, on every resource of one team that fails it."""

    rule_id: str
    title: str
    severity: str
    stage: str
    layer: str
    fix: str
    resources: list[str] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        return (severity_rank(self.severity), stage_rank(self.stage), -len(self.resources), self.rule_id)


@dataclass
class TeamFixList:
    team: str
    items: list[FixItem]

    @property
    def findings(self) -> int:
        return sum(len(i.resources) for i in self.items)


def owner_of(tags: Mapping[str, str] | None, tag_keys: Sequence[str] = DEFAULT_OWNER_TAGS) -> str | None:
    """The owning team named by the first of ``tag_keys`` present with a non-empty value."""
    lowered = {k.lower(): v for k, v in (tags or {}).items()}
    for key in tag_keys:
        value = (lowered.get(key.lower()) or "").strip()
        if value:
            return value
    return None


def team_fix_lists(doc: Mapping[str, Any], tag_keys: Sequence[str] = DEFAULT_OWNER_TAGS) -> list[TeamFixList]:
    """One ordered fix list per team; teams with the worst first item first, ``unassigned`` last."""
    return build_fix_lists((f for f in doc.get("findings") or [] if f.get("status") == "FAIL"), tag_keys)


def build_fix_lists(failing: Iterable[Mapping[str, Any]], tag_keys: Sequence[str]) -> list[TeamFixList]:
    grouped: dict[str, dict[str, FixItem]] = defaultdict(dict)
    for f in failing:
        team = owner_of(f.get("tags"), tag_keys) or UNASSIGNED
        rule_id = str(f.get("rule_id"))
        item = grouped[team].get(rule_id)
        if item is None:
            item = grouped[team][rule_id] = FixItem(
                rule_id=rule_id, title=str(f.get("title") or rule_id), severity=str(f.get("severity") or ""),
                stage=str(f.get("stage") or ""), layer=str(f.get("layer") or ""),
                fix=str((f.get("remediation") or {}).get("text") or ""))
        resource = str(f.get("resource_id") or f.get("resource_arn") or "")
        if resource not in item.resources:
            item.resources.append(resource)
    lists = [TeamFixList(team, sorted(items.values(), key=lambda i: i.sort_key)) for team, items in grouped.items()]
    return sorted(lists, key=lambda t: (t.team == UNASSIGNED, t.items[0].sort_key[:2], -t.findings, t.team))
