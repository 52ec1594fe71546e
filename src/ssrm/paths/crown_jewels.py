"""Which resources are crown jewels, and how valuable each is (0-100).

Defaults: administrator access is worth 100; a data store tagged ``data-classification`` (or
``classification``, ``sensitivity``) secret/restricted/pii/confidential is worth 95/90/90/85; names that
say customer, payment, cardholder, financial, pii, secret, private key, credential or backup are worth 70
(the pattern is matched against the name, the id, the address in code and the description); secrets are
always worth 60 and databases 50 (they hold data by construction); KMS keys 40. Anything else is not a
jewel (0). Rules that ask more of sensitive data (``s3_bucket_sensitive_kms_encryption``) use the same
tags and name patterns (``sensitivity_of``), so one file configures both.

A YAML file overrides or extends this (``--crown-jewels FILE``)::

    tags:                      # tag key -> value -> worth
      data-classification: {restricted: 95, confidential: 85}
    names:                     # glob on the resource's name or id -> worth
      "*-prod-*": 80
    arns:                      # exact ARNs -> worth (0 removes a resource from the jewels)
      "arn:aws:s3:::acme-shop-logs": 0
    admin: 100                 # worth of administrator access
    defaults: true             # false drops the built-in tag, name and type rules

Rules read the file named by the environment variable ``SSRM_CROWN_JEWELS`` (or one set with
``use_crown_jewels``), else the defaults.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssrm.model import Resource
from ssrm.model.safe_parse import InputFileError, load_yaml, read_text

DEFAULT_TAGS: dict[str, dict[str, int]] = {
    key: {"secret": 95, "restricted": 90, "pii": 90, "pci": 90, "phi": 90, "confidential": 85, "sensitive": 85,
          "high": 80}
    for key in ("data-classification", "data_classification", "dataclassification", "classification",
                "sensitivity", "data-sensitivity", "confidentiality")
}
SENSITIVE_WORDS = ("customer", "payment", "pii", "secret", "credential", "backup", "cardholder", "financial",
                   "private-key", "private_key", "privatekey", "payroll", "patient")
DEFAULT_NAMES: dict[str, int] = {f"*{word}*": 70 for word in SENSITIVE_WORDS}
SENSITIVE_WORTH = 70  # a tag or name worth this much marks data that deserves a customer-managed key
DEFAULT_TYPES: dict[str, int] = {
    "AWS::SecretsManager::Secret": 60,
    "AWS::RDS::DBInstance": 50,
    "AWS::RDS::DBCluster": 50,
    "AWS::DynamoDB::Table": 50,
    "AWS::KMS::Key": 40,
}


class CrownJewelError(ValueError):
    """A crown-jewel file that cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class CrownJewels:
    tags: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    names: Mapping[str, int] = field(default_factory=dict)
    arns: Mapping[str, int] = field(default_factory=dict)
    types: Mapping[str, int] = field(default_factory=dict)
    admin: int = 100

    def value_of(self, resource: Resource) -> tuple[int, str]:
        """The resource's worth and a few words on why (``(0, "")`` when it is not a jewel)."""
        if resource.arn in self.arns:
            worth = self.arns[resource.arn]
            return worth, "listed as a crown jewel" if worth else ""
        best, why = 0, ""
        lowered = {key.lower(): value for key, value in resource.tags.items()}
        for key, values in self.tags.items():
            tag_value = lowered.get(key.lower())
            if tag_value is not None and values.get(tag_value.lower(), 0) > best:
                best, why = values[tag_value.lower()], f"tagged {key}={tag_value}"
        for pattern, worth in self.names.items():
            if worth > best:
                match = self._name_match(resource, pattern.lower())
                if match:
                    best, why = worth, f"its {match} matches {pattern}"
        type_worth = self.types.get(resource.resource_type, 0)
        if type_worth > best:
            best, why = type_worth, "it stores data by design"
        return best, why


    @staticmethod
    def _name_match(resource: Resource, pattern: str) -> str | None:
        """Which of name, id, address in code or description matches ``pattern`` (lower case), if any."""
        description = getattr(resource, "description", None) or next(
            (v for k, v in resource.tags.items() if k.lower() == "description"), "")
        candidates = (("name", resource.name or resource.id), ("id", resource.id),
                      ("address", resource.origin.address or ""), ("description", description))
        for what, text in candidates:
            if isinstance(text, str) and text and fnmatch.fnmatchcase(text.lower(), pattern):
                return what
        return None

    def sensitivity_of(self, resource: Resource) -> str | None:
        """Why ``resource`` holds sensitive data ("tagged data-classification=pci", "its name matches
        *financial*"), from its tags and name patterns only (not its type); None when nothing says so."""
        if resource.arn in self.arns:
            return "listed as a crown jewel" if self.arns[resource.arn] >= SENSITIVE_WORTH else None
        worth, why = CrownJewels(tags=self.tags, names=self.names).value_of(resource)
        return why if worth >= SENSITIVE_WORTH else None


