"""Declarative tables (see ``table.py``) for network and edge types: API Gateway (REST and HTTP/WebSocket),
CloudFront, load balancers (v2 and classic), WAFv2 web ACLs, Network Firewall, Route 53 hosted zones,
Elastic IPs and transit gateways.

Joins follow references in the code (``aws_lb.web.arn``, ``!Ref LoadBalancer``): a listener, method
setting, WAF association or logging configuration attaches to the record it names; one that names its
target through a value known only at apply makes the joined field unknown for every candidate.
Each default names the AWS documentation it comes from.
"""

from __future__ import annotations

import re
from typing import Any

from ssrm.model.resources.apps.elb import ClassicListener, ClassicLoadBalancer
from ssrm.model.resources.apps.elbv2 import Listener, ListenerAction, LoadBalancerV2
from ssrm.model.resources.compute.network import ElasticIp
from ssrm.model.resources.compute.transit import TransitGateway
from ssrm.model.resources.edge.apigateway import ApiGatewayRestApi, ApiGatewayStage, RestMethod
from ssrm.model.resources.edge.apigatewayv2 import ApiGatewayV2Api, ApiGatewayV2Stage, ApiRoute
from ssrm.model.resources.edge.cloudfront import CloudFrontDistribution, CloudFrontOrigin
from ssrm.model.resources.edge.networkfirewall import NetworkFirewall, NetworkFirewallPolicy, NetworkFirewallRuleGroup
from ssrm.model.resources.edge.route53 import Route53HostedZone
from ssrm.model.resources.edge.wafv2 import WafRule, WafV2WebAcl
from ssrm.sources.iac.mapping.build import Links, as_list, sub
from ssrm.sources.iac.mapping.cloudformation.links import ids as cfn_ids
from ssrm.sources.iac.mapping.table import Field, Table, read_path
from ssrm.sources.iac.mapping.table_support import (
    TF,
    blocks,
    boolean,
    read_block,
    reference,
    referencing,
    strings,
    subnet_facts,
    unresolved,
)
from ssrm.sources.iac.mapping.terraform.links import ids as tf_ids
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.unknown import Unknown, find_unknown


def _arn(raw: RawResource, fmt: str) -> str:
    return str((tf_ids if fmt == TF else cfn_ids)(raw)["arn"])


def _kind(fmt: str, terraform: str, cloudformation: str) -> str:
    return terraform if fmt == TF else cloudformation


def _joined(links: Links, raw: RawResource, fmt: str, kinds: tuple[tuple[str, str, str, str], ...]) -> Any:
    """The companions (kind, attribute naming raw) for ``fmt``, or the Unknown that makes them undecidable."""
    found: list[RawResource] = []
    for terraform, tf_attr, cloudformation, cfn_attr in kinds:
        kind, attr = (terraform, tf_attr) if fmt == TF else (cloudformation, cfn_attr)
        missing = unresolved(links, kind, attr)
        if missing is not None:
            return missing
        found += referencing(links, kind, attr, raw)
    return found


WAF_ASSOCIATION = (("aws_wafv2_web_acl_association", "resource_arn", "AWS::WAFv2::WebACLAssociation", "ResourceArn"),)


def _web_acl_of(raw: RawResource, links: Links, fmt: str) -> Any:
    associations = _joined(links, raw, fmt, WAF_ASSOCIATION)
    if isinstance(associations, Unknown):
        return associations
    for association in associations:
        acl = association.attrs.get("web_acl_arn" if fmt == TF else "WebACLArn")
        return reference(acl) if isinstance(reference(acl), str) else acl
    return None


