"""The one exception the IAM package raises for bad input."""

from __future__ import annotations


class PolicyError(ValueError):
    """A policy document that AWS would reject, or that cannot be read at all.

    The message is a single line meant for a person ("policy 'x' statement 2: Effect must be ..."),
    so callers can print ``str(error)`` instead of a traceback.
    """

    def __init__(self, message: str, *, policy: str | None = None, statement: int | None = None) -> None:
        where = []
        if policy:
            where.append(f"policy {policy!r}")
        if statement is not None:
            where.append(f"statement {statement}")
        prefix = " ".join(where)
        one_line = " ".join(message.split())
        super().__init__(f"{prefix}: {one_line}" if prefix else one_line)
        self.policy = policy
        self.statement = statement
