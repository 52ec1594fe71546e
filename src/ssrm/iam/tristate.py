"""Three-valued truth for facts that a static reading cannot always settle.

``MAYBE`` means "depends on a value we were not given". Combining with ``min`` (and), ``max`` (or) and
``negate`` is Kleene's logic, which gives, for the monotone formula of the IAM decision, exactly the
span between the optimistic and the pessimistic answer.
"""

from __future__ import annotations

from enum import IntEnum


class Tri(IntEnum):
    NO = 0
    MAYBE = 1
    YES = 2

    @staticmethod
    def of(flag: bool) -> Tri:
        return Tri.YES if flag else Tri.NO


def negate(value: Tri) -> Tri:
    return Tri(2 - value)
