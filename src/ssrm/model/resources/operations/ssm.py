"""Systems Manager: managed nodes with their compliance, and the account's own documents."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class SsmManagedInstance(Resource):
    """A node the SSM agent reports for (DescribeInstanceInformation), named after AWS Config's type.

    ``patch_status`` / ``association_status`` are COMPLIANT or NON_COMPLIANT, or None when SSM holds no
    compliance data of that kind for the node (ListResourceComplianceSummaries).
    """

    resource_type = "AWS::SSM::ManagedInstanceInventory"
    service = "ssm"

    ping_status: str = ""  # Online, ConnectionLost, Inactive
    platform_type: str = ""
    agent_version: str = ""
    agent_latest: bool | None = None
    patch_status: str | None = None
    association_status: str | None = None


@resource_type
class SsmDocument(Resource):
    """A document owned by the account, with who it is shared with (DescribeDocumentPermission)."""

    resource_type = "AWS::SSM::Document"
    service = "ssm"

    document_type: str = ""
    owner: str = ""
    public: bool = False
    shared_with_accounts: tuple[str, ...] = ()
