"""What infrastructure code declares besides resources: outputs and input variables (parameters).

Only code has them, so a live inventory never holds these types and their rules judge nothing there.
An output printed by ``terraform output`` or shown in a CloudFormation stack's Outputs tab, and a
variable default committed to the repository, are places where credentials leak.
"""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class IacOutput(Resource):
    """A Terraform ``output`` or a CloudFormation ``Outputs`` entry."""

    resource_type = "SSRM::IaC::Output"
    service = "iac"

    exposes: tuple[str, ...] = ()  # secrets the value carries ("secret access key of aws_iam_access_key.ci")
    sensitive: bool = False  # Terraform's sensitive = true: hidden from the CLI, still in the state in clear


@resource_type
class IacVariable(Resource):
    """A Terraform ``variable`` or a CloudFormation ``Parameters`` entry."""

    resource_type = "SSRM::IaC::Variable"
    service = "iac"

    secret_by_name: bool = False  # its name says password, secret, token, api key, private key
    has_default: bool = False
    default_looks_real: bool = False  # a default that is not empty and not a placeholder ("changeme", "<...>")
    masked: bool = False  # Terraform sensitive = true / CloudFormation NoEcho: true
