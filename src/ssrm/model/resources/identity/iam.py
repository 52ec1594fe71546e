"""IAM: principals, their policies, and the account-wide IAM settings.

Account-level records have their own types (documented here, not CloudFormation's):
- ``AWS::IAM::RootUser``: the root user's MFA and access keys, from the credential report, the account
  summary and the virtual MFA device list;
- ``AWS::IAM::PasswordPolicy``: always one record; ``exists`` is False when none is set (AWS defaults apply).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ssrm.model.resource import Resource, resource_type

AWS_MANAGED_POLICY_PREFIX = ":iam::aws:policy/"
SERVICE_LINKED_ROLE_PATH = "/aws-service-role/"


class InlinePolicy(BaseModel):
    """A policy embedded in one user, group or role."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    document: dict[str, Any] = Field(default_factory=dict)


class AccessKeyState(BaseModel):
    """One access key slot of the credential report (AWS allows two per user)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    slot: int
    active: bool
    last_rotated: datetime | None = None
    last_used: datetime | None = None


class IamPrincipal(Resource):
    """What users, groups and roles share: a path, inline policies and attached managed policies."""

    path: str = "/"
    inline_policies: list[InlinePolicy] = Field(default_factory=list)
    attached_policy_arns: list[str] = Field(default_factory=list)


@resource_type
class IamUser(IamPrincipal):
    resource_type = "AWS::IAM::User"
    service = "iam"

    created: datetime | None = None
    groups: list[str] = Field(default_factory=list)
    permissions_boundary_arn: str | None = None
    # From the credential report; listed in ``unknown`` when the report could not be read.
    password_enabled: bool = False
    password_last_used: datetime | None = None
    mfa_active: bool = False
    access_keys: list[AccessKeyState] = Field(default_factory=list)

    @property
    def active_keys(self) -> list[AccessKeyState]:
        return [key for key in self.access_keys if key.active]


@resource_type
class IamGroup(IamPrincipal):
    resource_type = "AWS::IAM::Group"
    service = "iam"

    members: list[str] = Field(default_factory=list)


@resource_type
class IamRole(IamPrincipal):
    resource_type = "AWS::IAM::Role"
    service = "iam"

    created: datetime | None = None
    trust_policy: dict[str, Any] = Field(default_factory=dict)
    instance_profile_arns: list[str] = Field(default_factory=list)
    permissions_boundary_arn: str | None = None
    last_used: datetime | None = None
    max_session_seconds: int = 3600

    @property
    def service_linked(self) -> bool:
        return self.path.startswith(SERVICE_LINKED_ROLE_PATH)


@resource_type
class IamManagedPolicy(Resource):
    """A managed policy: customer-managed ones all, AWS-managed ones only when attached to something."""

    resource_type = "AWS::IAM::ManagedPolicy"
    service = "iam"

    path: str = "/"
    aws_managed: bool = False
    default_version_id: str = ""
    document: dict[str, Any] = Field(default_factory=dict)
    attachment_count: int = 0
    attachable: bool = True


@resource_type
class IamInstanceProfile(Resource):
    resource_type = "AWS::IAM::InstanceProfile"
    service = "iam"

    path: str = "/"
    role_arns: list[str] = Field(default_factory=list)


@resource_type
class IamPasswordPolicy(Resource):
    resource_type = "AWS::IAM::PasswordPolicy"
    service = "iam"

    exists: bool = False
    minimum_length: int | None = None
    require_symbols: bool = False
    require_numbers: bool = False
    require_uppercase: bool = False
    require_lowercase: bool = False
    allow_users_to_change: bool = False
    max_age_days: int | None = None
    reuse_prevention: int | None = None
    hard_expiry: bool = False


@resource_type
class IamRootUser(Resource):
    """The account's root user.

    ``last_used`` is the latest of the password's and the access keys' last use (credential report).
    ``virtual_mfa`` says a virtual (software) device is assigned to root; with ``mfa_active`` and no
    virtual device, the root MFA is a hardware device.
    """

    resource_type = "AWS::IAM::RootUser"
    service = "iam"

    mfa_active: bool = False
    virtual_mfa: bool = False
    access_keys_present: bool = False
    access_keys: list[AccessKeyState] = Field(default_factory=list)
    password_last_used: datetime | None = None
    last_used: datetime | None = None


@resource_type
class IamSamlProvider(Resource):
    resource_type = "AWS::IAM::SAMLProvider"
    service = "iam"

    valid_until: datetime | None = None


@resource_type
class IamOidcProvider(Resource):
    resource_type = "AWS::IAM::OIDCProvider"
    service = "iam"

    url: str = ""


@resource_type
class IamServerCertificate(Resource):
    resource_type = "AWS::IAM::ServerCertificate"
    service = "iam"

    path: str = "/"
    uploaded: datetime | None = None
    expiration: datetime | None = None


def is_aws_managed_policy(arn: str) -> bool:
    return AWS_MANAGED_POLICY_PREFIX in arn
