"""WAFv2 web ACL rules: rules present and enforcing, managed rules, metrics, logging, and in use."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, Status
from ssrm.model.resources.edge.cloudfront import CloudFrontDistribution
from ssrm.model.resources.edge.wafv2 import WafV2WebAcl
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule

UPDATE = ("aws wafv2 get-web-acl --name NAME --scope REGIONAL --id ID > acl.json && aws wafv2 update-web-acl "
          "--name NAME --scope REGIONAL --id ID --lock-token TOKEN --default-action Allow={} "
          "--visibility-config file://visibility.json --rules file://rules.json")
ACL_TF = 'resource "aws_wafv2_web_acl" "this" {{\n{}\n}}'
MANAGED_RULE_TF = ACL_TF.format(
    '  rule {\n    name     = "common"\n    priority = 0\n    override_action {\n      none {}\n    }\n'
    '    statement {\n      managed_rule_group_statement {\n        vendor_name = "AWS"\n'
    '        name        = "AWSManagedRulesCommonRuleSet"\n      }\n    }\n    visibility_config {\n'
    '      cloudwatch_metrics_enabled = true\n      metric_name                = "common"\n'
    '      sampled_requests_enabled   = true\n    }\n  }')


@rule(
    id="wafv2_web_acl_has_rules", title="WAF web ACLs have at least one rule or rule group",
    description="A web ACL with no rules inspects nothing; the resource it protects is as exposed as without it.",
    resource_type=WafV2WebAcl, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="AS1.1",
    needs=("rules",),
    remediation=Remediation(
        text="Add rules or rule groups (start with the AWS managed common rule set) to the web ACL.",
        cli=UPDATE, terraform=MANAGED_RULE_TF,
    ),
    references=("FSBP WAF.10",),
)
def has_rules(acl: WafV2WebAcl, inv: Inventory) -> Verdict:
    if acl.rules:
        return passed(f"{len(acl.rules)} rule(s)")
    return failed(f"web ACL {acl.label} has no rules: every request gets the default action {acl.default_action}")


@rule(
    id="wafv2_web_acl_managed_rules", title="WAF web ACLs use a managed rule group",
    resource_type=WafV2WebAcl, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="AS1.1",
    needs=("rules",),
    remediation=Remediation(
        text="Add an AWS managed rule group (e.g. AWSManagedRulesCommonRuleSet, KnownBadInputsRuleSet).",
        cli=UPDATE, terraform=MANAGED_RULE_TF,
    ),
    skips="which managed groups are chosen and whether they fit the application",
)
def managed_rules(acl: WafV2WebAcl, inv: Inventory) -> Verdict:
    """Managed groups track common exploits without the team writing and maintaining signatures."""
    groups = [r.managed_group for r in acl.rules if r.managed_group]
    if groups:
        return passed(f"managed rule group {groups[0]}")
    return failed(f"web ACL {acl.label} uses no managed rule group")


@rule(
    id="wafv2_web_acl_rules_enforced", title="WAF web ACLs enforce at least one rule (not all in count mode)",
    description="Rules in count mode only observe; a web ACL with every rule counting blocks nothing.",
    resource_type=WafV2WebAcl, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="AS1.1",
    needs=("rules",),
    remediation=Remediation(
        text="Once tuned, switch rules from Count to Block (rule groups: override action none).",
        cli=UPDATE, terraform=MANAGED_RULE_TF,
    ),
    skips="web ACLs without rules (wafv2_web_acl_has_rules); rules counted inside a rule group",
)
def rules_enforced(acl: WafV2WebAcl, inv: Inventory) -> Verdict:
    if not acl.rules:
        return not_applicable("no rules")
    if all(r.action == "Count" for r in acl.rules):
        return failed(f"web ACL {acl.label} only counts: all {len(acl.rules)} rule(s) are in Count mode")
    return passed("at least one rule is enforced")


@rule(
    id="wafv2_web_acl_metrics", title="WAF web ACLs and their rules publish CloudWatch metrics",
    description="CloudWatch metrics show how much traffic each rule matches, so attacks and broken rules are noticed.",
    resource_type=WafV2WebAcl, layer=Layer.APPS, domain=Domain.THREAT_DETECTION, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1562.008"), phase=Phase.QUICK_WINS, smm="TD1.1",
    needs=("rules", "metrics_enabled"),
    remediation=Remediation(
        text="Set CloudWatchMetricsEnabled in the visibility config of the web ACL and of each rule.",
        cli=UPDATE,
        terraform=ACL_TF.format('  visibility_config {\n    cloudwatch_metrics_enabled = true\n'
                                '    metric_name                = "acl"\n    sampled_requests_enabled   = true\n  }'),
    ),
    references=("FSBP WAF.12",),
)
def metrics(acl: WafV2WebAcl, inv: Inventory) -> Verdict:
    if not acl.metrics_enabled:
        return failed(f"web ACL {acl.label} has CloudWatch metrics off")
    dark = [r.name for r in acl.rules if not r.metrics_enabled]
    if dark:
        return failed(f"rule {dark[0]} of web ACL {acl.label} has CloudWatch metrics off")
    return passed("metrics on for the web ACL and every rule")


@rule(
    id="wafv2_web_acl_logging", title="WAF web ACLs log the requests they inspect",
    description=("WAF logs record the requests it inspected and the rule that matched, the evidence for tuning rules "
                 "and for incidents."),
    resource_type=WafV2WebAcl, layer=Layer.APPS, domain=Domain.THREAT_DETECTION, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1562.008"), phase=Phase.QUICK_WINS, smm="TD1.2",
    needs=("logging_destinations",),
    remediation=Remediation(
        text="Send web ACL logs to a CloudWatch Logs group named aws-waf-logs-*, an S3 bucket or Firehose.",
        cli="aws wafv2 put-logging-configuration --logging-configuration "
            "ResourceArn=WEB_ACL_ARN,LogDestinationConfigs=LOG_GROUP_ARN",
        terraform='resource "aws_wafv2_web_acl_logging_configuration" "this" {\n'
                  '  resource_arn            = aws_wafv2_web_acl.this.arn\n'
                  '  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]\n}',
    ),
    references=("FSBP WAF.11",),
)
def logging(acl: WafV2WebAcl, inv: Inventory) -> Verdict:
    if acl.logging_destinations:
        return passed(f"logs to {acl.logging_destinations[0]}")
    return failed(f"web ACL {acl.label} has no logging configuration")


@rule(
    id="wafv2_web_acl_in_use", title="WAF web ACLs protect at least one resource",
    resource_type=WafV2WebAcl, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.QUICK_WINS, smm="AS1.1",
    needs=("associated_resources",), uses=(CloudFrontDistribution,), runtime_only=True,
    remediation=Remediation(
        text="Associate the web ACL with the load balancer, API stage or distribution it was meant for, or "
             "delete it.",
        cli="aws wafv2 associate-web-acl --web-acl-arn WEB_ACL_ARN --resource-arn RESOURCE_ARN",
        terraform='resource "aws_wafv2_web_acl_association" "this" {\n  resource_arn = aws_lb.app.arn\n'
                  '  web_acl_arn  = aws_wafv2_web_acl.this.arn\n}',
    ),
    skips="CloudFront-scope web ACLs are matched against the scanned distributions' web ACL ids",
)
def in_use(acl: WafV2WebAcl, inv: Inventory) -> Verdict:
    """An unattached web ACL gives the comfort of protection without any."""
    if acl.scope == "CLOUDFRONT":
        if not inv.scanned("cloudfront"):
            return Verdict(Status.ERROR, "CloudFront was not scanned: which distributions use it is unknown")
        users = [d.label for d in inv.of_type(CloudFrontDistribution) if d.web_acl_id in (acl.arn, acl.id)]
    else:
        users = acl.associated_resources
    if users:
        return passed(f"protects {users[0]}" + (f" and {len(users) - 1} more" if len(users) > 1 else ""))
    return failed(f"web ACL {acl.label} is associated with no resource")


RATE_RULE_TF = ACL_TF.format(
    '  rule {\n    name     = "per-ip-rate"\n    priority = 1\n    action {\n      block {}\n    }\n'
    '    statement {\n      rate_based_statement {\n        limit              = 2000\n'
    '        aggregate_key_type = "IP"\n      }\n    }\n    visibility_config {\n'
    '      cloudwatch_metrics_enabled = true\n      metric_name                = "per-ip-rate"\n'
    '      sampled_requests_enabled   = true\n    }\n  }')


@rule(
    id="wafv2_web_acl_custom_rules", title="WAF web ACLs add rules of their own to the managed ones",
    description=("Managed rule groups know common exploits, not the application: rules written for its own paths, "
                 "parameters and abuse patterns (allow-lists, geo, header checks) close what they leave open."),
    resource_type=WafV2WebAcl, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.EFFICIENT, smm="AS3.2",
    needs=("rules",),
    remediation=Remediation(
        text="Add rules (or a rule group of your own) for the application's own threats, next to the managed "
             "groups: e.g. block admin paths from outside, require expected headers, limit methods.",
        cli=UPDATE, terraform=RATE_RULE_TF,
    ),
    skips="whether the custom rules fit the application",
)
def custom_rules(acl: WafV2WebAcl, inv: Inventory) -> Verdict:
    own = [r.name for r in acl.rules if not r.managed_group]
    if own:
        return passed(f"rules of its own: {', '.join(own[:3])}")
    if not acl.rules:
        return failed(f"web ACL {acl.label} has no rules at all")
    return failed(f"web ACL {acl.label} has only managed rule groups, no rule of its own")


@rule(
    id="wafv2_web_acl_rate_based_rule", title="WAF web ACLs limit request rates (application-layer DDoS)",
    description=("A rate-based rule blocks a client that sends more requests than a human would; without one, an "
                 "HTTP flood or credential stuffing reaches the application at full speed."),
    resource_type=WafV2WebAcl, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1499.002", "T1110.004"), phase=Phase.EFFICIENT, smm="AS3.3",
    needs=("rules",),
    remediation=Remediation(
        text="Add a rate-based rule (per IP, a limit above the busiest legitimate client) in Block or Challenge; "
             "for large attacks, AWS Shield Advanced adds automatic L7 mitigation.",
        cli=UPDATE, terraform=RATE_RULE_TF,
    ),
    skips="Shield Advanced automatic application-layer mitigation (not collected)",
)
def rate_based_rule(acl: WafV2WebAcl, inv: Inventory) -> Verdict:
    limits = [r.name for r in acl.rules if r.rate_based]
    if limits:
        return passed(f"rate-based rule {limits[0]}")
    return failed(f"web ACL {acl.label} has no rate-based rule")