# --- API Gateway REST ------------------------------------------------------------------------------
def _rest_methods(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    body = raw.attrs.get("body" if fmt == TF else "Body")
    if body is not None or (fmt != TF and raw.attrs.get("BodyS3Location") is not None):
        return {"methods": Unknown("the API is defined by an OpenAPI body: its methods are not read")}
    kinds = (("aws_api_gateway_method", "rest_api_id", "AWS::ApiGateway::Method", "RestApiId"),)
    declared = _joined(links, raw, fmt, kinds)
    if isinstance(declared, Unknown):
        return {"methods": declared}
    methods: list[Any] = []
    for method in declared:
        attrs = method.attrs
        if fmt == TF:
            resource = links.find("aws_api_gateway_resource", attrs.get("resource_id"))
            path = f"/{resource.attrs.get('path_part')}" if resource is not None else "/"
            methods.append(sub(RestMethod, path=path, http_method=attrs.get("http_method"),
                               authorization_type=attrs.get("authorization"),
                               api_key_required=boolean(attrs.get("api_key_required", False))))
        else:
            resource = links.find("AWS::ApiGateway::Resource", reference(attrs.get("ResourceId")))
            path = f"/{resource.attrs.get('PathPart')}" if resource is not None else "/"
            # CloudFormation AWS::ApiGateway::Method: AuthorizationType NONE when omitted
            methods.append(sub(RestMethod, path=path, http_method=attrs.get("HttpMethod"),
                               authorization_type=attrs.get("AuthorizationType", "NONE"),
                               api_key_required=boolean(attrs.get("ApiKeyRequired", False))))
    return {"methods": find_unknown(methods) or methods}


REST_API = Table(
    ApiGatewayRestApi, ("aws_api_gateway_rest_api",), ("AWS::ApiGateway::RestApi",), name=("name", "Name"),
    fields=(Field("endpoint_types", "endpoint_configuration.types", "EndpointConfiguration.Types", ["EDGE"],
                  "API Gateway API CreateRestApi: endpointConfiguration EDGE", lambda v: list(strings(v))),),
    derived=("methods",), derive=_rest_methods)


def _settings_all(raw: RawResource, links: Links, fmt: str) -> Any:
    """The stage-wide (*/*) method settings: a dict, or Unknown."""
    if fmt == TF:
        found: Any = {}
        missing = unresolved(links, "aws_api_gateway_method_settings", "rest_api_id")
        if missing is not None:
            return missing
        api, stage = raw.attrs.get("rest_api_id"), raw.attrs.get("stage_name")
        for settings in links.of_kind("aws_api_gateway_method_settings"):
            named = settings.attrs.get("stage_name")
            if isinstance(named, Unknown) and settings.attrs.get("rest_api_id") == api:
                return Unknown(f"{settings.address} names its stage only at apply")
            if settings.attrs.get("rest_api_id") == api and named == stage \
                    and settings.attrs.get("method_path") == "*/*":
                block = read_block(settings.attrs, "settings")
                found = block if isinstance(block, (dict, Unknown)) else {}
        return found
    entries = blocks(raw.attrs.get("MethodSettings"))
    if isinstance(entries, Unknown):
        return entries
    for entry in entries:
        if entry.get("HttpMethod") == "*" and entry.get("ResourcePath") == "/*":
            return {"logging_level": entry.get("LoggingLevel"), "caching_enabled": entry.get("CachingEnabled"),
                    "cache_data_encrypted": entry.get("CacheDataEncrypted")}
    return {}


def _rest_stage_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    settings = _settings_all(raw, links, fmt)
    values: dict[str, Any] = {}
    # API Gateway MethodSetting defaults: loggingLevel OFF, cachingEnabled false, cacheDataEncrypted false
    for name, default in (("logging_level", "OFF"), ("caching_enabled", False), ("cache_data_encrypted", False)):
        value = settings if isinstance(settings, Unknown) else settings.get(name)
        values[name] = default if value is None else (str(value).upper() if name == "logging_level"
                                                      else boolean(value))
    api = links.find(_kind(fmt, "aws_api_gateway_rest_api", "AWS::ApiGateway::RestApi"),
                     raw.attrs.get("rest_api_id" if fmt == TF else "RestApiId"))
    values["api_name"] = str(api.attrs.get("name" if fmt == TF else "Name") or api.address) if api else ""
    values["web_acl_arn"] = _web_acl_of(raw, links, fmt)
    return values


REST_STAGE = Table(
    ApiGatewayStage, ("aws_api_gateway_stage",), ("AWS::ApiGateway::Stage",), name=("stage_name", "StageName"),
    fields=(
        Field("api_id", "rest_api_id", "RestApiId"),
        Field("stage_name", "stage_name", "StageName"),
        Field("access_log_destination", "access_log_settings.destination_arn", "AccessLogSetting.DestinationArn",
              None, "API Gateway API Stage: no access logs unless accessLogSettings is set"),
        Field("tracing_enabled", "xray_tracing_enabled", "TracingEnabled", False,
              "API Gateway API CreateStage: tracingEnabled false", boolean),
        Field("client_certificate_id", "client_certificate_id", "ClientCertificateId", None,
              "API Gateway: no client certificate unless given"),
        Field("cache_cluster_enabled", "cache_cluster_enabled", "CacheClusterEnabled", False,
              "API Gateway API CreateStage: cacheClusterEnabled false", boolean),
    ),
    derived=("logging_level", "caching_enabled", "cache_data_encrypted", "api_name", "web_acl_arn"),
    derive=_rest_stage_derive)


# --- API Gateway HTTP / WebSocket ------------------------------------------------------------------
def _routes(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    if raw.attrs.get("body" if fmt == TF else "Body") is not None:
        return {"routes": Unknown("the API is defined by an OpenAPI body: its routes are not read")}
    kinds = (("aws_apigatewayv2_route", "api_id", "AWS::ApiGatewayV2::Route", "ApiId"),)
    declared = _joined(links, raw, fmt, kinds)
    if isinstance(declared, Unknown):
        return {"routes": declared}
    keys = ("route_key", "authorization_type", "api_key_required") if fmt == TF else \
        ("RouteKey", "AuthorizationType", "ApiKeyRequired")
    # AuthorizationType NONE when omitted (API Gateway v2 API CreateRoute)
    routes = [sub(ApiRoute, route_key=r.attrs.get(keys[0]), authorization_type=r.attrs.get(keys[1], "NONE"),
                  api_key_required=boolean(r.attrs.get(keys[2], False))) for r in declared]
    quick = raw.attrs.get("route_key" if fmt == TF else "RouteKey")
    if quick is not None:  # quick create: one route, no authorizer
        routes.append(sub(ApiRoute, route_key=quick, authorization_type="NONE"))
    return {"routes": find_unknown(routes) or routes}


HTTP_API = Table(
    ApiGatewayV2Api, ("aws_apigatewayv2_api",), ("AWS::ApiGatewayV2::Api",), name=("name", "Name"),
    fields=(Field("protocol_type", "protocol_type", "ProtocolType", convert=lambda v: str(v).upper()),),
    live_only={"endpoint": "assigned at creation"},
    derived=("routes",), derive=_routes)


def _v2_stage_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    api = links.find(_kind(fmt, "aws_apigatewayv2_api", "AWS::ApiGatewayV2::Api"),
                     raw.attrs.get("api_id" if fmt == TF else "ApiId"))
    if api is None:
        protocol: Any = Unknown("the stage's API is not declared in the code, so its protocol is not known")
        name = ""
    else:
        protocol = api.attrs.get("protocol_type" if fmt == TF else "ProtocolType")
        protocol = protocol if isinstance(protocol, Unknown) else str(protocol).upper()
        name = str(api.attrs.get("name" if fmt == TF else "Name") or api.address)
    return {"protocol_type": protocol, "api_name": name}


V2_STAGE = Table(
    ApiGatewayV2Stage, ("aws_apigatewayv2_stage",), ("AWS::ApiGatewayV2::Stage",), name=("name", "StageName"),
    fields=(
        Field("api_id", "api_id", "ApiId"),
        Field("stage_name", "name", "StageName"),
        Field("access_log_destination", "access_log_settings.destination_arn", "AccessLogSettings.DestinationArn",
              None, "API Gateway v2: no access logs unless accessLogSettings is set"),
        Field("logging_level", "default_route_settings.logging_level", "DefaultRouteSettings.LoggingLevel", "OFF",
              "API Gateway v2 API RouteSettings: loggingLevel OFF", lambda v: str(v).upper()),
    ),
    derived=("protocol_type", "api_name"), derive=_v2_stage_derive)


# --- CloudFront ------------------------------------------------------------------------------------
S3_DOMAIN = re.compile(r"^(?P<bucket>[a-z0-9.\-]+)\.s3(?:[.-][a-z0-9\-]+)?\.amazonaws\.com$")
CF_KEYS = {
    TF: {"id": "origin_id", "domain": "domain_name", "custom": "custom_origin_config", "s3": "s3_origin_config",
         "oai": "origin_access_identity", "oac": "origin_access_control_id", "policy": "origin_protocol_policy",
         "ssl": "origin_ssl_protocols"},
    "cloudformation": {"id": "Id", "domain": "DomainName", "custom": "CustomOriginConfig", "s3": "S3OriginConfig",
                       "oai": "OriginAccessIdentity", "oac": "OriginAccessControlId",
                       "policy": "OriginProtocolPolicy", "ssl": "OriginSSLProtocols"},
}


def _origin(item: dict[str, Any], fmt: str) -> Any:
    k = CF_KEYS[fmt]
    domain = item.get(k["domain"])
    if isinstance(domain, Unknown):  # e.g. a bucket's regional domain name: known at apply, shown by reference
        shown = reference(domain)
        domain = shown if isinstance(shown, str) else "(known at apply)"
    custom = item.get(k["custom"])
    custom = custom[0] if isinstance(custom, list) and custom else custom
    s3 = read_path(item, f"{k['s3']}.{k['oai']}")
    match = S3_DOMAIN.match(str(domain))
    return sub(CloudFrontOrigin, id=item.get(k["id"]), domain_name=domain, s3=not custom,
               bucket=match.group("bucket") if match and not custom else None,
               origin_access_control_id=item.get(k["oac"]) or None, origin_access_identity=s3 or None,
               protocol_policy=custom.get(k["policy"]) if isinstance(custom, dict) else None,
               ssl_protocols=strings(custom.get(k["ssl"])) if isinstance(custom, dict) else ())


def _distribution_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    config = raw.attrs if fmt == TF else (raw.attrs.get("DistributionConfig") or {})
    if isinstance(config, Unknown):
        return dict.fromkeys(("origins", "origin_groups", "viewer_protocol_policies", "default_certificate",
                              "minimum_protocol_version", "logging_enabled", "logging_bucket"), config)
    tf = fmt == TF
    origins = blocks(config.get("origin" if tf else "Origins"))
    groups = blocks(config.get("origin_group")) if tf else blocks(read_path(config, "OriginGroups.Items"))
    default = read_path(config, "default_cache_behavior.viewer_protocol_policy" if tf
                        else "DefaultCacheBehavior.ViewerProtocolPolicy")
    ordered = blocks(config.get("ordered_cache_behavior" if tf else "CacheBehaviors"))
    key = "viewer_protocol_policy" if tf else "ViewerProtocolPolicy"
    policies = [default, *([b.get(key) for b in ordered] if isinstance(ordered, list) else [ordered])]
    certificate = read_block(config, "viewer_certificate" if tf else "ViewerCertificate")
    certificate = certificate if isinstance(certificate, (dict, Unknown)) else {}
    if isinstance(certificate, Unknown):
        custom_cert: Any = certificate
        minimum: Any = certificate
    else:
        names = ("acm_certificate_arn", "iam_certificate_id") if tf else ("AcmCertificateArn", "IamCertificateId")
        chosen = [certificate.get(n) for n in names if certificate.get(n) is not None]
        custom_cert = find_unknown(chosen) or bool(chosen)
        # CloudFront API ViewerCertificate: MinimumProtocolVersion TLSv1 when not given
        minimum = certificate.get("minimum_protocol_version" if tf else "MinimumProtocolVersion") or "TLSv1"
    logging = read_block(config, "logging_config" if tf else "Logging")
    bucket = read_path(config, "logging_config.bucket" if tf else "Logging.Bucket")
    return {
        "origins": origins if isinstance(origins, Unknown) else
        (find_unknown(found := [_origin(o, fmt) for o in origins]) or found),
        "origin_groups": groups if isinstance(groups, Unknown) else len(groups),
        "viewer_protocol_policies": find_unknown(policies) or [str(p) for p in policies if p is not None],
        "default_certificate": custom_cert if isinstance(custom_cert, Unknown) else not custom_cert,
        "ssl_support_method": None if custom_cert is False else certificate.get(
            "ssl_support_method" if tf else "SslSupportMethod") if isinstance(certificate, dict) else certificate,
        "minimum_protocol_version": minimum,
        "logging_enabled": logging is not None if not isinstance(logging, Unknown) else logging,
        "logging_bucket": bucket,
    }


DISTRIBUTION = Table(
    CloudFrontDistribution, ("aws_cloudfront_distribution",), ("AWS::CloudFront::Distribution",),
    fields=(
        Field("enabled", "enabled", "DistributionConfig.Enabled", convert=boolean),
        Field("web_acl_id", "web_acl_id", "DistributionConfig.WebACLId", None, "CloudFront: no web ACL unless given"),
        Field("geo_restriction", "restrictions.geo_restriction.restriction_type",
              "DistributionConfig.Restrictions.GeoRestriction.RestrictionType", "none",
              "CloudFront API GeoRestriction: none"),
        Field("default_root_object", "default_root_object", "DistributionConfig.DefaultRootObject", None,
              "CloudFront API DistributionConfig: no default root object"),
    ),
    live_only={"domain_name": "assigned at creation",
               "missing_s3_origins": "whether an origin bucket exists is known only in a live account"},
    derived=("origins", "origin_groups", "viewer_protocol_policies", "default_certificate", "ssl_support_method",
             "minimum_protocol_version", "logging_enabled", "logging_bucket"),
    derive=_distribution_derive)


# --- Elastic Load Balancing v2 ---------------------------------------------------------------------
LB_ATTRIBUTES = {  # CloudFormation LoadBalancerAttributes key -> field (Elastic Load Balancing attribute defaults)
    "access_logs.s3.enabled": ("access_logs_enabled", False),
    "access_logs.s3.bucket": ("access_logs_bucket", None),
    "deletion_protection.enabled": ("deletion_protection", False),
    "routing.http.drop_invalid_header_fields.enabled": ("drop_invalid_header_fields", False),
    "routing.http.desync_mitigation_mode": ("desync_mitigation_mode", "defensive"),
}
LISTENER_KINDS = (("aws_lb_listener", "load_balancer_arn", "AWS::ElasticLoadBalancingV2::Listener", "LoadBalancerArn"),
                  ("aws_alb_listener", "load_balancer_arn", "", ""))
# Elastic Load Balancing API CreateListener: the default security policy when none is given
DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08"


def _action(item: dict[str, Any], fmt: str) -> Any:
    tf = fmt == TF
    redirect = read_block(item, "redirect" if tf else "RedirectConfig")
    redirect = redirect if isinstance(redirect, dict) else {}
    target = item.get("target_group_arn" if tf else "TargetGroupArn")
    return sub(ListenerAction, type=item.get("type" if tf else "Type"),
               target_group_arns=strings([target] if target is not None else []),
               redirect_protocol=redirect.get("protocol" if tf else "Protocol"),
               redirect_port=None if redirect.get("port" if tf else "Port") is None
               else str(redirect.get("port" if tf else "Port")),
               status_code=redirect.get("status_code" if tf else "StatusCode"))


def _listener(raw: RawResource, fmt: str, lb_type: Any) -> Any:
    tf, attrs = fmt == TF, raw.attrs
    protocol = attrs.get("protocol" if tf else "Protocol")
    if protocol is None:  # AWS provider aws_lb_listener: HTTP for application load balancers
        protocol = "HTTP" if lb_type == "application" else Unknown(f"{raw.address} sets no protocol")
    protocol = protocol if isinstance(protocol, Unknown) else str(protocol).upper()
    policy = attrs.get("ssl_policy" if tf else "SslPolicy")
    if policy is None and protocol in ("HTTPS", "TLS"):
        policy = DEFAULT_SSL_POLICY
    certificates = [attrs.get("certificate_arn")] if tf else \
        [c.get("CertificateArn") for c in blocks(attrs.get("Certificates")) or []]
    actions = blocks(attrs.get("default_action" if tf else "DefaultActions"))
    port = attrs.get("port" if tf else "Port")
    return sub(Listener, arn=_arn(raw, fmt), protocol=protocol, port=port if port is None else int(port),
               ssl_policy=policy, certificate_arns=strings([c for c in certificates if c is not None]),
               default_actions=actions if isinstance(actions, Unknown) else
               (find_unknown(found := [_action(a, fmt) for a in actions]) or tuple(found)))


def _lb_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    tf = fmt == TF
    lb_type = raw.attrs.get("load_balancer_type" if tf else "Type") or "application"
    subnets = raw.attrs.get("subnets" if tf else "Subnets")
    if subnets is None:
        mappings = blocks(raw.attrs.get("subnet_mapping" if tf else "SubnetMappings"))
        subnets = mappings if isinstance(mappings, Unknown) else \
            [m.get("subnet_id" if tf else "SubnetId") for m in mappings]
    vpc, zones = subnet_facts(subnets, links, fmt)
    kinds = LISTENER_KINDS if tf else LISTENER_KINDS[:1]
    declared = _joined(links, raw, fmt, kinds)
    listeners = declared if isinstance(declared, Unknown) else \
        (find_unknown(found := [_listener(r, fmt, lb_type) for r in declared]) or tuple(found))
    values: dict[str, Any] = {"subnet_ids": strings(subnets or []), "vpc_id": vpc, "availability_zones": zones,
                              "listeners": listeners}
    if tf:
        logs = read_block(raw.attrs, "access_logs")
        values["access_logs_enabled"] = logs if isinstance(logs, Unknown) else \
            bool(logs) and boolean(read_path(raw.attrs, "access_logs.enabled") or False)
        values["access_logs_bucket"] = read_path(raw.attrs, "access_logs.bucket")
        return values
    attributes = blocks(raw.attrs.get("LoadBalancerAttributes"))
    given = {} if isinstance(attributes, Unknown) else {a.get("Key"): a.get("Value") for a in attributes}
    for key, (name, default) in LB_ATTRIBUTES.items():
        value = attributes if isinstance(attributes, Unknown) else given.get(key, default)
        values[name] = value if isinstance(value, Unknown) or name in ("access_logs_bucket", "desync_mitigation_mode") \
            else boolean(value)
    return values


def _scheme(value: Any) -> Any:
    return "internal" if boolean(value) is True else "internet-facing"


def _lb_v2_all(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    values = _lb_derive(raw, links, fmt)
    if fmt == TF:
        internal = raw.attrs.get("internal")
        values["scheme"] = internal if isinstance(internal, Unknown) else _scheme(internal)
        # Elastic Load Balancing attribute defaults: deletion protection off, invalid headers kept, defensive
        for name, attr, default in (("deletion_protection", "enable_deletion_protection", False),
                                    ("drop_invalid_header_fields", "drop_invalid_header_fields", False)):
            value = raw.attrs.get(attr)
            values[name] = default if value is None else boolean(value)
        values["desync_mitigation_mode"] = raw.attrs.get("desync_mitigation_mode") or "defensive"
    return values


# Terraform's "internal" is a bool and CloudFormation's attributes are LoadBalancerAttributes: both derived.
LOAD_BALANCER_V2 = Table(
    LoadBalancerV2, ("aws_lb", "aws_alb"), ("AWS::ElasticLoadBalancingV2::LoadBalancer",), name=("name", "Name"),
    fields=(
        Field("lb_type", "load_balancer_type", "Type", "application",
              "Elastic Load Balancing API CreateLoadBalancer: Type application"),
        Field("security_group_ids", "security_groups", "SecurityGroups", (),
              "the VPC's default security group", strings),
        Field("scheme", None, "Scheme", "internet-facing",
              "Elastic Load Balancing API CreateLoadBalancer: Scheme internet-facing"),
    ),
    live_only={"dns_name": "assigned at creation"},
    derived=("subnet_ids", "vpc_id", "availability_zones", "listeners", "access_logs_enabled", "access_logs_bucket",
             "deletion_protection", "drop_invalid_header_fields", "desync_mitigation_mode"),
    derive=_lb_v2_all)


def _upper_text(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


# --- Classic ELB -----------------------------------------------------------------------------------
def _classic_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    tf = fmt == TF
    subnets = raw.attrs.get("subnets" if tf else "Subnets")
    if subnets:
        vpc, zones = subnet_facts(subnets, links, fmt)
    else:
        vpc, zones = None, strings(raw.attrs.get("availability_zones" if tf else "AvailabilityZones") or [])
    items = blocks(raw.attrs.get("listener" if tf else "Listeners"))
    keys = ("lb_protocol", "lb_port", "instance_protocol", "ssl_certificate_id") if tf else \
        ("Protocol", "LoadBalancerPort", "InstanceProtocol", "SSLCertificateId")
    listeners = items if isinstance(items, Unknown) else [
        sub(ClassicListener, protocol=_upper_text(i.get(keys[0])),
            port=i.get(keys[1]), instance_protocol=str(i.get(keys[2]) or "").upper(), certificate_id=i.get(keys[3]))
        for i in items]
    instances: Any = strings(raw.attrs.get("instances" if tf else "Instances") or [])
    if tf:
        missing = unresolved(links, "aws_elb_attachment", "elb")
        attached = [a.attrs.get("instance") for a in referencing(links, "aws_elb_attachment", "elb", raw)]
        instances = missing or (instances if isinstance(instances, Unknown) else strings([*instances, *attached]))
        logs = read_block(raw.attrs, "access_logs")
        # AWS provider aws_elb: access_logs.enabled defaults to true when the block is given
        logging: Any = logs if isinstance(logs, Unknown) else (
            bool(logs) and boolean(read_path(raw.attrs, "access_logs.enabled") if
                                   read_path(raw.attrs, "access_logs.enabled") is not None else True))
    else:
        logging = boolean(read_path(raw.attrs, "AccessLoggingPolicy.Enabled") or False)
    return {"vpc_id": vpc, "availability_zones": zones, "instance_ids": instances,
            "listeners": listeners if isinstance(listeners, Unknown) else (find_unknown(listeners) or tuple(listeners)),
            "access_logs_enabled": logging,
            "scheme": _scheme(raw.attrs.get("internal")) if tf else (raw.attrs.get("Scheme") or "internet-facing")}


def _classic_all(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    values = _classic_derive(raw, links, fmt)
    if fmt == TF:
        cross = raw.attrs.get("cross_zone_load_balancing")
        values["cross_zone"] = True if cross is None else boolean(cross)  # AWS provider aws_elb: true
        values["desync_mitigation_mode"] = raw.attrs.get("desync_mitigation_mode") or "defensive"
    else:
        # ELB API CrossZoneLoadBalancing: off when created through the API
        values["cross_zone"] = boolean(raw.attrs.get("CrossZone") or False)
        values["desync_mitigation_mode"] = "defensive"  # ELB attribute default; CloudFormation cannot set it
    return values


CLASSIC_LOAD_BALANCER = Table(
    ClassicLoadBalancer, ("aws_elb",), ("AWS::ElasticLoadBalancing::LoadBalancer",),
    name=("name", "LoadBalancerName"),
    fields=(
        Field("security_group_ids", "security_groups", "SecurityGroups", (), "the VPC's default group", strings),
        Field("connection_draining", "connection_draining", "ConnectionDrainingPolicy.Enabled", False,
              "ELB API: connection draining off unless enabled", boolean),
    ),
    live_only={"dns_name": "assigned at creation"},
    # cross_zone: the AWS provider turns it on for aws_elb, the ELB API (CloudFormation) leaves it off;
    # desync_mitigation_mode: ELB attribute elb.http.desyncmitigationmode defaults to defensive.
    derived=("vpc_id", "availability_zones", "instance_ids", "listeners", "access_logs_enabled", "scheme",
             "cross_zone", "desync_mitigation_mode"),
    derive=_classic_all)


# --- WAFv2 -----------------------------------------------------------------------------------------
def _waf_rule(item: dict[str, Any], fmt: str) -> Any:
    tf = fmt == TF
    statement = read_block(item, "statement" if tf else "Statement")
    statement = statement if isinstance(statement, dict) else {}
    managed = read_block(statement, "managed_rule_group_statement" if tf else "ManagedRuleGroupStatement")
    own = read_block(statement, "rule_group_reference_statement" if tf else "RuleGroupReferenceStatement")
    group = managed is not None or own is not None
    chosen = read_block(item, ("override_action" if group else "action") if tf else
                       ("OverrideAction" if group else "Action"))
    action = next((str(k) for k, v in chosen.items() if v is not None), None) if isinstance(chosen, dict) else None
    action = (action or ("None" if group else "Allow")).capitalize()
    vendor = ("vendor_name", "name") if tf else ("VendorName", "Name")
    metrics = read_path(item, "visibility_config.cloudwatch_metrics_enabled" if tf
                        else "VisibilityConfig.CloudWatchMetricsEnabled")
    rate = read_block(statement, "rate_based_statement" if tf else "RateBasedStatement")
    return sub(WafRule, name=item.get("name" if tf else "Name"), action=action,
               managed_group=f"{managed.get(vendor[0])}/{managed.get(vendor[1])}" if isinstance(managed, dict)
               else None, rule_group=group, rate_based=rate is not None,
               metrics_enabled=True if metrics is None else boolean(metrics))


def _acl_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    tf = fmt == TF
    if tf and raw.attrs.get("rule_json") is not None:
        rules: Any = Unknown("rules are given as rule_json, which ssrm does not read")
    else:
        items = blocks(raw.attrs.get("rule" if tf else "Rules"))
        rules = items if isinstance(items, Unknown) else (find_unknown(found := [_waf_rule(i, fmt) for i in items])
                                                          or found)
    default = read_block(raw.attrs, "default_action" if tf else "DefaultAction")
    default_action = next((str(k).capitalize() for k, v in default.items() if v is not None), "Allow") \
        if isinstance(default, dict) else default
    logging_kinds = (("aws_wafv2_web_acl_logging_configuration", "resource_arn",
                      "AWS::WAFv2::LoggingConfiguration", "ResourceArn"),)
    configs = _joined(links, raw, fmt, logging_kinds)
    key = "log_destination_configs" if tf else "LogDestinationConfigs"
    destinations = configs if isinstance(configs, Unknown) else \
        list(strings([d for c in configs for d in as_list(c.attrs.get(key))]))
    associations = _joined(links, raw, fmt, (("aws_wafv2_web_acl_association", "web_acl_arn",
                                              "AWS::WAFv2::WebACLAssociation", "WebACLArn"),))
    attr = "resource_arn" if tf else "ResourceArn"
    associated: Any = associations
    if not isinstance(associations, Unknown):
        associated = []
        for association in associations:
            target = reference(association.attrs.get(attr))
            found_kinds = [k for k in links.by_kind if links.find(k, target) is not None] \
                if isinstance(target, str) else []
            record = links.find(found_kinds[0], target) if found_kinds else None
            associated.append(_arn(record, fmt) if record is not None else target)
        associated = find_unknown(associated) or associated
    return {"rules": rules, "default_action": default_action, "logging_destinations": destinations,
            "associated_resources": associated}


WEB_ACL = Table(
    WafV2WebAcl, ("aws_wafv2_web_acl",), ("AWS::WAFv2::WebACL",), name=("name", "Name"),
    fields=(
        Field("scope", "scope", "Scope", convert=lambda v: str(v).upper()),
        Field("metrics_enabled", "visibility_config.cloudwatch_metrics_enabled",
              "VisibilityConfig.CloudWatchMetricsEnabled", convert=boolean),
    ),
    derived=("rules", "default_action", "logging_destinations", "associated_resources"), derive=_acl_derive)


# --- Network Firewall ------------------------------------------------------------------------------
def _firewall_logs(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    kinds = (("aws_networkfirewall_logging_configuration", "firewall_arn",
              "AWS::NetworkFirewall::LoggingConfiguration", "FirewallArn"),)
    configs = _joined(links, raw, fmt, kinds)
    if isinstance(configs, Unknown):
        return {"log_types": configs}
    path = "logging_configuration.log_destination_config" if fmt == TF else \
        "LoggingConfiguration.LogDestinationConfigs"
    key = "log_type" if fmt == TF else "LogType"
    types: list[Any] = []
    for config in configs:
        entries = blocks(read_path(config.attrs, path))
        if isinstance(entries, Unknown):
            return {"log_types": entries}
        types += [e.get(key) for e in entries]
    return {"log_types": find_unknown(types) or [str(t) for t in types if t is not None]}


FIREWALL = Table(
    NetworkFirewall, ("aws_networkfirewall_firewall",), ("AWS::NetworkFirewall::Firewall",),
    name=("name", "FirewallName"),
    fields=(
        Field("vpc_id", "vpc_id", "VpcId"),
        Field("policy_arn", "firewall_policy_arn", "FirewallPolicyArn"),
        Field("deletion_protection", "delete_protection", "DeleteProtection", False,
              "Network Firewall API CreateFirewall: DeleteProtection false", boolean),
        Field("policy_change_protection", "firewall_policy_change_protection", "FirewallPolicyChangeProtection",
              False, "Network Firewall API CreateFirewall: FirewallPolicyChangeProtection false", boolean),
        Field("subnet_change_protection", "subnet_change_protection", "SubnetChangeProtection", False,
              "Network Firewall API CreateFirewall: SubnetChangeProtection false", boolean),
    ),
    derived=("log_types",), derive=_firewall_logs)


def _group_refs(raw: RawResource, fmt: str, tf_path: str, cfn_path: str) -> Any:
    entries = blocks(read_path(raw.attrs, tf_path if fmt == TF else cfn_path))
    if isinstance(entries, Unknown):
        return entries
    return list(strings([e.get("resource_arn" if fmt == TF else "ResourceArn") for e in entries]))


def _policy_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    return {"stateless_rule_groups": _group_refs(raw, fmt, "firewall_policy.stateless_rule_group_reference",
                                                 "FirewallPolicy.StatelessRuleGroupReferences"),
            "stateful_rule_groups": _group_refs(raw, fmt, "firewall_policy.stateful_rule_group_reference",
                                                "FirewallPolicy.StatefulRuleGroupReferences")}


FIREWALL_POLICY = Table(
    NetworkFirewallPolicy, ("aws_networkfirewall_firewall_policy",), ("AWS::NetworkFirewall::FirewallPolicy",),
    name=("name", "FirewallPolicyName"),
    fields=(
        Field("stateless_default_actions", "firewall_policy.stateless_default_actions",
              "FirewallPolicy.StatelessDefaultActions", convert=lambda v: list(strings(v))),
        Field("stateless_fragment_default_actions", "firewall_policy.stateless_fragment_default_actions",
              "FirewallPolicy.StatelessFragmentDefaultActions", convert=lambda v: list(strings(v))),
    ),
    derived=("stateless_rule_groups", "stateful_rule_groups"), derive=_policy_derive)


def _rule_count(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    path = "rule_group.rules_source.stateless_rules_and_custom_actions.stateless_rule" if fmt == TF else \
        "RuleGroup.RulesSource.StatelessRulesAndCustomActions.StatelessRules"
    rules = blocks(read_path(raw.attrs, path))
    return {"rule_count": rules if isinstance(rules, Unknown) else len(rules)}


RULE_GROUP = Table(
    NetworkFirewallRuleGroup, ("aws_networkfirewall_rule_group",), ("AWS::NetworkFirewall::RuleGroup",),
    name=("name", "RuleGroupName"),
    fields=(Field("group_type", "type", "Type", convert=lambda v: str(v).upper()),),
    derived=("rule_count",), derive=_rule_count)


# --- Route 53 --------------------------------------------------------------------------------------
def _zone_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    tf = fmt == TF
    vpcs = blocks(raw.attrs.get("vpc" if tf else "VPCs"))
    if tf:
        missing = unresolved(links, "aws_route53_query_log", "zone_id")
        logs = [q.attrs.get("cloudwatch_log_group_arn") for q in referencing(links, "aws_route53_query_log",
                                                                              "zone_id", raw)]
        signing = [d.attrs.get("signing_status") or "SIGNING"
                   for d in referencing(links, "aws_route53_hosted_zone_dnssec", "hosted_zone_id", raw)]
    else:
        missing = None
        logs = [read_path(raw.attrs, "QueryLoggingConfig.CloudWatchLogsLogGroupArn")]
        signing = ["SIGNING" for _ in referencing(links, "AWS::Route53::DNSSEC", "HostedZoneId", raw)]
    logs = [g for g in logs if g is not None]
    return {"private": vpcs if isinstance(vpcs, Unknown) else bool(vpcs),
            "query_log_group": missing or (logs[0] if logs else None),
            "dnssec_status": signing[0] if signing else "NOT_SIGNING"}


HOSTED_ZONE = Table(
    Route53HostedZone, ("aws_route53_zone",), ("AWS::Route53::HostedZone",), name=("name", "Name"), fields=(),
    live_only={"record_count": "records are counted in the live zone"},
    derived=("private", "query_log_group", "dnssec_status"), derive=_zone_derive)


# --- Elastic IPs and transit gateways --------------------------------------------------------------
def _eip_derive(raw: RawResource, links: Links, fmt: str) -> dict[str, Any]:
    tf = fmt == TF
    instance = raw.attrs.get("instance" if tf else "InstanceId")
    interface = raw.attrs.get("network_interface") if tf else None
    users = (("aws_eip_association", "allocation_id"), ("aws_nat_gateway", "allocation_id")) if tf else \
        (("AWS::EC2::EIPAssociation", "AllocationId"), ("AWS::EC2::EIPAssociation", "EIP"),
         ("AWS::EC2::NatGateway", "AllocationId"))
    association: Any = None
    for kind, attr in users:
        missing = unresolved(links, kind, attr)
        found = referencing(links, kind, attr, raw)
        if found:
            association = found[0].address
            break
        if missing is not None and association is None:
            association = missing
    return {"instance_id": instance, "network_interface_id": interface, "association_id": association}


ELASTIC_IP = Table(
    ElasticIp, ("aws_eip",), ("AWS::EC2::EIP",),
    fields=(Field("domain", "domain", "Domain", "vpc", "EC2 API AllocateAddress: vpc (EC2-Classic is retired)"),),
    live_only={"public_ip": "allocated at creation"},
    derived=("instance_id", "network_interface_id", "association_id"), derive=_eip_derive)

TRANSIT_GATEWAY = Table(
    TransitGateway, ("aws_ec2_transit_gateway",), ("AWS::EC2::TransitGateway",),
    fields=(Field("auto_accept_shared_attachments", "auto_accept_shared_attachments", "AutoAcceptSharedAttachments",
                  False, "EC2 API TransitGatewayRequestOptions: AutoAcceptSharedAttachments disable",
                  lambda v: str(v).lower() == "enable"),),
    constants={"owner_id": ("", "a gateway declared in the code belongs to the deploying account"),
               "state": ("available", "a gateway created from code is available")})

TABLES: list[Table] = [REST_API, REST_STAGE, HTTP_API, V2_STAGE, DISTRIBUTION, LOAD_BALANCER_V2,
                       CLASSIC_LOAD_BALANCER, WEB_ACL, FIREWALL, FIREWALL_POLICY, RULE_GROUP, HOSTED_ZONE,
                       ELASTIC_IP, TRANSIT_GATEWAY]

TERRAFORM_COMPANIONS = frozenset({
    "aws_api_gateway_method", "aws_api_gateway_resource", "aws_api_gateway_method_settings",
    "aws_apigatewayv2_route", "aws_lb_listener", "aws_alb_listener", "aws_elb_attachment",
    "aws_wafv2_web_acl_association", "aws_wafv2_web_acl_logging_configuration",
    "aws_networkfirewall_logging_configuration", "aws_route53_query_log", "aws_route53_hosted_zone_dnssec",
    "aws_eip_association",
})
CLOUDFORMATION_COMPANIONS = frozenset({
    "AWS::ApiGateway::Method", "AWS::ApiGateway::Resource", "AWS::ApiGatewayV2::Route",
    "AWS::ElasticLoadBalancingV2::Listener", "AWS::WAFv2::WebACLAssociation", "AWS::WAFv2::LoggingConfiguration",
    "AWS::NetworkFirewall::LoggingConfiguration", "AWS::Route53::DNSSEC", "AWS::EC2::EIPAssociation",
})
