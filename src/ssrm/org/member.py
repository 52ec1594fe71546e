"""Reach a member account: assume the member role from this process's own credentials, cached per process.

Each worker (a thread of the local pool or a Dask worker process) calls ``member_session`` itself, so no
credentials travel between machines: only account ids and the role name do.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from ssrm.org.options import DEFAULT_MEMBER_ROLE
from ssrm.sources.aws.clients import new_client
from ssrm.sources.aws.context import error_of
from ssrm.sources.aws.session import ConnectOptions, lean_models

SESSION_NAME = "ssrm-org-scan"
REFRESH_MARGIN_S = 300


@dataclass(frozen=True)
class MemberAccess:
    """How workers reach member accounts. Picklable; holds no secret (an external id is not one)."""

    role_name: str = DEFAULT_MEMBER_ROLE
    external_id: str | None = None
    profile: str | None = None
    region: str = "us-east-1"
    endpoint_url: str | None = None
    max_attempts: int | None = None
    latency_seconds: float = 0.0

    def options(self) -> ConnectOptions:
        return ConnectOptions(profile=self.profile, region=self.region, endpoint_url=self.endpoint_url,
                              max_attempts=self.max_attempts, latency_seconds=self.latency_seconds)


class MemberAccessError(Exception):
    """The member account cannot be reached: assuming the role or the first call was refused."""

    def __init__(self, api: str, code: str, message: str) -> None:
        super().__init__(f"{api}: {code}: {message}")
        self.api = api
        self.code = code
        self.message = message


_lock = threading.Lock()
_base: dict[str | None, tuple[boto3.Session, str, str]] = {}
_sessions: dict[tuple[str, str], tuple[boto3.Session, float]] = {}  # (account, role) -> session, expiry
_loader: Any = None


def _new_session(**kwargs: Any) -> boto3.Session:
    """A boto3 session sharing this process's model loader (models are parsed once per process)."""
    global _loader
    session = boto3.Session(**kwargs)
    if _loader is None:
        _loader = lean_models(session)._session.get_component("data_loader")
    else:
        session._session.register_component("data_loader", _loader)
    return session


def base_session(access: MemberAccess) -> tuple[boto3.Session, str, str]:
    """This process's own session, its account id and partition (GetCallerIdentity once per process)."""
    with _lock:
        known = _base.get(access.profile)
    if known is not None:
        return known
    session = _new_session(profile_name=access.profile, region_name=access.region)
    sts = new_client(session, "sts", endpoint_url=access.options().endpoint,
                     config=Config(retries={"mode": "standard", "max_attempts": 3}))
    try:
        identity = sts.get_caller_identity()
    except (ClientError, BotoCoreError) as exc:
        code, message = error_of(exc)
        raise MemberAccessError("GetCallerIdentity", code, message) from exc
    arn = str(identity["Arn"])
    found = (session, str(identity["Account"]), arn.split(":")[1] if arn.startswith("arn:") else "aws")
    with _lock:
        _base[access.profile] = found
    return found


def member_session(access: MemberAccess, account: str) -> tuple[boto3.Session, str]:
    """A boto3 session in ``account`` (own credentials when it is this process's own account), made once
    per process and account and shared by the units of that account the process runs, until its
    credentials near their expiry: a boto3 session costs about 15 ms of CPU, and one per unit was a fifth
    of an organization scan's CPU. Make clients from it with ``ssrm.sources.aws.clients.new_client`` (a
    boto3 session is not safe to make clients from in several threads at once)."""
    base, own_account, partition = base_session(access)
    key = (account, access.role_name)
    with _lock:
        known = _sessions.get(key)
    if known is not None and known[1] - time.time() >= REFRESH_MARGIN_S:
        return known[0], partition
    if account == own_account:
        creds = base.get_credentials()
        frozen = creds.get_frozen_credentials() if creds else None
        if frozen is None:
            raise MemberAccessError("GetCallerIdentity", "NoCredentials", "no credentials in this process")
        session = _new_session(aws_access_key_id=frozen.access_key, aws_secret_access_key=frozen.secret_key,
                               aws_session_token=frozen.token, region_name=access.region)
        # The process's own credentials refresh themselves only through ``base``: re-read them hourly.
        expiry = time.time() + REFRESH_MARGIN_S + 3600
    else:
        creds, expiry = _assume(access, base, account, partition)
        session = _new_session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                               aws_session_token=creds["SessionToken"], region_name=access.region)
    with _lock:
        _sessions[key] = (session, expiry)
    return session, partition


def _assume(access: MemberAccess, base: boto3.Session, account: str, partition: str) -> tuple[dict[str, Any], float]:
    role_arn = f"arn:{partition}:iam::{account}:role/{access.role_name}"
    params: dict[str, Any] = {"RoleArn": role_arn, "RoleSessionName": SESSION_NAME}
    if access.external_id:
        params["ExternalId"] = access.external_id
    sts = new_client(base, "sts", endpoint_url=access.options().endpoint,
                     config=Config(retries={"mode": "standard", "max_attempts": 3}))
    try:
        creds = sts.assume_role(**params)["Credentials"]
    except (ClientError, BotoCoreError) as exc:
        code, message = error_of(exc)
        raise MemberAccessError("AssumeRole", code, message) from exc
    expiration = creds.get("Expiration")
    expiry = expiration.timestamp() if hasattr(expiration, "timestamp") else time.time() + 3600
    return creds, expiry


def forget_credentials() -> None:
    """Drop cached sessions and credentials (tests that restart the emulator)."""
    with _lock:
        _base.clear()
        _sessions.clear()
