"""IAM glob patterns (``*`` and ``?``), compiled once and matched fast.

Most patterns in real policies are ``*``, an exact string, or a prefix ending in ``*``; those skip the
regex engine. Patterns holding policy variables (``${aws:username}``) are resolved per request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from ssrm.iam.tristate import MAYBE, NO, YES, Tri

VARIABLE = re.compile(r"\$\{([^}]*)\}")
# ${*}, ${?} and ${$} stand for the literal characters in a policy.
_LITERAL_VARIABLES = {"*": "*", "?": "?", "$": "$"}

VariableLookup = Callable[[str], str | None]
"""Returns a variable's single value, or None when the value is not known."""


def glob_to_regex(pattern: str) -> str:
    """Regex source for one glob, without anchors."""
    parts: list[str] = []
    for char in pattern:
        if char == "*":
            parts.append(".*")
        elif char == "?":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


@lru_cache(maxsize=65536)
def compile_regex(source: str, ignore_case: bool) -> re.Pattern[str]:
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile(source, flags)


@lru_cache(maxsize=65536)
def compile_glob(pattern: str, ignore_case: bool = False) -> re.Pattern[str]:
    return compile_regex(glob_to_regex(pattern), ignore_case)


def glob_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    return compile_glob(pattern, ignore_case).fullmatch(value) is not None


def has_variables(pattern: str) -> bool:
    return "${" in pattern


def resolve_to_regex(pattern: str, lookup: VariableLookup) -> str | None:
    """Regex source with each variable replaced by its (escaped) value; None if one is unknown."""
    pieces: list[str] = []
    position = 0
    for found in VARIABLE.finditer(pattern):
        pieces.append(glob_to_regex(pattern[position : found.start()]))
        value = _variable_value(found.group(1), lookup)
        if value is None:
            return None
        pieces.append(re.escape(value))
        position = found.end()
    pieces.append(glob_to_regex(pattern[position:]))
    return "".join(pieces)


def substitute_variables(text: str, lookup: VariableLookup) -> str | None:
    """``text`` with its variables replaced by their values; None if one is unknown."""
    if not has_variables(text):
        return text
    pieces: list[str] = []
    position = 0
    for found in VARIABLE.finditer(text):
        pieces.append(text[position : found.start()])
        value = _variable_value(found.group(1), lookup)
        if value is None:
            return None
        pieces.append(value)
        position = found.end()
    pieces.append(text[position:])
    return "".join(pieces)


def _variable_value(body: str, lookup: VariableLookup) -> str | None:
    name, default = _split_default(body)
    if name in _LITERAL_VARIABLES:
        return _LITERAL_VARIABLES[name]
    value = lookup(name.lower())
    return default if value is None else value


def _split_default(body: str) -> tuple[str, str | None]:
    """``aws:username, 'nobody'`` -> (``aws:username``, ``nobody``)."""
    name, comma, rest = body.partition(",")
    if not comma:
        return body.strip(), None
    rest = rest.strip()
    if len(rest) >= 2 and rest[0] == rest[-1] == "'":
        rest = rest[1:-1]
    return name.strip(), rest


@dataclass(frozen=True, slots=True)
class PatternSet:
    """Any-of a list of glob patterns. ``ignore_case`` is for actions; ARNs compare case-sensitively."""

    patterns: tuple[str, ...]
    ignore_case: bool
    match_all: bool
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    regex: re.Pattern[str] | None
    with_variables: tuple[str, ...]

    @classmethod
    def build(cls, patterns: Iterable[str], ignore_case: bool = False) -> PatternSet:
        patterns = tuple(patterns)
        exact: set[str] = set()
        prefixes: list[str] = []
        others: list[str] = []
        variables: list[str] = []
        match_all = False
        for raw in patterns:
            pattern = raw.lower() if ignore_case else raw
            if has_variables(pattern):
                variables.append(raw)
            elif pattern.strip("*") == "":
                match_all = True
            elif "*" not in pattern and "?" not in pattern:
                exact.add(pattern)
            elif pattern.endswith("*") and "*" not in pattern[:-1] and "?" not in pattern:
                prefixes.append(pattern[:-1])
            else:
                others.append(pattern)
        regex = None
        if others:
            source = "|".join(f"(?:{glob_to_regex(p)})" for p in others)
            regex = compile_regex(source, ignore_case)
        return cls(
            patterns=patterns,
            ignore_case=ignore_case,
            match_all=match_all,
            exact=frozenset(exact),
            prefixes=tuple(prefixes),
            regex=regex,
            with_variables=tuple(variables),
        )

    def matches(self, value: str) -> bool:
        """Match ignoring patterns that hold variables."""
        if self.match_all:
            return True
        if self.ignore_case:
            value = value.lower()
        if value in self.exact:
            return True
        if self.prefixes and value.startswith(self.prefixes):
            return True
        return self.regex is not None and self.regex.fullmatch(value) is not None

    def matches_with(self, value: str, lookup: VariableLookup) -> Tri:
        """Match including patterns with policy variables, which may be unknowable (MAYBE)."""
        if self.matches(value):
            return YES
        result = NO
        for pattern in self.with_variables:
            source = resolve_to_regex(pattern, lookup)
            if source is None:
                result = MAYBE
            elif compile_regex(source, self.ignore_case).fullmatch(value) is not None:
                return YES
        return result
