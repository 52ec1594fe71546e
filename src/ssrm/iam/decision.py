"""The answer to "can this principal do this action on this resource"."""

from __future__ import annotations

from collections.abc import Callable

from ssrm.iam.policy import StatementRef


class Decision:
    """``allowed`` with ``conditional`` means: allowed if conditions we could not decide hold
    (or unless an undecided Deny applies). ``statements`` are the ones that decided it, and
    ``reason`` says why in a sentence.

    The reason is written on first use: the attack-path engine asks millions of questions and reads
    few of the answers' reasons. A slotted class, not a dataclass, because it is built per request.
    """

    __slots__ = ("_explain", "_reason", "allowed", "conditional", "statements")

    def __init__(
        self,
        allowed: bool,
        conditional: bool,
        statements: tuple[StatementRef, ...],
        reason: str | Callable[[], str],
    ) -> None:
        self.allowed = allowed
        self.conditional = conditional
        self.statements = statements
        if isinstance(reason, str):
            self._reason: str | None = reason
            self._explain: Callable[[], str] | None = None
        else:
            self._reason = None
            self._explain = reason

    @property
    def reason(self) -> str:
        if self._reason is None:
            assert self._explain is not None
            self._reason = self._explain()
            self._explain = None
        return self._reason

    @property
    def definitely_allowed(self) -> bool:
        return self.allowed and not self.conditional

    def __bool__(self) -> bool:
        return self.allowed

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Decision):
            return NotImplemented
        return (self.allowed, self.conditional, self.statements) == (
            other.allowed,
            other.conditional,
            other.statements,
        )

    def __hash__(self) -> int:
        return hash((self.allowed, self.conditional, self.statements))

    def __repr__(self) -> str:
        return (
            f"Decision(allowed={self.allowed}, conditional={self.conditional}, "
            f"statements={list(map(str, self.statements))}, reason={self.reason!r})"
        )
