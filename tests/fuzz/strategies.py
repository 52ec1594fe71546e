"""Hypothesis strategies for hostile input: JSON-like values, and mutations of a good document."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

FIXTURES = Path(__file__).parent / "fixtures"

scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12))
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def good_snapshot() -> dict[str, Any]:
    return json.loads((FIXTURES / "small-inventory.json").read_text())


def _paths(doc: Any, prefix: tuple[Any, ...] = (), depth: int = 0) -> list[tuple[Any, ...]]:
    """Every place in ``doc`` a mutation may hit (bounded depth, so the choice stays cheap)."""
    found = [prefix] if prefix else []
    if depth >= 5:
        return found
    if isinstance(doc, dict):
        for key, value in doc.items():
            found.extend(_paths(value, (*prefix, key), depth + 1))
    elif isinstance(doc, list):
        for index, value in enumerate(doc[:6]):
            found.extend(_paths(value, (*prefix, index), depth + 1))
    return found


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any], max_mutations: int = 3) -> dict[str, Any]:
    """``base`` with up to ``max_mutations`` values replaced, deleted or duplicated."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=max_mutations))):
        places = _paths(doc)
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "replace", "delete", "duplicate"]))
        if action == "replace":
            parent[last] = draw(json_values)
        elif action == "delete":
            del parent[last]
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        else:
            parent[last] = [parent[last], parent[last]]
    return doc


yaml_scalars = st.sampled_from(["x", "1", "-3", "2027-02-31", "2027-01-31", "null", "~", "yes", "'quoted'",
                                "*nope", "&a x", "!!python/name:os.system", "[", "{", "\"\\xff\"", "0x10",
                                "1e999", ".nan", "!Ref X", "2027-13-01"])


@st.composite
def yaml_documents(draw: st.DrawFn, keys: list[str]) -> str:
    """YAML text built from plausible keys and hostile scalars, nested a little."""
    lines: list[str] = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        indent = "  " * draw(st.integers(min_value=0, max_value=3))
        key = draw(st.sampled_from(keys) | st.text(alphabet="abc:-_ ", max_size=6))
        shape = draw(st.sampled_from(["scalar", "list-item", "empty", "flow"]))
        value = draw(yaml_scalars)
        if shape == "scalar":
            lines.append(f"{indent}{key}: {value}")
        elif shape == "list-item":
            lines.append(f"{indent}- {key}: {value}")
        elif shape == "flow":
            lines.append(f"{indent}{key}: {{{key}: [{value}, {value}]}}")
        else:
            lines.append(f"{indent}{key}:")
    return "\n".join(lines) + "\n"
