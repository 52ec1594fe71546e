"""EC2 instance and machine image resource types."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from ssrm.model.resource import Resource, resource_type


class MetadataOptions(BaseModel):
    """The instance metadata service settings (IMDS)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    http_tokens: str = "optional"  # "required" means IMDSv2 only
    http_endpoint: str = "enabled"
    hop_limit: int = 1
    instance_tags: str = "disabled"

    @property
    def endpoint_enabled(self) -> bool:
        return self.http_endpoint != "disabled"

    @property
    def imdsv1_allowed(self) -> bool:
        return self.endpoint_enabled and self.http_tokens != "required"


class SecretFound(BaseModel):
    """A redacted pointer to a credential: what kind, where, and a hint that is never the secret."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    where: str
    hint: str

    def describe(self) -> str:
        return f"{self.kind} in {self.where} ({self.hint})"


@resource_type
class Instance(Resource):
    resource_type = "AWS::EC2::Instance"
    service = "ec2"

    state: str = ""
    instance_type: str = ""
    image_id: str = ""
    platform: str = ""
    virtualization_type: str = ""  # hvm | paravirtual; "" when the source does not say
    launch_time: datetime | None = None
    stopped_since: datetime | None = None
    vpc_id: str | None = None
    subnet_id: str | None = None
    private_ip: str | None = None
    public_ips: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()
    network_interface_ids: tuple[str, ...] = ()
    instance_profile_arn: str | None = None
    key_name: str | None = None
    metadata: MetadataOptions = MetadataOptions()
    has_user_data: bool = False
    user_data_secrets: tuple[SecretFound, ...] = ()
    # Software the image or user data names ("nodejs 8", "ubuntu 18.04"); None when the source does not read it.
    declared_software: tuple[str, ...] | None = None

    @property
    def has_public_ip(self) -> bool:
        return bool(self.public_ips)


@resource_type
class Image(Resource):
    """A machine image (AMI) owned by the scanned account."""

    resource_type = "AWS::EC2::Image"
    service = "ec2"

    owner_id: str = ""
    state: str = ""
    public: bool = False
    shared_with_accounts: tuple[str, ...] = ()
    shared_with_organizations: tuple[str, ...] = ()
    creation_date: str = ""
    snapshot_ids: tuple[str, ...] = ()
    encrypted_snapshots: bool | None = None
