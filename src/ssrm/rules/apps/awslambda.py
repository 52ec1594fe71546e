"""Lambda function rules: who can invoke, how it authenticates callers, what it runs, what it carries."""

from __future__ import annotations

from datetime import UTC, datetime

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage, Status
from ssrm.model.resources.apps.awslambda import LambdaFunction
from ssrm.model.resources.compute.network import Subnet
from ssrm.model.resources.identity.iam import IamManagedPolicy, IamRole
from ssrm.rules.apps.access import data_actions_allowed, policy_documents
from ssrm.rules.apps.lambda_runtimes import deprecation_date
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule
from ssrm.rules.policy import actions_of, public_statements


@rule(
    id="lambda_function_public_policy",
    title="Lambda function policies do not let anyone invoke or change the function",
    resource_type=LambdaFunction, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.CRITICAL,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1648"), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("policy",),
    remediation=Remediation(
        text="Remove the statement granting Principal \"*\", or pin it with aws:SourceArn/aws:SourceAccount "
             "(for service triggers) or aws:PrincipalOrgID.",
        cli="aws lambda remove-permission --function-name <function> --statement-id <sid>",
        terraform='resource "aws_lambda_permission" "trigger" {\n  principal      = "s3.amazonaws.com"\n'
                  '  source_arn     = aws_s3_bucket.uploads.arn\n'
                  '  source_account = data.aws_caller_identity.me.account_id\n}',
    ),
    references=("FSBP Lambda.1", "CIS 2.21"),
    skips="Statements for AWS service principals, and the Principal \"*\" statement that a function URL's "
          "AuthType NONE requires (conditioned on lambda:FunctionUrlAuthType; judged by "
          "lambda_function_url_auth_none).",
)
def function_public_policy(function: LambdaFunction, inv: Inventory) -> Verdict:
    """A resource policy statement open to every AWS principal lets anyone call (or reconfigure) the code."""
    if function.policy is None:
        return passed("no resource-based policy")
    public = public_statements(function.policy)
    if not public:
        return passed("resource policy grants no unconditioned access to Principal *")
    described = "; ".join(f"{s.get('Sid') or 'statement'}: {', '.join(actions_of(s)) or '*'}" for s in public)
    return failed(f"resource policy lets Principal * without a restricting condition: {described}")


@rule(
    id="lambda_function_url_auth_none",
    title="Lambda function URLs require IAM authentication",
    resource_type=LambdaFunction, layer=Layer.APPS, domain=Domain.IDENTITY, severity=Severity.HIGH,
    stage=Stage.INITIAL_ACCESS, attack=("T1190", "T1648"), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("function_urls",),
    remediation=Remediation(
        text="Set the URL's AuthType to AWS_IAM (callers sign requests), or delete the URL and front the "
             "function with API Gateway or an ALB that authenticates.",
        cli="aws lambda update-function-url-config --function-name <function> --auth-type AWS_IAM",
        terraform='resource "aws_lambda_function_url" "this" {\n'
                  '  function_name      = aws_lambda_function.this.function_name\n'
                  '  authorization_type = "AWS_IAM"\n}',
    ),
    references=("CIS 2.21",),
    skips="Functions without a URL. Whether the code authenticates callers itself cannot be seen from the "
          "configuration.",
)
def function_url_auth(function: LambdaFunction, inv: Inventory) -> Verdict:
    """AuthType NONE makes the URL a public HTTPS endpoint anyone on the internet can call."""
    if not function.function_urls:
        return not_applicable("no function URL")
    open_urls = [u for u in function.function_urls if u.auth_type.upper() == "NONE"]
    if open_urls:
        listed = ", ".join(u.url + (f" (alias {u.qualifier})" if u.qualifier else "") for u in open_urls)
        return failed(f"function URL with AuthType NONE: {listed}")
    return passed(f"{len(function.function_urls)} function URL(s), all with AuthType AWS_IAM")


def _today() -> datetime:
    return datetime.now(UTC)


@rule(
    id="lambda_function_deprecated_runtime",
    title="Lambda functions run on a runtime AWS still patches",
    resource_type=LambdaFunction, layer=Layer.APPS, domain=Domain.VULNERABILITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1190",), phase=Phase.FOUNDATIONAL, smm="VM2.2",
    remediation=Remediation(
        text="Move the function to a supported runtime of the same language (test the code on it first).",
        cli="aws lambda update-function-configuration --function-name <function> --runtime python3.13",
        terraform='resource "aws_lambda_function" "this" {\n  runtime = "python3.13"\n}',
    ),
    references=("FSBP Lambda.2",),
    skips="Container-image functions (their runtime lives in the image; scan the image instead). Runtimes "
          "whose deprecation date is still ahead pass, with the date in the reason.",
)
def function_runtime(function: LambdaFunction, inv: Inventory) -> Verdict:
    """After deprecation a runtime gets no more security patches from AWS."""
    if not function.runtime:
        return not_applicable(f"{function.package_type} package: the runtime is inside the image")
    deprecated_on = deprecation_date(function.runtime)
    today = _today().date()
    if deprecated_on is None:
        return passed(f"runtime {function.runtime} is supported")
    if deprecated_on <= today:
        return failed(f"runtime {function.runtime} was deprecated on {deprecated_on.isoformat()}")
    return passed(f"runtime {function.runtime} is supported until {deprecated_on.isoformat()}")


