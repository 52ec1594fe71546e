"""Load Sigma rules (ssrm's bundled set plus user folders), keep the CloudTrail ones, compile them to SQL.

ssrm reads its own metadata from a top-level ``ssrm:`` mapping in the rule (``stage``, optionally
``resource``: the Sigma field naming the resource acted on). Rules without it (e.g. SigmaHQ's) get their
kill-chain stage from their ATT&CK tactic tags. Severity comes from the Sigma ``level``.
Threshold and burst rules are standard Sigma correlation rules (``event_count`` and ``value_count``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sigma.collection import SigmaCollection
from sigma.correlations import SigmaCorrelationConditionOperator, SigmaCorrelationRule, SigmaCorrelationType
from sigma.exceptions import SigmaError
from sigma.rule import SigmaLevel, SigmaRule

from ssrm.detect.schema import columns_in, sigma_field_sql
from ssrm.detect.sigma_backend import DuckDBBackend
from ssrm.model import Severity, Stage

_LEVEL = {
    SigmaLevel.INFORMATIONAL: Severity.INFO,
    SigmaLevel.LOW: Severity.LOW,
    SigmaLevel.MEDIUM: Severity.MEDIUM,
    SigmaLevel.HIGH: Severity.HIGH,
    SigmaLevel.CRITICAL: Severity.CRITICAL,
}

#: ATT&CK tactic -> ssrm kill-chain stage, for rules that do not name their stage.
TACTIC_STAGE: dict[str, Stage] = {
    "reconnaissance": Stage.RECON,
    "resource-development": Stage.RECON,
    "initial-access": Stage.INITIAL_ACCESS,
    "execution": Stage.INITIAL_ACCESS,
    "persistence": Stage.CONTROL,
    "defense-evasion": Stage.CONTROL,
    "stealth": Stage.CONTROL,
    "defense-impairment": Stage.CONTROL,
    "command-and-control": Stage.CONTROL,
    "privilege-escalation": Stage.DISCOVER_SPREAD,
    "credential-access": Stage.DISCOVER_SPREAD,
    "discovery": Stage.DISCOVER_SPREAD,
    "lateral-movement": Stage.DISCOVER_SPREAD,
    "collection": Stage.EXFILTRATE,
    "exfiltration": Stage.EXFILTRATE,
    "impact": Stage.EXFILTRATE,
}

_TECHNIQUE = re.compile(r"^t\d{4}(\.\d{3})?$")
_OPS = {
    SigmaCorrelationConditionOperator.LT: "<",
    SigmaCorrelationConditionOperator.LTE: "<=",
    SigmaCorrelationConditionOperator.GT: ">",
    SigmaCorrelationConditionOperator.GTE: ">=",
    SigmaCorrelationConditionOperator.EQ: "=",
    SigmaCorrelationConditionOperator.NEQ: "<>",
}


class RuleError(ValueError):
    """A rule folder or file that cannot be used."""


@dataclass(frozen=True)
class Meta:
    rule_id: str
    title: str
    description: str
    severity: Severity
    stage: Stage
    attack: tuple[str, ...]
    source: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventRule:
    """Matches single events; ``emit`` is False for rules that only feed a correlation."""

    meta: Meta
    where: str
    resource: str | None = None
    emit: bool = True


@dataclass(frozen=True)
class Correlation:
    """A Sigma ``event_count`` / ``value_count`` correlation over one or more event rules."""

    meta: Meta
    kind: str
    where: str  # OR of the referenced rules' conditions
    group_by: tuple[str, ...]  # SQL expressions
    group_names: tuple[str, ...]  # their Sigma field names, for explanations
    seconds: int
    op: str
    count: int
    value: str | None  # SQL of the counted field (value_count)
    value_name: str | None


@dataclass
class Ruleset:
    rules: list[EventRule] = field(default_factory=list)
    correlations: list[Correlation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "file: reason"
    unmapped_fields: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return sum(1 for r in self.rules if r.emit) + len(self.correlations)

    def ids(self) -> list[str]:
        return [r.meta.rule_id for r in self.rules if r.emit] + [c.meta.rule_id for c in self.correlations]

    def columns(self) -> frozenset[str]:
        """The ``ct`` columns the compiled rules read, plus the ones every run needs."""
        texts = [r.where for r in self.rules] + [r.resource or "" for r in self.rules]
        for c in self.correlations:
            texts += [c.where, *c.group_by, c.value or ""]
        return columns_in(texts)


def bundled_rule_files() -> list[tuple[str, str]]:
    """(name, text) of every rule shipped inside the package."""
    root = resources.files("ssrm.detect") / "rules"
    out = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yml", ".yaml")):
            out.append((f"ssrm:{entry.name}", entry.read_text(encoding="utf-8")))
    return out


def folder_rule_files(folder: Path) -> list[tuple[str, str]]:
    if not folder.is_dir():
        raise RuleError(f"rules folder not found: {folder}")
    files = sorted([*folder.rglob("*.yml"), *folder.rglob("*.yaml")])
    return [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in files]


def _tags(rule: SigmaRule | SigmaCorrelationRule) -> tuple[list[str], list[str]]:
    tactics, techniques = [], []
    for tag in rule.tags:
        if tag.namespace != "attack":
            continue
        if _TECHNIQUE.match(tag.name):
            techniques.append(tag.name.upper())
        else:
            tactics.append(tag.name)
    return tactics, techniques


def _meta(rule: SigmaRule | SigmaCorrelationRule, source: str) -> Meta:
    custom: dict[str, Any] = rule.custom_attributes.get("ssrm") or {}
    tactics, techniques = _tags(rule)
    stage = None
    if custom.get("stage"):
        try:
            stage = Stage(str(custom["stage"]))
        except ValueError as exc:
            raise RuleError(f"unknown ssrm stage {custom['stage']!r}") from exc
    if stage is None:
        stage = next((TACTIC_STAGE[t] for t in tactics if t in TACTIC_STAGE), Stage.CONTROL)
    rule_id = rule.name or (str(rule.id) if rule.id else rule.title)
    return Meta(
        rule_id=rule_id,
        title=rule.title,
        description=(rule.description or "").strip(),
        severity=_LEVEL.get(rule.level, Severity.MEDIUM) if rule.level else Severity.MEDIUM,
        stage=stage,
        attack=tuple(dict.fromkeys(techniques)),
        source=source,
        references=tuple(rule.references),
    )


def _is_cloudtrail(rule: SigmaRule) -> bool:
    ls = rule.logsource
    return (ls.product or "").lower() == "aws" and (ls.service or "").lower() == "cloudtrail"


def load_rules(texts: list[tuple[str, str]]) -> Ruleset:
    """Parse, filter to CloudTrail, compile. A broken file is skipped with its reason, never fatal."""
    out = Ruleset()
    backend = DuckDBBackend()
    collections: list[SigmaCollection] = []
    origin: dict[int, str] = {}
    for name, text in texts:
        try:
            col = SigmaCollection.from_yaml(text)
        except (SigmaError, yaml.YAMLError, ValueError, TypeError, AttributeError) as exc:
            out.skipped.append(f"{name}: {exc}")
            continue
        for item in col.rules:
            origin[id(item)] = name
        collections.append(col)
    merged = SigmaCollection.merge(collections) if collections else SigmaCollection([])
    try:
        merged.resolve_rule_references()
    except SigmaError as exc:
        out.skipped.append(f"correlation references: {exc}")
    wheres: dict[int, str] = {}
    for item in merged.rules:
        if not isinstance(item, SigmaRule):
            continue
        src = origin.get(id(item), "?")
        if not _is_cloudtrail(item):
            out.skipped.append(f"{src}: logsource is not aws/cloudtrail")
            continue
        try:
            where = backend.where(item)
            meta = _meta(item, src)
        except (SigmaError, NotImplementedError, RuleError, TypeError) as exc:
            out.skipped.append(f"{src}: {exc}")
            continue
        wheres[id(item)] = where
        custom = item.custom_attributes.get("ssrm") or {}
        resource = sigma_field_sql(str(custom["resource"])) if custom.get("resource") else None
        out.rules.append(EventRule(meta, where, resource, emit=item._output))
    for item in merged.rules:
        if isinstance(item, SigmaCorrelationRule):
            src = origin.get(id(item), "?")
            try:
                out.correlations.append(_correlation(item, src, wheres))
            except (RuleError, SigmaError, KeyError) as exc:
                out.skipped.append(f"{src}: {exc}")
    out.unmapped_fields = set(backend.unmapped)
    return out


def _field(name: str) -> str:
    sql = sigma_field_sql(name)
    if sql is None:
        raise RuleError(f"field {name!r} is not read by ssrm")
    return sql


def _correlation(rule: SigmaCorrelationRule, src: str, wheres: dict[int, str]) -> Correlation:
    if rule.type not in (SigmaCorrelationType.EVENT_COUNT, SigmaCorrelationType.VALUE_COUNT):
        raise RuleError(f"correlation type {rule.type.name.lower()} is not supported (event_count, value_count are)")
    parts = []
    for ref in rule.rules or []:
        if id(ref.rule) not in wheres:
            raise RuleError(f"correlation refers to {ref.reference!r}, which is not a loaded CloudTrail rule")
        parts.append(f"({wheres[id(ref.rule)]})")
    cond = rule.condition
    value_name = None
    if rule.type is SigmaCorrelationType.VALUE_COUNT:
        fieldref = getattr(cond, "fieldref", None)  # only the plain correlation condition names one
        value_name = fieldref if isinstance(fieldref, str) else None
        if not value_name:
            raise RuleError("value_count needs one condition field")
    groups = tuple(rule.group_by or ())
    return Correlation(
        meta=_meta(rule, src),
        kind=rule.type.name.lower(),
        where=" OR ".join(parts),
        group_by=tuple(_field(g) for g in groups),
        group_names=groups,
        seconds=rule.timespan.seconds,
        op=_OPS[cond.op],  # type: ignore[union-attr]  # count/value_count conditions carry op and count
        count=int(cond.count),  # type: ignore[union-attr]  # as above
        value=_field(value_name) if value_name else None,
        value_name=value_name,
    )


@lru_cache(maxsize=1)
def _bundled_only() -> Ruleset:
    return load_rules(bundled_rule_files())


def load_ruleset(extra_dirs: list[Path] | None = None, bundled: bool = True) -> Ruleset:
    """Bundled rules plus user folders. The bundled-only set is parsed once per process (treat it read-only)."""
    if bundled and not extra_dirs:
        return _bundled_only()
    texts = bundled_rule_files() if bundled else []
    for folder in extra_dirs or []:
        texts.extend(folder_rule_files(folder))
    return load_rules(texts)
