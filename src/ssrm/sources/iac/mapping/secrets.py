"""Credentials in user data and environment variables, as redacted hints (never the secret itself)."""

from __future__ import annotations

from typing import Any

from ssrm.model.resources.compute.ec2 import SecretFound
from ssrm.model.secrets import find_secrets, find_secrets_in_env
from ssrm.sources.iac.unknown import Unknown, find_unknown


def user_data_secrets(user_data: Any) -> Any:
    if isinstance(user_data, Unknown):
        return user_data
    if not user_data:
        return ()
    return tuple(SecretFound(kind=h.kind, where=h.where, hint=h.hint)
                 for h in find_secrets(str(user_data), "user data"))


def environment_hints(variables: Any, where: str) -> Any:
    if not isinstance(variables, dict):
        return variables if isinstance(variables, Unknown) else ()
    known = {k: str(v) for k, v in variables.items() if not find_unknown(v) and v is not None}
    return tuple(h.describe() for h in find_secrets_in_env(known, where))
