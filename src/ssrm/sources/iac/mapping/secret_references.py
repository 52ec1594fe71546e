"""Values that are secrets by reference: known at plan to be an access key's secret, a password variable,
a secret's value, even though the value itself is only known at apply.

``aws_iam_access_key.ci.secret`` in a Lambda environment or an output puts a long-lived credential in clear
text where anyone with read access to the function's configuration (or the state, or the stack's outputs)
can read it. The reference is what the code says, so it is judged at plan.

The evaluators record why a value is unknown ("aws_iam_access_key.ci.secret is known only after apply",
"depends on var.db_password, which has no default"); the references are read from those reasons.
"""

from __future__ import annotations

import re
from typing import Any

from ssrm.model.secrets import PASSWORD_NAME
from ssrm.sources.iac.mapping.build import Links
from ssrm.sources.iac.unknown import Unknown

ATTRIBUTE = re.compile(r"^(?P<ref>[\w\-\[\]\".]+?)\.(?P<attr>\w+) is known only after (?:apply|deployment)$")
VARIABLE = re.compile(r"^depends on (?:var\.|parameter )(?P<name>[\w-]+), which has no default$")
DATA_SECRET = re.compile(r"^depends on (?P<ref>data\.aws_(?:secretsmanager_secret_version|ssm_parameter)\.\S+?),")
RESOLVE = re.compile(r"\{\{resolve:(?P<service>secretsmanager|ssm-secure):(?P<id>[^:}]+)")

# Attributes that hold a credential: (resource kind, attribute) for Terraform and CloudFormation.
SECRET_ATTRIBUTES = {
    ("aws_iam_access_key", "secret"): "secret access key",
    ("aws_iam_access_key", "ses_smtp_password_v4"): "SES SMTP password",
    ("aws_iam_user_login_profile", "password"): "console password",
    ("aws_secretsmanager_secret_version", "secret_string"): "secret value",
    ("aws_db_instance", "password"): "database master password",
    ("aws_rds_cluster", "master_password"): "database master password",
    ("AWS::IAM::AccessKey", "SecretAccessKey"): "secret access key",
    ("AWS::SecretsManager::Secret", "SecretString"): "secret value",
}
ACCESS_KEY_KINDS = ("aws_iam_access_key", "AWS::IAM::AccessKey")


def secret_reference(value: Any, links: Links) -> str | None:
    """What secret ``value`` carries by reference ("secret access key of aws_iam_access_key.ci"), or None."""
    if isinstance(value, Unknown):
        return _from_reason(value.reason, links)
    if not isinstance(value, str) or not value:
        return None
    for kind in ACCESS_KEY_KINDS:
        key = links.find(kind, value)
        if key is not None:
            return f"access key id of {key.address}"
    resolved = RESOLVE.search(value)
    if resolved:
        return f"value of {resolved.group('service')} secret {resolved.group('id')} (resolved into clear text)"
    for version in links.of_kind("aws_secretsmanager_secret_version"):
        if version.attrs.get("secret_string") == value:
            return f"secret value of {version.address}"
    return None


def _from_reason(reason: str, links: Links) -> str | None:
    attribute = ATTRIBUTE.match(reason)
    if attribute:
        ref, attr = attribute.group("ref"), attribute.group("attr")
        for (kind, secret_attr), what in SECRET_ATTRIBUTES.items():
            if attr == secret_attr and (links.find(kind, ref) is not None or ref.startswith(f"{kind}.")):
                return f"{what} of {ref}"
        return None
    variable = VARIABLE.match(reason)
    if variable and PASSWORD_NAME.search(variable.group("name")):
        return f"value of {variable.group('name')}, a secret by its name"
    data = DATA_SECRET.match(reason)
    if data:
        return f"secret value read by {data.group('ref')}"
    return None


def reference_hints(variables: Any, where: str, links: Links) -> list[str]:
    """Environment variables whose value is a secret by reference, described like the text-scan hints."""
    if not isinstance(variables, dict):
        return []
    hints: list[str] = []
    for name, value in variables.items():
        carried = secret_reference(value, links)
        if carried is not None:
            hints.append(f"{carried} in {where} variable {name} (a reference, known at plan)")
    return hints
