"""IAM Access Analyzer analyzers."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type

# Analyzer types that report access from outside the account or organization.
EXTERNAL_ACCESS_TYPES = frozenset({"ACCOUNT", "ORGANIZATION"})


@resource_type
class AccessAnalyzer(Resource):
    resource_type = "AWS::AccessAnalyzer::Analyzer"
    service = "accessanalyzer"

    analyzer_type: str = ""
    status: str = ""

    @property
    def watches_external_access(self) -> bool:
        return self.status == "ACTIVE" and self.analyzer_type in EXTERNAL_ACCESS_TYPES