DEFAULT_CROWN_JEWELS = CrownJewels(tags=DEFAULT_TAGS, names=DEFAULT_NAMES, types=DEFAULT_TYPES)
_ACTIVE: list[CrownJewels] = []


def use_crown_jewels(jewels: CrownJewels | None) -> None:
    """Make ``jewels`` the set rules consult (None: back to ``SSRM_CROWN_JEWELS`` or the defaults)."""
    _ACTIVE[:] = [jewels] if jewels is not None else []


def active_crown_jewels() -> CrownJewels:
    """The crown jewels rules consult: set with ``use_crown_jewels``, else ``$SSRM_CROWN_JEWELS``, else defaults."""
    if not _ACTIVE:
        path = os.environ.get("SSRM_CROWN_JEWELS")
        _ACTIVE.append(load_crown_jewels(path) if path else DEFAULT_CROWN_JEWELS)
    return _ACTIVE[0]


def _worth(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise CrownJewelError(f"{where}: worth must be a whole number from 0 to 100, got {value!r}")
    return value


def _mapping(raw: Any, where: str) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise CrownJewelError(f"{where} must be a mapping, got {type(raw).__name__}")
    return {str(k): v for k, v in raw.items()}


def crown_jewels_from_dict(raw: Mapping[str, Any], *, source: str = "crown jewels") -> CrownJewels:
    unknown = set(raw) - {"tags", "names", "arns", "admin", "defaults", "types"}
    if unknown:
        raise CrownJewelError(f"{source}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    use_defaults = raw.get("defaults", True)
    if not isinstance(use_defaults, bool):
        raise CrownJewelError(f"{source}: defaults must be true or false")
    tags: dict[str, dict[str, int]] = {k: dict(v) for k, v in DEFAULT_TAGS.items()} if use_defaults else {}
    for key, values in _mapping(raw.get("tags"), f"{source}: tags").items():
        parsed = {str(v).lower(): _worth(w, f"{source}: tags.{key}.{v}")
                  for v, w in _mapping(values, f"{source}: tags.{key}").items()}
        tags.setdefault(key, {}).update(parsed)
    names = dict(DEFAULT_NAMES) if use_defaults else {}
    names.update({k: _worth(v, f"{source}: names.{k}") for k, v in _mapping(raw.get("names"), "names").items()})
    types = dict(DEFAULT_TYPES) if use_defaults else {}
    types.update({k: _worth(v, f"{source}: types.{k}") for k, v in _mapping(raw.get("types"), "types").items()})
    arns = {k: _worth(v, f"{source}: arns.{k}") for k, v in _mapping(raw.get("arns"), "arns").items()}
    admin = _worth(raw.get("admin", 100), f"{source}: admin")
    return CrownJewels(tags=tags, names=names, arns=arns, types=types, admin=admin)


def load_crown_jewels(path: Path | str) -> CrownJewels:
    """Read a crown-jewel YAML file; raises CrownJewelError with one line on any problem."""
    path = Path(path)
    try:
        raw = load_yaml(read_text(path, "crown-jewels file"), str(path))
    except InputFileError as exc:
        raise CrownJewelError(str(exc)) from None
    if raw is None:
        return DEFAULT_CROWN_JEWELS
    if not isinstance(raw, dict):
        raise CrownJewelError(f"{path} must hold a mapping (tags, names, arns, admin)")
    return crown_jewels_from_dict(raw, source=str(path))
