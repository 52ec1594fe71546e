"""Small conversions and joins shared by the declarative tables of data, analytics and security types."""

from __future__ import annotations

from typing import Any

from ssrm.sources.iac.mapping.build import Links, as_list
from ssrm.sources.iac.mapping.table import flag, read_path
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown

TF, CFN = "terraform", "cloudformation"


def as_bool(value: Any) -> Any:
    return flag(value)


def as_int(value: Any) -> Any:
    return int(value)


def as_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def as_strings(value: Any) -> Any:
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def upper(value: Any) -> Any:
    return str(value).upper()


def enabled_word(value: Any) -> Any:
    """SageMaker writes switches as ``Enabled`` / ``Disabled``."""
    return str(value).lower() == "enabled"


def companions(raw: RawResource, links: Links, kind: str, attr: str) -> Any:
    """Records of ``kind`` naming ``raw`` in ``attr``; an Unknown when one names its target only at apply
    (it may be one of them)."""
    found = links.referencing(kind, attr, raw)
    missing = links.unresolved(kind, attr)
    return missing if missing is not None and not found else found


def joined(links: Links, kind: str, reference: Any, what: str) -> Any:
    """The record of ``kind`` a reference names, an Unknown saying why it cannot be followed, or None when
    nothing is referenced."""
    if reference is None:
        return None
    if find_unknown(reference) is not None:
        return find_unknown(reference)
    found = links.find(kind, reference)
    if found is None:
        return Unknown(f"{what} {reference} is not declared in the code")
    return found


def attr(raw: RawResource, path: str) -> Any:
    return read_path(raw.attrs, path)


def listed(value: Any) -> Any:
    return as_list(value)
