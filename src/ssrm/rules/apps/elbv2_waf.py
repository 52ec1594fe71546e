"""Application Load Balancers behind AWS WAF (FSBP ELB.16), read from the web ACLs' associations."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.apps.elbv2 import LoadBalancerV2
from ssrm.model.resources.edge.wafv2 import WafV2WebAcl
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.identity.listing import not_scanned, require_listed


@rule(
    id="elbv2_alb_waf_attached",
    title="Internet-facing Application Load Balancers are protected by an AWS WAF web ACL",
    resource_type=LoadBalancerV2, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="AS1.1",
    uses=(WafV2WebAcl,),
    remediation=Remediation(
        text="Associate a regional WAF web ACL (at least the AWS managed core rule set and known bad inputs) "
             "with the load balancer.",
        cli="aws wafv2 associate-web-acl --web-acl-arn <WEB_ACL_ARN> --resource-arn <ALB_ARN>",
        terraform='resource "aws_wafv2_web_acl_association" "alb" {\n  resource_arn = aws_lb.this.arn\n'
                  '  web_acl_arn  = aws_wafv2_web_acl.this.arn\n}',
    ),
    references=("FSBP ELB.16",),
    skips="Network and gateway load balancers (WAF does not attach to them); internal load balancers.",
)
def alb_waf_attached(lb: LoadBalancerV2, inv: Inventory) -> Verdict:
    """An ALB without WAF hands every injection and bot request straight to the application."""
    if lb.lb_type != "application":
        return not_applicable(f"{lb.lb_type} load balancers cannot carry a WAF web ACL")
    if lb.scheme != "internet-facing":
        return not_applicable("internal load balancer")
    skipped = not_scanned(inv, "wafv2", "WAF")
    if skipped:
        return skipped
    require_listed(inv, WafV2WebAcl.resource_type)
    for acl in inv.in_region(WafV2WebAcl, lb.region):
        if acl.scope != "REGIONAL":
            continue
        acl.need("associated_resources")
        if lb.arn in acl.associated_resources:
            return passed(f"protected by web ACL {acl.name}")
    return failed(f"internet-facing ALB {lb.name} has no WAF web ACL")
