"""A realistic benign day of CloudTrail, for measuring false alarms (tests and benchmarks).

Who is on it, each with its habits: people browsing the console through IAM Identity Center, a CI role
deploying through CloudFormation (the stack's writes are made by the service), a Terraform apply (a refresh of
a few hundred reads, then writes), a scheduled Lambda function, application instances using their instance
role from their own addresses, ssrm's own read-only audit (hundreds of List/Describe/Get calls in minutes, a
few denied), a developer with long-term keys, and AWS services acting on their own.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

from ssrm.detect.synthetic import ACCOUNT

OFFICE = "192.0.2"  # people's egress network
INSTANCE_EGRESS = ("198.51.100.21", "198.51.100.22", "198.51.100.23")  # the app instances' public addresses
LAMBDA_EGRESS = "198.51.100.140"
BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Safari/605.1"
BOTO = "Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux#5.10.223 md/arch#x86_64 lang/python#3.12.4"
TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.9.3 (+https://www.terraform.io) terraform-provider-aws/5.60.0"
CLI = "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.9"

_CONSOLE_READS = (
    ("ec2", "DescribeInstances"), ("ec2", "DescribeSecurityGroups"), ("ec2", "DescribeVpcs"),
    ("s3", "ListBuckets"), ("s3", "GetBucketPolicy"), ("iam", "ListRoles"), ("iam", "GetRole"),
    ("cloudwatch", "DescribeAlarms"), ("logs", "DescribeLogGroups"), ("lambda", "ListFunctions20150331"),
    ("rds", "DescribeDBInstances"), ("cloudformation", "DescribeStacks"), ("health", "DescribeEventAggregates"),
    ("ce", "GetCostAndUsage"), ("sso", "ListAccounts"),
)
_AUDIT_SERVICES = ("ec2", "iam", "s3", "rds", "lambda", "kms", "cloudtrail", "config", "guardduty", "logs", "sns",
                   "sqs", "dynamodb", "elasticloadbalancing", "ecr", "ecs", "eks", "secretsmanager", "ssm", "acm")
_AUDIT_VERBS = ("Describe{}s", "List{}s", "Get{}Policy", "Get{}Configuration")
_AUDIT_NOUNS = ("Instance", "Volume", "Snapshot", "Key", "Trail", "Detector", "Topic", "Queue", "Table", "Cluster",
                "Repository", "Certificate", "Function", "Bucket", "Role", "User")


def _identity(kind: str, name: str, session: str = "", key: str = "", invoked_by: str = "") -> dict[str, Any]:
    if kind == "IAMUser":
        ident: dict[str, Any] = {"type": "IAMUser", "principalId": f"AIDA{name.upper()[:12]}",
                                 "arn": f"arn:aws:iam::{ACCOUNT}:user/{name}", "accountId": ACCOUNT,
                                 "accessKeyId": key, "userName": name}
    elif kind == "AWSService":
        return {"type": "AWSService", "invokedBy": name}
    else:
        ident = {"type": "AssumedRole", "principalId": f"AROA{name.upper()[:12]}:{session}",
                 "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{name}/{session}", "accountId": ACCOUNT,
                 "accessKeyId": "ASIA" + uuid.uuid5(uuid.NAMESPACE_DNS, name + session).hex[:16].upper(),
                 "sessionContext": {"sessionIssuer": {"type": "Role", "arn": f"arn:aws:iam::{ACCOUNT}:role/{name}",
                                                      "accountId": ACCOUNT, "userName": name},
                                    "attributes": {"mfaAuthenticated": "false"}}}
    if invoked_by:
        ident["invokedBy"] = invoked_by
    return ident


def _event(rnd: random.Random, when: datetime, ident: dict[str, Any], service: str, name: str, ip: str,
           agent: str, request: dict[str, Any] | None = None, error: str | None = None,
           region: str = "us-east-1") -> dict[str, Any]:
    rec: dict[str, Any] = {
        "eventVersion": "1.09", "userIdentity": ident, "eventTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": f"{service}.amazonaws.com", "eventName": name, "awsRegion": region,
        "sourceIPAddress": ip, "userAgent": agent, "requestParameters": request, "responseElements": None,
        "eventID": str(uuid.UUID(int=rnd.getrandbits(128))), "eventType": "AwsApiCall",
        "readOnly": name.startswith(("Describe", "Get", "List", "Head")), "recipientAccountId": ACCOUNT,
    }
    if error:
        rec["errorCode"], rec["errorMessage"] = error, f"not authorized to perform {service}:{name}"
    return rec


def benign_day(day: datetime, seed: int = 1, scale: int = 1) -> list[dict[str, Any]]:
    """Every record of one ordinary day starting at ``day`` (midnight), sorted by time; ``scale`` multiplies
    the steady traffic (instances, Lambda) to make the day longer."""
    rnd = random.Random(seed)
    out: list[dict[str, Any]] = []
    req: Any  # request parameters differ in shape from one event kind to the next
    t: float

    def at(hour: float) -> datetime:
        return day + timedelta(hours=hour)

    # People on the console, through Identity Center, in office hours.
    for person in ("alice", "bruno", "chen", "dana", "emil"):
        ident = _identity("AssumedRole", "AWSReservedSSO_PowerUser_5b1f", f"{person}@corp.example")
        start = 8 + rnd.random() * 2
        out.append(_event(rnd, at(start), ident, "signin", "ConsoleLogin", f"{OFFICE}.{rnd.randrange(2, 250)}",
                          BROWSER, None))
        out[-1]["additionalEventData"] = {"MFAUsed": "No", "LoginTo": "https://console.aws.amazon.com"}
        out[-1]["responseElements"] = {"ConsoleLogin": "Success"}
        for _ in range(150):
            svc, name = rnd.choice(_CONSOLE_READS)
            out.append(_event(rnd, at(start + rnd.random() * 8), ident, svc, name, f"{OFFICE}.{rnd.randrange(2, 250)}",
                              BROWSER))
    # CI deploys through CloudFormation: the pipeline asks, the service writes.
    for k in range(8):
        t = 9 + k
        ci = _identity("AssumedRole", "github-deploy", f"gha-{seed}-{k}")
        out.append(_event(rnd, at(t), ci, "cloudformation", "CreateChangeSet", "198.51.100.200", BOTO,
                          {"stackName": "app", "changeSetName": f"cs-{k}"}))
        out.append(_event(rnd, at(t + 0.01), ci, "cloudformation", "ExecuteChangeSet", "198.51.100.200", BOTO,
                          {"stackName": "app", "changeSetName": f"cs-{k}"}))
        by_cfn = _identity("AssumedRole", "github-deploy", f"gha-{seed}-{k}", invoked_by="cloudformation.amazonaws.com")
        for svc, name, req in (("lambda", "UpdateFunctionCode20150331v2", {"functionName": "api"}),
                               ("iam", "PutRolePolicy", {"roleName": "api", "policyName": "tables"}),
                               ("lambda", "UpdateFunctionConfiguration20150331v2", {"functionName": "api",
                                                                                    "layers": ["arn:layer:deps:3"]}),
                               ("iam", "PassRole", {"roleName": "api"})):
            out.append(_event(rnd, at(t + 0.02), by_cfn, svc, name, "cloudformation.amazonaws.com",
                              "cloudformation.amazonaws.com", req))
        for _ in range(20):
            out.append(_event(rnd, at(t + 0.02 + rnd.random() * 0.1), ci, "cloudformation", "DescribeStackEvents",
                              "198.51.100.200", BOTO, {"stackName": "app"}))
    # A Terraform apply: refresh (hundreds of reads), then writes.
    tf = _identity("AssumedRole", "terraform", "tf-apply")
    t0 = 14.0
    refresh = [(s, v.format(n)) for s in _AUDIT_SERVICES[:10] for v in _AUDIT_VERBS[:2] for n in _AUDIT_NOUNS[:4]]
    for svc, name in refresh:
        out.append(_event(rnd, at(t0 + rnd.random() * 0.05), tf, svc, name, "198.51.100.201", TERRAFORM))
    for svc, name, req in (
        ("lambda", "UpdateFunctionCode20150331v2", {"functionName": "worker", "publish": True}),
        ("s3", "PutBucketPolicy", {"bucketName": "trail-logs", "bucketPolicy": {"Statement": [
            {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject"}]}}),
        ("ec2", "AuthorizeSecurityGroupIngress", {"groupId": "sg-db", "ipPermissions": {"items": [
            {"ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432,
             "ipRanges": {"items": [{"cidrIp": "10.0.0.0/16"}]}}]}}),
        ("ec2", "CreateTags", {"resourcesSet": {"items": [{"resourceId": "i-0aaa"}]}}),
        ("iam", "PutRolePolicy", {"roleName": "worker", "policyName": "queue", "policyDocument":
                                  '{"Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}'}),
    ):
        out.append(_event(rnd, at(t0 + 0.06 + rnd.random() * 0.02), tf, svc, name, "198.51.100.201", TERRAFORM, req))
    # ssrm's own read-only audit: a sweep of many distinct APIs in minutes, a few refused.
    audit = _identity("AssumedRole", "ssrm-audit", "ssrm-scan")
    fixed = random.Random(0)  # the same tool calls the same APIs every day
    apis = [(s, v.format(n)) for s in _AUDIT_SERVICES for v in _AUDIT_VERBS for n in fixed.sample(_AUDIT_NOUNS, 3)]
    for i, (svc, name) in enumerate(apis):
        denied = "AccessDenied" if i % 97 == 5 else None
        out.append(_event(rnd, at(6 + rnd.random() * 0.08), audit, svc, name, "198.51.100.202", BOTO + " ssrm",
                          error=denied))
    # A scheduled Lambda every 15 minutes.
    fn = _identity("AssumedRole", "nightly-report", "nightly-report")
    for q in range(96 * scale):
        t = q / (4 * scale)
        for svc, name, req in (("s3", "GetObject", {"bucketName": "reports", "key": f"in/{q}.csv"}),
                               ("secretsmanager", "GetSecretValue", {"secretId": "reporting/db"}),
                               ("ssm", "GetParameter", {"name": "/reporting/api-key", "withDecryption": True}),
                               ("dynamodb", "Query", {"tableName": "runs"}),
                               ("s3", "PutObject", {"bucketName": "reports", "key": f"out/{q}.pdf"})):
            out.append(_event(rnd, at(t + rnd.random() * 0.01), fn, svc, name, LAMBDA_EGRESS, BOTO, req))
    # Application instances, through their instance role, from their own addresses.
    for n, ip in enumerate(INSTANCE_EGRESS):
        inst = _identity("AssumedRole", "web-app", f"i-0{uuid.uuid5(uuid.NAMESPACE_DNS, ip).hex[:16]}")
        for _ in range(400 * scale):
            svc, name, req = rnd.choice((("s3", "GetObject", {"bucketName": "assets", "key": "a.png"}),
                                         ("kms", "Decrypt", None), ("sqs", "ReceiveMessage", {"queueUrl": "q"}),
                                         ("dynamodb", "GetItem", {"tableName": "sessions"}),
                                         ("s3", "PutObject", {"bucketName": "uploads", "key": f"u/{n}"})))
            out.append(_event(rnd, at(rnd.random() * 24), inst, svc, name, ip, BOTO, req))
    # A developer with long-term keys.
    dev = _identity("IAMUser", "dev-bob", key="AKIAEXAMPLEBOB00001")
    for _ in range(60):
        svc, name, req = rnd.choice((("s3", "PutObject", {"bucketName": "scratch", "key": "x"}),
                                     ("logs", "FilterLogEvents", {"logGroupName": "/aws/lambda/api"}),
                                     ("lambda", "Invoke", {"functionName": "api"}),
                                     ("sts", "GetCallerIdentity", None)))
        out.append(_event(rnd, at(10 + rnd.random() * 7), dev, svc, name, f"{OFFICE}.77", CLI, req))
    # AWS services acting on their own.
    for q in range(48):
        svc_ident = _identity("AWSService", "config.amazonaws.com")
        out.append(_event(rnd, at(q / 2), svc_ident, "ec2", "DescribeInstances", "config.amazonaws.com",
                          "config.amazonaws.com"))
    out.sort(key=lambda r: r["eventTime"])
    return out
