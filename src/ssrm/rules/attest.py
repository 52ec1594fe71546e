"""Attestations: a person vouches for a process control that no API can show (a tabletop exercise was run,
a training plan exists), with who, when and until when.

    attestations:
      - control: smm IR3.1                 # framework key and control id (required)
        by: "Jane Doe <jane@example.com>"  # who vouches (required)
        date: 2026-10-01                   # when (required, not in the future)
        expires: 2027-10-01                # until when (required: an attestation that never expires is a
                                           # policy, not evidence)
        evidence: "https://wiki.example.com/ir/tabletop-2026-q3"   # optional

Only controls that ssrm cannot judge (MANUAL or NOT_COVERED) take an attestation; one given for a control that
rules judge is reported and ignored, so a person can never overrule a FAIL. After ``expires`` the control
shows ATTESTATION_EXPIRED, which counts as not met.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ssrm.rules.frameworks import all_frameworks

REQUIRED = ("control", "by", "date", "expires")
ALLOWED = {*REQUIRED, "evidence"}
ATTESTED = "ATTESTED"
EXPIRED = "ATTESTATION_EXPIRED"


class AttestationError(Exception):
    """The attestation file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Attestation:
    framework: str
    control: str
    by: str
    on: date
    expires: date
    line: int
    evidence: str = ""

    def status(self, today: date) -> str:
        return ATTESTED if today <= self.expires else EXPIRED

    def as_dict(self) -> dict[str, str]:
        return {"by": self.by, "date": self.on.isoformat(), "expires": self.expires.isoformat(),
                "evidence": self.evidence}


class _LineLoader(yaml.SafeLoader):
    """Records the line of each mapping so errors can point at it."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = {str(key): value for key, value in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)
# Dates stay strings until _date checks them, so 2027-02-31 is a clear error with its line, not a crash.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _date(value: object, where: str, key: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise AttestationError(f"{where}: {key} must be a date like 2027-01-31, not {value!r}") from None


def _entry(item: object, path: Path, today: date) -> Attestation:
    if not isinstance(item, dict):
        raise AttestationError(f"{path}: each attestation must be a mapping")
    line = int(item.pop("__line__", 0) or 0)
    where = f"{path}:{line}"
    unknown = set(item) - ALLOWED
    if unknown:
        raise AttestationError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    missing = [k for k in REQUIRED if not item.get(k)]
    if missing:
        raise AttestationError(f"{where}: missing {', '.join(missing)}")
    framework, _, control = str(item["control"]).strip().partition(" ")
    frameworks = all_frameworks()
    if framework.lower() not in frameworks:
        raise AttestationError(f"{where}: control {item['control']!r} must start with one of "
                               f"{', '.join(sorted(frameworks))}")
    known = {c.id for c in frameworks[framework.lower()].controls}
    if control not in known:
        raise AttestationError(f"{where}: {framework} has no control {control!r}")
    on, expires = _date(item["date"], where, "date"), _date(item["expires"], where, "expires")
    if on > today:
        raise AttestationError(f"{where}: date {on} is in the future")
    if expires < on:
        raise AttestationError(f"{where}: expires {expires} is before date {on}")
    return Attestation(framework=framework.lower(), control=control, by=str(item["by"]), on=on, expires=expires,
                       line=line,
                       evidence=str(item.get("evidence") or ""))


def load_attestations(path: Path, today: date | None = None) -> list[Attestation]:
    """Read and check an attestation file; raises AttestationError with file and line."""
    today = today or date.today()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AttestationError(f"{path}: cannot read: {exc}") from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise AttestationError(f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict) or not isinstance(data.get("attestations"), list):
        raise AttestationError(f"{path}: expected a top-level 'attestations:' list")
    entries = [_entry(item, path, today) for item in data["attestations"]]
    seen: dict[tuple[str, str], int] = {}
    for entry in entries:
        key = (entry.framework, entry.control)
        if key in seen:
            raise AttestationError(f"{path}:{entry.line}: {entry.framework} {entry.control} is attested twice "
                                   f"(first at line {seen[key]})")
        seen[key] = entry.line
    return entries


def by_control(attestations: list[Attestation], framework: str) -> dict[str, Attestation]:
    return {a.control: a for a in attestations if a.framework == framework}
