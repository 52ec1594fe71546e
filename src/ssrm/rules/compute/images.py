"""AMI rules: the account's own machine images shared with everyone or with other accounts."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.compute.ec2 import Image
from ssrm.rules.base import Verdict, failed, passed, rule
from ssrm.rules.compute.naming import named

OWN_ONLY = "AWS-owned, Marketplace and community AMIs the account only uses; images of other accounts"


@rule(
    id="ec2_ami_public",
    title="The account's AMIs are not public",
    resource_type=Image, layer=Layer.HOSTS, domain=Domain.DATA, severity=Severity.HIGH,
    stage=Stage.EXFILTRATE, attack=("T1537", "T1552.001"), phase=Phase.QUICK_WINS, smm="DP1.1",
    remediation=Remediation(
        text="Make the image private and turn on AMI block public access for the region; images often hold "
             "keys, configuration and application code.",
        cli="aws ec2 modify-image-attribute --image-id <ami-id> --launch-permission "
            "'Remove=[{Group=all}]' && aws ec2 enable-image-block-public-access "
            "--image-block-public-access-state block-new-sharing",
        terraform='resource "aws_ec2_image_block_public_access" "this" {\n  state = "block-new-sharing"\n}'),
    skips=OWN_ONLY,
)
def ami_public(image: Image, inv: Inventory) -> Verdict:
    """Anyone can launch a public image and read everything baked into its disks."""
    if image.public:
        return failed(f"AMI {named(image)} can be launched by anyone")
    return passed(f"AMI {named(image)} is private")


@rule(
    id="ec2_ami_shared_with_accounts",
    title="The account's AMIs are shared only deliberately with other accounts",
    resource_type=Image, layer=Layer.HOSTS, domain=Domain.IDENTITY, severity=Severity.MEDIUM,
    stage=Stage.EXFILTRATE, attack=("T1537",), phase=Phase.QUICK_WINS, smm="IA1.4",
    needs=("shared_with_accounts", "shared_with_organizations"),
    remediation=Remediation(
        text="Confirm each account or organization is intended; remove the others.",
        cli="aws ec2 modify-image-attribute --image-id <ami-id> --launch-permission "
            "'Remove=[{UserId=<account-id>}]'",
        terraform="# remove the aws_ami_launch_permission resource for the account"),
    skips=OWN_ONLY + "; whether the named accounts belong to your organization",
)
def ami_shared_with_accounts(image: Image, inv: Inventory) -> Verdict:
    """Each account listed can launch (and copy) the image."""
    others = [a for a in image.shared_with_accounts if a != image.account]
    shared = [*others, *image.shared_with_organizations]
    if shared:
        return failed(f"AMI {named(image)} can be launched by {', '.join(shared)}")
    return passed(f"AMI {named(image)} is not shared with other accounts")
