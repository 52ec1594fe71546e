"""Condition blocks: parsed and compiled once per statement, then decided per request in three values.

Rules followed (AWS IAM user guide, "Condition operators" and "multiple context keys or values"):
operators in a block AND together, keys under one operator AND together, values of one key OR together
(NOR for negated operators); a key missing from the request fails a plain operator, satisfies a negated
one, satisfies ``...IfExists`` and ``ForAllValues``, fails ``ForAnyValue``; ``Null`` tests presence.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import ipaddress
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ssrm.iam.arn import arn_like
from ssrm.iam.context import RequestContext
from ssrm.iam.errors import PolicyError
from ssrm.iam.tristate import MAYBE, NO, YES, Tri, tri
from ssrm.iam.wildcard import compile_glob, has_variables, substitute_variables

ValueTest = Callable[[str], bool]
"""True when one request value matches at least one of the policy's values (before negation)."""

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "equals": operator.eq,
    "lessthan": operator.lt,
    "lessthanequals": operator.le,
    "greaterthan": operator.gt,
    "greaterthanequals": operator.ge,
}


@dataclass(frozen=True, slots=True)
class OperatorSpec:
    family: str
    comparison: str = "equals"
    negated: bool = False


def _operator_table() -> dict[str, OperatorSpec]:
    table = {
        "stringequals": OperatorSpec("string"),
        "stringnotequals": OperatorSpec("string", negated=True),
        "stringequalsignorecase": OperatorSpec("string_ignore_case"),
        "stringnotequalsignorecase": OperatorSpec("string_ignore_case", negated=True),
        "stringlike": OperatorSpec("string_like"),
        "stringnotlike": OperatorSpec("string_like", negated=True),
        "bool": OperatorSpec("bool"),
        "binaryequals": OperatorSpec("binary"),
        "ipaddress": OperatorSpec("ip"),
        "notipaddress": OperatorSpec("ip", negated=True),
        "arnequals": OperatorSpec("arn"),
        "arnlike": OperatorSpec("arn"),
        "arnnotequals": OperatorSpec("arn", negated=True),
        "arnnotlike": OperatorSpec("arn", negated=True),
        "null": OperatorSpec("null"),
    }
    for family in ("numeric", "date"):
        table[f"{family}notequals"] = OperatorSpec(family, "equals", negated=True)
        for comparison in _COMPARE:
            table[f"{family}{comparison}"] = OperatorSpec(family, comparison)
    return table


OPERATORS = _operator_table()


@dataclass(frozen=True, slots=True)
class ConditionClause:
    """One ``operator -> key -> values`` entry of a Condition block."""

    operator: str
    key: str
    values: tuple[str, ...]
    spec: OperatorSpec
    set_operator: str  # "", "anyvalue" or "allvalues"
    if_exists: bool
    test: ValueTest | None  # None when the values hold policy variables (built per request)

    @property
    def key_lower(self) -> str:
        return self.key.lower()

    def evaluate(self, context: RequestContext) -> Tri:
        found = context.lookup(self.key.lower())
        if not isinstance(found, tuple) and found is not None:
            return MAYBE
        if self.spec.family == "null":
            present = bool(found)
            return tri(any((value.lower() == "true") != present for value in self.values))
        if not found:
            if self.if_exists or self.set_operator == "allvalues":
                return YES
            if self.set_operator == "anyvalue":
                return NO
            return tri(self.spec.negated)
        test = self.test
        if test is None:
            resolved = _resolve_values(self.values, context)
            if resolved is None:
                return MAYBE
            test = build_test(self.spec.family, self.spec.comparison, resolved)
        negated = self.spec.negated
        if self.set_operator == "allvalues":
            return tri(all(test(value) != negated for value in found))
        if self.set_operator == "anyvalue":
            return tri(any(test(value) != negated for value in found))
        return tri(any(test(value) for value in found) != negated)


def _resolve_values(values: tuple[str, ...], context: RequestContext) -> tuple[str, ...] | None:
    resolved: list[str] = []
    for value in values:
        substituted = substitute_variables(value, context.single)
        if substituted is None:
            return None
        resolved.append(substituted)
    return tuple(resolved)


def conditions_result(clauses: tuple[ConditionClause, ...], context: RequestContext) -> Tri:
    result = YES
    for clause in clauses:
        outcome = clause.evaluate(context)
        if outcome == NO:
            return NO
        if outcome < result:
            result = outcome
    return result


# --- compiling values --------------------------------------------------------------------------------


