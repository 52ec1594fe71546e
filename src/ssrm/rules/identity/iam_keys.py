"""IAM users with long-lived access keys."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.identity.iam import IamUser
from ssrm.rules.base import Verdict, failed, passed, rule


@rule(
    id="iam_user_long_lived_access_keys",
    title="IAM users have no long-lived access keys",
    resource_type=IamUser, layer=Layer.CLOUD, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.INITIAL_ACCESS, attack=("T1078.004", "T1552.001"), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("access_keys",),
    remediation=Remediation(
        text="Give workloads roles (instance profiles, IRSA, OIDC federation for CI) and people IAM Identity "
             "Center; delete the access key. In code, remove the aws_iam_access_key: its secret also lands "
             "in the Terraform state in clear text.",
        cli="aws iam delete-access-key --user-name <user> --access-key-id <key-id>",
        terraform='# Instead of aws_iam_access_key, let CI assume a role through OIDC:\n'
                  'resource "aws_iam_openid_connect_provider" "ci" {\n  url = "https://token.actions.githubusercontent.com"\n'
                  '  client_id_list = ["sts.amazonaws.com"]\n}'),
    skips="keys that are inactive",
)
def user_long_lived_access_keys(user: IamUser, inv: Inventory) -> Verdict:
    """An access key works until someone deletes it; leaked once, it is an attacker's for months."""
    active = [k for k in user.access_keys if k.active]
    if active:
        return failed(f"user {user.label} has {len(active)} active long-lived access key(s)")
    return passed(f"user {user.label} has no active access key")