@rule(
    id="lambda_function_env_secrets",
    title="Lambda environment variables hold no credentials",
    resource_type=LambdaFunction, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1552", "T1552.001"), phase=Phase.FOUNDATIONAL, smm="AS2.2",
    remediation=Remediation(
        text="Store the value in Secrets Manager (or SSM Parameter Store SecureString), grant the role read "
             "access to that one secret, fetch it at start-up, and rotate the exposed credential.",
        cli="aws secretsmanager create-secret --name <app>/<name> --secret-string file://value.txt && "
            "aws lambda update-function-configuration --function-name <function> "
            "--environment 'Variables={SECRET_ARN=<secret arn>}'",
        terraform='resource "aws_lambda_function" "this" {\n  environment {\n'
                  '    variables = { DB_SECRET_ARN = aws_secretsmanager_secret.db.arn }\n  }\n}',
    ),
    skips="Values that reference a secret (ARNs, {{resolve:...}}, paths) and obvious placeholders.",
)
def function_env_secrets(function: LambdaFunction, inv: Inventory) -> Verdict:
    """Anyone with lambda:GetFunctionConfiguration reads environment values in clear text."""
    if function.environment_secret_hints:
        return failed("credentials in environment: " + "; ".join(function.environment_secret_hints))
    names = len(function.environment_variable_names)
    return passed(f"no credentials found in {names} environment variable(s)" if names else "no environment")


@rule(
    id="lambda_function_not_in_vpc",
    title="Lambda functions whose role reaches data run inside a VPC",
    resource_type=LambdaFunction, layer=Layer.APPS, domain=Domain.INFRASTRUCTURE, severity=Severity.LOW,
    stage=Stage.EXFILTRATE, attack=("T1048", "T1530"), phase=Phase.FOUNDATIONAL, smm="IP2.3",
    uses=(IamRole, IamManagedPolicy),
    remediation=Remediation(
        text="Attach the function to private subnets with a security group, and reach AWS data services "
             "through VPC endpoints so egress can be controlled and logged.",
        cli="aws lambda update-function-configuration --function-name <function> "
            "--vpc-config SubnetIds=<subnet-a>,<subnet-b>,SecurityGroupIds=<sg>",
        terraform='resource "aws_lambda_function" "this" {\n  vpc_config {\n'
                  '    subnet_ids         = var.private_subnet_ids\n'
                  '    security_group_ids = [aws_security_group.fn.id]\n  }\n}',
    ),
    references=("FSBP Lambda.3",),
    skips="Functions whose execution role grants no data reads (nothing to exfiltrate, the VPC adds little), "
          "and functions whose role is not in the inventory (identity not scanned).",
)
def function_in_vpc(function: LambdaFunction, inv: Inventory) -> Verdict:
    """Outside a VPC a function's egress is unrestricted and invisible to flow logs."""
    if function.in_vpc:
        assert function.vpc is not None
        return passed(f"attached to {function.vpc.vpc_id or 'a VPC'} ({len(function.vpc.subnet_ids)} subnet(s))")
    role = inv.get(IamRole, function.role_arn)
    if role is None:
        return not_applicable(f"execution role {function.role_arn or '(none)'} is not in the inventory")
    reads = data_actions_allowed(policy_documents(role, inv))
    if not reads:
        return not_applicable(f"role {role.label} grants no data reads")
    return failed(f"not in a VPC while role {role.label} can {', '.join(reads[:4])}")


@rule(
    id="lambda_function_multi_az",
    title="VPC Lambda functions run in subnets of at least two Availability Zones",
    resource_type=LambdaFunction, layer=Layer.APPS, domain=Domain.RESILIENCY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1499",), phase=Phase.FOUNDATIONAL, smm="RS2.1",
    needs=("vpc",), uses=(Subnet,),
    remediation=Remediation(
        text="Give the function subnets in at least two Availability Zones.",
        cli="aws lambda update-function-configuration --function-name <function> "
            "--vpc-config SubnetIds=<subnet-az-a>,<subnet-az-b>,SecurityGroupIds=<sg>",
        terraform='resource "aws_lambda_function" "this" {\n  vpc_config {\n'
                  '    subnet_ids         = [aws_subnet.a.id, aws_subnet.b.id]\n'
                  '    security_group_ids = [aws_security_group.fn.id]\n  }\n}',
    ),
    references=("FSBP Lambda.5",),
    skips="Functions not attached to a VPC (Lambda spreads them across zones itself).",
)
def function_multi_az(function: LambdaFunction, inv: Inventory) -> Verdict:
    """A VPC function whose subnets sit in one zone stops running when that zone fails."""
    if not function.in_vpc:
        return not_applicable("not attached to a VPC")
    assert function.vpc is not None
    zones: set[str] = set()
    unseen: list[str] = []
    for subnet_id in function.vpc.subnet_ids:
        subnet = inv.get(Subnet, subnet_id)
        if subnet is None or not subnet.availability_zone:
            unseen.append(subnet_id)
        else:
            zones.add(subnet.availability_zone)
    if len(zones) >= 2:
        return passed(f"subnets in {len(zones)} Availability Zones: {', '.join(sorted(zones))}")
    if unseen:
        return Verdict(Status.ERROR, "zone unknown for subnet(s) not in the inventory: " + ", ".join(unseen))
    return failed(f"all {len(function.vpc.subnet_ids)} subnet(s) in {', '.join(sorted(zones))}")
