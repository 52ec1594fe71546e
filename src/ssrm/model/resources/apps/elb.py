"""Classic Load Balancers (the ``elb`` API, before elbv2)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ssrm.model.resource import Resource, resource_type


class ClassicListener(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    protocol: str  # HTTP, HTTPS, TCP, SSL
    port: int
    instance_protocol: str = ""
    certificate_id: str | None = None  # an ACM or IAM server certificate ARN


@resource_type
class ClassicLoadBalancer(Resource):
    resource_type = "AWS::ElasticLoadBalancing::LoadBalancer"
    service = "elb"

    scheme: str = "internet-facing"
    dns_name: str = ""
    vpc_id: str | None = None
    availability_zones: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()
    instance_ids: tuple[str, ...] = ()
    listeners: tuple[ClassicListener, ...] = ()
    connection_draining: bool = False
    cross_zone: bool = False
    access_logs_enabled: bool = False
    desync_mitigation_mode: str = "defensive"  # AWS's default when the attribute is absent
