"""Credentials in user data and environment variables, as redacted hints (never the secret itself)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.compute.ec2 import SecretFound
from ssrm.model.secrets import find_secrets, find_secrets_in_env
from ssrm.sources.iac.mapping.build import Links
from ssrm.sources.iac.mapping.secret_references import reference_hints
from ssrm.sources.iac.unknown import Unknown, find_unknown


def user_data_secrets(user_data: Any) -> Any:
    if isinstance(user_data, Unknown):
        return user_data
    if not user_data:
        return ()
    return tuple(SecretFound(kind=h.kind, where=h.where, hint=h.hint)
                 for h in find_secrets(str(user_data), "user data"))


def environment_hints(variables: Any, where: str, links: Links | None = None) -> Any:
    """Credentials written in the environment, and (with ``links``) values that are secrets by reference."""
    if not isinstance(variables, dict):
        return variables if isinstance(variables, Unknown) else ()
    referenced = reference_hints(variables, where, links) if links is not None else []
    carried = {name for name in variables if any(f"variable {name} (a reference" in h for h in referenced)}
    known = {k: str(v) for k, v in variables.items()
             if not find_unknown(v) and v is not None and k not in carried}
    return tuple([*(h.describe() for h in find_secrets_in_env(known, where)), *referenced])
