"""AWS Config configuration recorders, with their recording status."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class ConfigRecorder(Resource):
    resource_type = "AWS::Config::ConfigurationRecorder"
    service = "config"

    role_arn: str = ""
    all_supported: bool = False
    include_global_types: bool = False
    recording: bool = False
    last_status: str = ""
    auto_remediations: int = 0  # Config rules in the region whose remediation runs automatically