def _as_float(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _as_timestamp(text: str) -> float | None:
    number = _as_float(text)
    if number is not None:
        return number
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


def _as_network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def _as_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        network = _as_network(text)  # a request value may itself be written as a /32
        return network.network_address if network is not None and network.num_addresses == 1 else None


def _base64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


@lru_cache(maxsize=16384)
def build_test(family: str, comparison: str, values: tuple[str, ...]) -> ValueTest:
    """A predicate over one request value; raises PolicyError for a policy value of the wrong type."""
    if family == "string":
        allowed = frozenset(values)
        return allowed.__contains__
    if family == "string_ignore_case":
        folded = frozenset(value.lower() for value in values)
        return lambda value: value.lower() in folded
    if family == "string_like":
        patterns = [compile_glob(value) for value in values]
        return lambda value: any(p.fullmatch(value) is not None for p in patterns)
    if family == "bool":
        wanted = frozenset(value.lower() for value in values)
        return lambda value: value.lower() in wanted
    if family == "binary":
        decoded = {_base64(value) for value in values}
        return lambda value: _base64(value) in decoded
    if family == "arn":
        return lambda value: any(arn_like(pattern, value) for pattern in values)
    if family == "ip":
        return _ip_test(values)
    if family in ("numeric", "date"):
        return _ordered_test(family, comparison, values)
    raise PolicyError(f"unsupported condition family {family!r}")


def _ip_test(values: tuple[str, ...]) -> ValueTest:
    networks = []
    for value in values:
        network = _as_network(value)
        if network is None:
            raise PolicyError(f"IpAddress value {value!r} is not an IP address or CIDR")
        networks.append(network)

    def test(value: str) -> bool:
        address = _as_address(value)
        return address is not None and any(address.version == net.version and address in net for net in networks)

    return test


def _ordered_test(family: str, comparison: str, values: tuple[str, ...]) -> ValueTest:
    parse = _as_float if family == "numeric" else _as_timestamp
    limits = []
    for value in values:
        parsed = parse(value)
        if parsed is None:
            raise PolicyError(f"{family} condition value {value!r} is not a {family}")
        limits.append(parsed)
    compare = _COMPARE[comparison]

    def test(value: str) -> bool:
        parsed = parse(value)
        return parsed is not None and any(compare(parsed, limit) for limit in limits)

    return test


# --- parsing -----------------------------------------------------------------------------------------


def _split_operator(name: str) -> tuple[str, str, bool, OperatorSpec]:
    base = name
    set_operator = ""
    head, colon, tail = name.partition(":")
    if colon:
        qualifier = head.lower()
        if qualifier not in ("foranyvalue", "forallvalues"):
            raise PolicyError(f"unknown condition qualifier {head!r} in {name!r}")
        set_operator = qualifier[3:]
        base = tail
    if_exists = base.lower().endswith("ifexists")
    if if_exists:
        base = base[: -len("IfExists")]
    spec = OPERATORS.get(base.lower())
    if spec is None:
        raise PolicyError(f"unknown condition operator {name!r}")
    if if_exists and spec.family == "null":
        raise PolicyError("Null cannot take IfExists")
    return base, set_operator, if_exists, spec


def _value_strings(operator_name: str, key: str, raw: Any) -> tuple[str, ...]:
    items = raw if isinstance(raw, list) else [raw]
    values: list[str] = []
    for item in items:
        if isinstance(item, bool):
            values.append("true" if item else "false")
        elif isinstance(item, int | float | str):
            values.append(str(item))
        else:
            raise PolicyError(f"condition {operator_name} {key!r} has a value that is not a string: {item!r}")
    return tuple(values)


def parse_conditions(block: Any) -> tuple[ConditionClause, ...]:
    """Parse a Condition element into clauses; PolicyError on anything AWS would reject."""
    if block is None:
        return ()
    if not isinstance(block, Mapping):
        raise PolicyError("Condition must be an object of operator -> {key: values}")
    clauses: list[ConditionClause] = []
    for operator_name, keys in block.items():
        if not isinstance(operator_name, str):
            raise PolicyError(f"condition operator must be a string, got {operator_name!r}")
        _, set_operator, if_exists, spec = _split_operator(operator_name)
        if not isinstance(keys, Mapping) or not keys:
            raise PolicyError(f"condition {operator_name} must map keys to values")
        for key, raw in keys.items():
            if not isinstance(key, str) or not key:
                raise PolicyError(f"condition {operator_name} has a key that is not a string: {key!r}")
            values = _value_strings(operator_name, key, raw)
            if not values:
                raise PolicyError(f"condition {operator_name} {key!r} has no values")
            test = None
            if spec.family != "null" and not any(has_variables(v) for v in values):
                test = build_test(spec.family, spec.comparison, values)
            clauses.append(ConditionClause(operator_name, key, values, spec, set_operator, if_exists, test))
    return tuple(clauses)
