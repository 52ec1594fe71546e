"""Suppressions (a mutelist): accepted risks, each with a reason and an optional expiry.

    mutes:
      - rule: "s3_bucket_public_*"        # glob on rule ids (required)
        resource: "arn:aws:s3:::acme-*"   # glob on the ARN or id (default "*")
        account: "123456789012"           # glob (default "*")
        region: "*"                       # glob (default "*")
        tags: {env: dev}                  # every tag must match (values are globs)
        reason: "public website assets; reviewed by J. Doe"   # required
        expires: 2027-01-31               # optional; after it the entry stops muting and is reported

A matching FAIL becomes MUTED and keeps its reason; it is counted apart and still listed. Errors in the
file are reported with their line numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import yaml

from ssrm.model import Finding, Status
from ssrm.model.safe_parse import InputFileError, compose_yaml, construct_yaml, read_text
from ssrm.model.validate import kind_of

ALLOWED_KEYS = {"rule", "resource", "account", "region", "tags", "reason", "expires"}


class SuppressionError(Exception):
    """The mutelist cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Mute:
    rule: str
    reason: str
    line: int
    resource: str = "*"
    account: str = "*"
    region: str = "*"
    tags: tuple[tuple[str, str], ...] = ()
    expires: date | None = None

    def matches(self, f: Finding) -> bool:
        return (
            fnmatchcase(f.rule_id, self.rule)
            and (fnmatchcase(f.resource_arn, self.resource) or fnmatchcase(f.resource_id, self.resource))
            and fnmatchcase(f.account, self.account)
            and fnmatchcase(f.region, self.region)
            and all(k in f.tags and fnmatchcase(f.tags[k], v) for k, v in self.tags)
        )

    def describe(self) -> str:
        return f"line {self.line}: rule {self.rule!r} resource {self.resource!r}"


@dataclass
class MuteReport:
    muted: int = 0
    expired: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"muted": self.muted, "expired": self.expired, "unused": self.unused}


@dataclass
class MuteList:
    mutes: list[Mute]
    source: str = ""

    def apply(self, findings: Iterable[Finding], today: date | None = None) -> tuple[list[Finding], MuteReport]:
        today = today or date.today()
        active = [m for m in self.mutes if m.expires is None or m.expires >= today]
        report = MuteReport(expired=[f"{m.describe()} expired on {m.expires}" for m in self.mutes
                                     if m not in active])
        used: set[int] = set()
        result: list[Finding] = []
        for f in findings:
            if f.status is Status.FAIL:
                mute = next((m for m in active if m.matches(f)), None)
                if mute is not None:
                    used.add(id(mute))
                    report.muted += 1
                    f = f.model_copy(update={"status": Status.MUTED, "muted_reason": mute.reason})
            result.append(f)
        report.unused = [m.describe() for m in active if id(m) not in used]
        return result, report


def load_mutelist(path: Path) -> MuteList:
    try:
        text = read_text(path, "mutelist")
        root = compose_yaml(text, str(path))
    except InputFileError as exc:
        raise SuppressionError(str(exc)) from None
    if root is None:
        return MuteList([], str(path))
    if not isinstance(root, yaml.MappingNode):
        raise SuppressionError(f"{path}:{root.start_mark.line + 1}: expected a mapping with a 'mutes' list")
    entries = next((v for k, v in root.value if getattr(k, "value", None) == "mutes"), None)
    if entries is None:
        raise SuppressionError(f"{path}:1: no 'mutes' list")
    if not isinstance(entries, yaml.SequenceNode):
        raise SuppressionError(f"{path}:{entries.start_mark.line + 1}: 'mutes' must be a list")
    return MuteList([_entry(path, node) for node in entries.value], str(path))


def _entry(path: Path, node: yaml.Node) -> Mute:
    line = node.start_mark.line + 1
    where = f"{path}:{line}"
    if not isinstance(node, yaml.MappingNode):
        raise SuppressionError(f"{where}: each mute must be a mapping")
    try:
        data = construct_yaml(node, where)
    except InputFileError as exc:
        raise SuppressionError(str(exc)) from None
    unknown = set(data) - ALLOWED_KEYS
    if unknown:
        allowed = ", ".join(sorted(ALLOWED_KEYS))
        raise SuppressionError(f"{where}: unknown key {sorted(unknown, key=str)[0]!r} (allowed: {allowed})")
    if not data.get("rule"):
        raise SuppressionError(f"{where}: 'rule' is required")
    for key in ("rule", "resource", "account", "region", "reason"):
        if key in data and not isinstance(data[key], (str, int)):
            raise SuppressionError(f"{where}: '{key}' must be a single value, not {kind_of(data[key])}")
    reason = str(data.get("reason") or "").strip()
    if not reason:
        raise SuppressionError(f"{where}: 'reason' is required (say why this risk is accepted)")
    expires = data.get("expires")
    if expires is not None and not isinstance(expires, date):
        try:
            expires = date.fromisoformat(str(expires))
        except ValueError as exc:
            raise SuppressionError(f"{where}: 'expires' must be a date like 2027-01-31") from exc
    tags = data.get("tags") or {}
    if not isinstance(tags, dict) or not all(isinstance(t, (str, int, float)) for t in tags.values()):
        raise SuppressionError(f"{where}: 'tags' must be a mapping of tag key to value")
    return Mute(
        rule=str(data["rule"]), reason=reason, line=line, resource=str(data.get("resource", "*")),
        account=str(data.get("account", "*")), region=str(data.get("region", "*")),
        tags=tuple(sorted((str(k), str(v)) for k, v in tags.items())), expires=expires,
    )
