"""Application, Network and Gateway Load Balancers (elbv2) with their listeners and attributes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ssrm.model.resource import Resource, resource_type


class ListenerAction(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str  # forward, redirect, fixed-response, authenticate-oidc, authenticate-cognito
    target_group_arns: tuple[str, ...] = ()
    redirect_protocol: str | None = None
    redirect_port: str | None = None
    status_code: str | None = None


class Listener(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    arn: str
    protocol: str  # HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE
    port: int | None = None
    ssl_policy: str | None = None
    certificate_arns: tuple[str, ...] = ()
    default_actions: tuple[ListenerAction, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.protocol}:{self.port}"

    @property
    def terminates_tls(self) -> bool:
        return self.protocol in {"HTTPS", "TLS"}

    @property
    def redirects_to_https(self) -> bool:
        """Every default action is a redirect to HTTPS (an ALB's answer to plain HTTP)."""
        return bool(self.default_actions) and all(
            a.type == "redirect" and (a.redirect_protocol or "").upper() == "HTTPS" for a in self.default_actions
        )


@resource_type
class LoadBalancerV2(Resource):
    resource_type = "AWS::ElasticLoadBalancingV2::LoadBalancer"
    service = "elbv2"

    lb_type: str = "application"  # application, network, gateway
    scheme: str = "internet-facing"
    dns_name: str = ""
    vpc_id: str | None = None
    subnet_ids: tuple[str, ...] = ()
    availability_zones: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()
    listeners: tuple[Listener, ...] = ()
    access_logs_enabled: bool = False
    access_logs_bucket: str | None = None
    deletion_protection: bool = False
    drop_invalid_header_fields: bool = False
    desync_mitigation_mode: str | None = None

    @property
    def internet_facing(self) -> bool:
        return self.scheme == "internet-facing"

    @property
    def is_application(self) -> bool:
        return self.lb_type == "application"
