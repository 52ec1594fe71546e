"""The inventory: every resource collected from one source, plus the gaps and collection stats."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar, overload

from ssrm.model.gaps import Gap
from ssrm.model.resource import Resource

R = TypeVar("R", bound=Resource)


@dataclass
class ScanStats:
    calls_by_service: dict[str, int] = field(default_factory=dict)
    calls_by_api: dict[str, int] = field(default_factory=dict)
    wall_seconds: float = 0.0
    max_in_flight: int = 0

    @property
    def total_calls(self) -> int:
        return sum(self.calls_by_service.values())


@dataclass
class Inventory:
    account: str
    regions: list[str]
    resources: list[Resource] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    source: str = "aws"
    partition: str = "aws"
    started_at: datetime | None = None
    finished_at: datetime | None = None
    stats: ScanStats = field(default_factory=ScanStats)
    skipped_regions: list[str] = field(default_factory=list)
    # Collectors that ran (live scans); None when the source has no such notion (code, hand-built).
    services: list[str] | None = None
    # Collected through an endpoint override (an emulator such as moto or LocalStack), not from AWS itself:
    # reports then explain failed reads as what the emulator does not implement.
    emulated: bool = False
    _by_type: dict[str, list[Resource]] | None = field(default=None, repr=False, compare=False)
    _by_key: dict[tuple[str, str], Resource] | None = field(default=None, repr=False, compare=False)
    _gapped: dict[tuple[str, str], Gap] | None = field(default=None, repr=False, compare=False)

    def add(self, resources: Iterable[Resource]) -> None:
        self.resources.extend(resources)
        self._by_type = self._by_key = None

    def add_gaps(self, gaps: Iterable[Gap]) -> None:
        self.gaps.extend(gaps)
        self._gapped = None

    def _index(self) -> None:
        by_type: dict[str, list[Resource]] = defaultdict(list)
        by_key: dict[tuple[str, str], Resource] = {}
        for r in self.resources:
            by_type[r.resource_type].append(r)
            by_key[(r.resource_type, r.arn)] = r
            by_key.setdefault((r.resource_type, r.id), r)
        self._by_type, self._by_key = dict(by_type), by_key

    @overload
    def of_type(self, resource_type: type[R]) -> list[R]: ...
    @overload
    def of_type(self, resource_type: str) -> list[Resource]: ...

    def of_type(self, resource_type: str | type[R]) -> list[R] | list[Resource]:
        """The records of one type, by model class (typed) or CloudFormation type name."""
        name = resource_type if isinstance(resource_type, str) else resource_type.resource_type
        if self._by_type is None:
            self._index()
        assert self._by_type is not None
        return self._by_type.get(name, [])

    def get(self, resource_type: str | type[R], key: str) -> R | None:
        """Look a resource up by ARN or id."""
        name = resource_type if isinstance(resource_type, str) else resource_type.resource_type
        if self._by_key is None:
            self._index()
        assert self._by_key is not None
        return self._by_key.get((name, key))  # type: ignore[return-value]  # the index holds every type

    def in_region(self, resource_type: type[R], region: str) -> Iterator[R]:
        return (r for r in self.of_type(resource_type) if r.region == region)

    def listing_gap(self, resource_type: str, region: str) -> Gap | None:
        """The gap that left the listing of ``resource_type`` in ``region`` incomplete, if any."""
        if self._gapped is None:
            gapped: dict[tuple[str, str], Gap] = {}
            for gap in self.gaps:
                if gap.resource is None:
                    for t in gap.resource_types:
                        gapped.setdefault((t, gap.region), gap)
            self._gapped = gapped
        return self._gapped.get((resource_type, region)) or self._gapped.get((resource_type, "global"))

    def scanned(self, service: str) -> bool:
        """Did collection cover ``service``? Absent records only mean "none" for a service that was scanned."""
        return self.services is None or service in self.services

    @property
    def types(self) -> list[str]:
        if self._by_type is None:
            self._index()
        assert self._by_type is not None
        return sorted(self._by_type)
