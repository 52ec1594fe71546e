"""The request context: the condition keys' values for one request, as far as they are known.

A key may be known with values, known to be absent (a request without MFA has no
``aws:MultiFactorAuthPresent`` at all for long-term keys), or unknown. Only the first two let a
condition be decided; an unknown key leaves the statement "conditional".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

ContextValue = str | bool | int | float | dt.datetime | Sequence[str] | None
"""What a caller may give for one key; ``None`` says the key is known to be absent from the request."""

Values = tuple[str, ...] | None


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()


def as_values(value: ContextValue) -> Values:
    """One key's value as a tuple of strings, the way AWS compares them."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("true" if value else "false",)
    if isinstance(value, int | float):
        return (str(value),)
    if isinstance(value, dt.datetime):
        return (value.isoformat(),)
    if isinstance(value, str):
        return (value,)
    return tuple(str(item).lower() if isinstance(item, bool) else str(item) for item in value)


def normalize(values: Mapping[str, ContextValue]) -> dict[str, Values]:
    """Condition keys are case-insensitive: store them lower-cased."""
    return {key.lower(): as_values(value) for key, value in values.items()}


class RequestContext:
    """Layers of known keys, the first layer that knows a key wins.

    ``absent_prefixes``: lower-cased key prefixes whose every key is known, so a key missing from the
    layers is absent rather than unknown (a principal whose tags we read has no other tags).
    ``complete``: every key not in the layers is absent — for simulating one exact request.
    A plain slotted class rather than a dataclass: the evaluator builds one per request.
    """

    __slots__ = ("absent_prefixes", "complete", "layers")

    def __init__(
        self,
        layers: tuple[Mapping[str, Values], ...] = (),
        absent_prefixes: tuple[str, ...] = (),
        complete: bool = False,
    ) -> None:
        self.layers = layers
        self.absent_prefixes = absent_prefixes
        self.complete = complete

    def __repr__(self) -> str:
        return f"RequestContext(layers={self.layers!r}, complete={self.complete!r})"

    @classmethod
    def of(cls, values: Mapping[str, ContextValue] | None = None, *, complete: bool = False) -> RequestContext:
        return cls(layers=(normalize(values or {}),), complete=complete)

    def lookup(self, key: str) -> Values | _Unknown:
        """Values of a lower-cased key, ``None`` if absent, ``UNKNOWN`` if nobody said."""
        for layer in self.layers:
            if key in layer:
                return layer[key]
        if self.complete or (self.absent_prefixes and key.startswith(self.absent_prefixes)):
            return None
        return UNKNOWN

    def single(self, key: str) -> str | None:
        """The one value of a key, for policy variables; None if unknown, absent or multi-valued."""
        found = self.lookup(key)
        if isinstance(found, tuple) and len(found) == 1:
            return found[0]
        return None

    def stacked_on(self, layers: Iterable[Mapping[str, Values]], absent_prefixes: Iterable[str]) -> RequestContext:
        """This context first, then facts the evaluator knows about the principal and the resource."""
        return RequestContext(
            layers=(*self.layers, *layers),
            absent_prefixes=(*self.absent_prefixes, *absent_prefixes),
            complete=self.complete,
        )


EMPTY_CONTEXT: Final = RequestContext()
