"""AWS's published IP ranges: is an address AWS's own (an EC2 instance, a NAT gateway, a service) or not?

AWS publishes its ranges as ``ip-ranges.json`` (``{"syncToken", "createDate": "YYYY-MM-DD-hh-mm-ss",
"prefixes": [{"ip_prefix", "region", "service", "network_border_group"}], "ipv6_prefixes": [{"ipv6_prefix",
...}]}``). ssrm keeps a compact, dated copy (merged intervals only) and looks addresses up by bisection.

Where the copy comes from, first found wins: ``--aws-ranges FILE`` (AWS's own format) for one run; the user's
copy written by ``ssrm detect --update-aws-ranges FILE`` (``$XDG_CACHE_HOME/ssrm/aws-ip-ranges.json``, or
``SSRM_AWS_RANGES``); the copy shipped in the package, ``ssrm/detect/data/aws-ip-ranges.json.gz`` (compact form
with AWS's ``createDate`` and ``syncToken`` and a note of its origin; ``scripts/bundle_aws_ranges.py`` rewrites
it). The shipped copy is read only when an instance session's address needs judging. Without any copy,
"outside AWS" cannot be judged and detection says so instead of guessing.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import ipaddress
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

COMPACT_KIND = "ssrm-aws-ip-ranges"
#: where AWS publishes the ranges (public factual data)
AWS_URL = "https://ip-ranges.amazonaws.com/ip-ranges.json"
BUNDLED_NAME = "aws-ip-ranges.json.gz"


class RangesError(ValueError):
    """A ranges file that cannot be used (one line for the user)."""


def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


@dataclass(frozen=True)
class AwsRanges:
    created: str  # AWS's createDate, as an ISO date-time
    origin: str  # where this copy was read from
    v4: tuple[tuple[int, int], ...]
    v6: tuple[tuple[int, int], ...]
    sync_token: str = ""  # AWS's syncToken (publication time in epoch seconds), when known

    def __post_init__(self) -> None:
        object.__setattr__(self, "_v4_lo", [lo for lo, _ in self.v4])
        object.__setattr__(self, "_v6_lo", [lo for lo, _ in self.v6])

    def contains(self, address: str) -> bool | None:
        """True if AWS's, False if not, None if ``address`` is not an IP address at all."""
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return None
        table, lows = (self.v4, self._v4_lo) if ip.version == 4 else (self.v6, self._v6_lo)  # type: ignore[attr-defined]
        value = int(ip)
        i = bisect.bisect_right(lows, value) - 1
        return i >= 0 and table[i][0] <= value <= table[i][1]

    @property
    def summary(self) -> str:
        blocks = f"{len(self.v4)} IPv4 and {len(self.v6)} IPv6 blocks"
        return f"AWS IP ranges of {self.created[:10]} ({blocks}, {self.origin})"

    def to_compact(self, source: str = "") -> dict[str, Any]:
        """ssrm's compact form: merged [low, high] integer intervals (IPv6 bounds as decimal strings)."""
        doc: dict[str, Any] = {"kind": COMPACT_KIND, "createDate": self.created, "syncToken": self.sync_token}
        if source:
            doc["source"] = source
        return doc | {"v4": [list(x) for x in self.v4], "v6": [[str(lo), str(hi)] for lo, hi in self.v6]}


def _created(text: Any) -> str:
    try:
        return datetime.strptime(str(text), "%Y-%m-%d-%H-%M-%S").replace(tzinfo=UTC).isoformat()
    except ValueError:
        try:
            return datetime.fromisoformat(str(text)).isoformat()
        except ValueError as exc:
            raise RangesError(f"createDate {text!r} is not a date") from exc


def from_document(doc: Any, origin: str) -> AwsRanges:
    """AWS's ``ip-ranges.json`` document, or ssrm's compact form of it."""
    if not isinstance(doc, dict):
        raise RangesError("not an AWS ip-ranges document (a JSON object is expected)")
    if doc.get("kind") == COMPACT_KIND:
        try:
            compact_v4 = tuple((int(lo), int(hi)) for lo, hi in doc["v4"])
            compact_v6 = tuple((int(lo), int(hi)) for lo, hi in doc["v6"])
        except (KeyError, TypeError, ValueError) as exc:
            raise RangesError(f"damaged compact ranges file: {exc}") from exc
        return AwsRanges(_created(doc.get("createDate")), origin, compact_v4, compact_v6,
                         str(doc.get("syncToken") or ""))
    prefixes, v6_prefixes = doc.get("prefixes"), doc.get("ipv6_prefixes", [])
    if not isinstance(prefixes, list) or not isinstance(v6_prefixes, list):
        raise RangesError("not an AWS ip-ranges document (no 'prefixes' list)")
    v4: list[tuple[int, int]] = []
    v6: list[tuple[int, int]] = []
    for items, key, target in ((prefixes, "ip_prefix", v4), (v6_prefixes, "ipv6_prefix", v6)):
        for n, item in enumerate(items):
            try:
                net = ipaddress.ip_network(str(item[key]), strict=False)
            except (KeyError, TypeError, ValueError) as exc:
                raise RangesError(f"{key} #{n + 1} is not a network: {item!r:.80}") from exc
            target.append((int(net.network_address), int(net.broadcast_address)))
    if not v4:
        raise RangesError("the document lists no IPv4 prefixes")
    return AwsRanges(_created(doc.get("createDate")), origin, tuple(_merge(v4)), tuple(_merge(v6)),
                     str(doc.get("syncToken") or ""))


def read_file(path: Path) -> AwsRanges:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise RangesError(f"cannot read AWS IP ranges {path}: {str(exc).splitlines()[0]}") from exc
    try:
        return from_document(doc, str(path))
    except RangesError as exc:
        raise RangesError(f"{path}: {exc}") from exc


def user_copy() -> Path:
    """Where ``aws-ranges update`` keeps the user's copy."""
    if os.environ.get("SSRM_AWS_RANGES"):
        return Path(os.environ["SSRM_AWS_RANGES"])
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "ssrm" / "aws-ip-ranges.json"


def update(source: Path) -> AwsRanges:
    """Validate AWS's ``ip-ranges.json`` at ``source`` and save its compact form as the user's copy."""
    ranges = read_file(source)
    target = user_copy()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(ranges.to_compact()), encoding="utf-8")
    tmp.replace(target)
    return ranges


@functools.cache
def bundled() -> AwsRanges | None:
    """The copy shipped in the package (read once, on first use), or None if this build ships none."""
    data = resources.files("ssrm.detect") / "data"
    packed, plain = data / BUNDLED_NAME, data / "aws-ip-ranges.json"
    if packed.is_file():
        doc = json.loads(gzip.decompress(packed.read_bytes()))
    elif plain.is_file():
        doc = json.loads(plain.read_text(encoding="utf-8"))
    else:
        return None
    return from_document(doc, "bundled with ssrm")


def chosen(explicit: Path | None = None) -> AwsRanges | None:
    """The ranges the user chose: an explicit file, else the user's copy, else None (both validated now)."""
    if explicit is not None:
        return read_file(explicit)
    mine = user_copy()
    return read_file(mine) if mine.is_file() else None


def load(explicit: Path | None = None) -> AwsRanges | None:
    """The ranges to use: an explicit file, else the user's copy, else the bundled one, else None."""
    return chosen(explicit) or bundled()
