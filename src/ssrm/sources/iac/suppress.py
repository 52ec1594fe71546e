"""Inline suppressions: ``# ssrm:ignore RULE_ID reason`` on or just above a resource declaration."""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKER = re.compile(r"(?:#|//)\s*ssrm:ignore\b[ \t]*(?P<rule>[A-Za-z0-9_*-]*)[ \t]*(?P<reason>.*)$")
COMMENT_ONLY = re.compile(r"^\s*(#|//)")


@dataclass(frozen=True)
class Suppression:
    rule_id: str
    reason: str
    file: str
    line: int


def suppressions_at(lines: list[str], line: int, file: str) -> list[Suppression]:
    """Markers on the declaration line ``line`` (1-based) and on the comment lines right above it."""
    found: list[Suppression] = []
    candidates = [line]
    above = line - 1
    while above >= 1 and COMMENT_ONLY.match(lines[above - 1]):
        candidates.append(above)
        above -= 1
    for number in candidates:
        if number > len(lines):
            continue
        match = MARKER.search(lines[number - 1])
        if match:
            reason = match.group("reason").strip().strip("\"'").strip()
            found.append(Suppression(match.group("rule"), reason, file, number))
    return found
