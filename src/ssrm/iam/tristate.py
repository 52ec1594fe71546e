"""Three-valued truth for facts that a static reading cannot always settle.

``MAYBE`` means "depends on a value we were not given". Combining with ``min`` (and), ``max`` (or) and
``2 - x`` (not) is Kleene's logic, which gives, for the monotone formula of the IAM decision, exactly
the span between the optimistic and the pessimistic answer. Plain ints, because the evaluator combines
them millions of times and an Enum costs several times more per operation.
"""

from __future__ import annotations

from typing import Final

Tri = int
"""One of NO, MAYBE, YES."""

NO: Final = 0
MAYBE: Final = 1
YES: Final = 2


def tri(flag: bool) -> Tri:
    return YES if flag else NO


def negate(value: Tri) -> Tri:
    return YES - value
