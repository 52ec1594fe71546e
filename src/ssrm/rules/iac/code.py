"""Credentials that infrastructure code exposes outside resources: in outputs and in variable defaults."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.devtools.iac import IacOutput, IacVariable
from ssrm.rules.base import Verdict, failed, not_applicable, passed, rule


@rule(
    id="iam_output_exposes_secret",
    title="Outputs do not expose credentials (access key secrets, passwords, secret values)",
    resource_type=IacOutput, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1552.001",), phase=Phase.FOUNDATIONAL, smm="AS2.2",
    needs=("exposes",),
    remediation=Remediation(
        text="Remove the output; hand the credential over through Secrets Manager instead. Terraform's "
             "sensitive = true only hides it from the CLI: it stays in the state in clear text, and "
             "CloudFormation shows outputs to anyone allowed cloudformation:DescribeStacks.",
        cli="terraform state rm 'aws_iam_access_key.NAME'  # after rotating the key; then delete the output",
        terraform='# delete:\n# output "secret" { value = aws_iam_access_key.ci.secret }'),
    skips="outputs whose value is computed by a function ssrm does not evaluate",
)
def output_exposes_secret(output: IacOutput, inv: Inventory) -> Verdict:
    """Outputs are printed in CI logs, stored in state files and shown in the console."""
    if not output.exposes:
        return passed(f"output {output.label} carries no credential")
    hidden = " (sensitive: hidden from the CLI, still in the state)" if output.sensitive else ""
    return failed(f"output {output.label} exposes {', '.join(output.exposes)}{hidden}")


@rule(
    id="iam_variable_secret_default",
    title="Variables named like passwords or secrets have no hard-coded default",
    resource_type=IacVariable, layer=Layer.APPS, domain=Domain.APPSEC, severity=Severity.HIGH,
    stage=Stage.DISCOVER_SPREAD, attack=("T1552.001",), phase=Phase.FOUNDATIONAL, smm="AS2.2",
    needs=("secret_by_name",),
    remediation=Remediation(
        text="Delete the default and pass the value at deploy time from a secret store (Secrets Manager, "
             "SSM SecureString, a CI secret); rotate the value that was committed.",
        cli="terraform apply -var \"db_password=$(aws secretsmanager get-secret-value --secret-id NAME "
            "--query SecretString --output text)\"",
        terraform='variable "db_password" {\n  type      = string\n  sensitive = true  # no default\n}'),
    skips="placeholders (changeme, <...>, empty) and references to secret stores",
)
def variable_secret_default(variable: IacVariable, inv: Inventory) -> Verdict:
    """A default is committed to the repository: everyone with read access has the secret."""
    if not variable.secret_by_name:
        return not_applicable(f"{variable.label} is not named like a secret")
    if variable.has_default and variable.default_looks_real:
        masked = " (masked in output, still in the repository)" if variable.masked else ""
        return failed(f"{variable.label} is named like a secret and has a hard-coded default{masked}")
    return passed(f"{variable.label} has no hard-coded default")
