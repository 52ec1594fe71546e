"""CloudWatch metric alarms."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class CloudWatchAlarm(Resource):
    resource_type = "AWS::CloudWatch::Alarm"
    service = "cloudwatch"

    namespace: str = ""
    metric_name: str = ""
    actions_enabled: bool = True
    alarm_actions: tuple[str, ...] = ()
    ok_actions: tuple[str, ...] = ()
    insufficient_data_actions: tuple[str, ...] = ()
    state: str = ""

    @property
    def any_actions(self) -> bool:
        return bool(self.alarm_actions or self.ok_actions or self.insufficient_data_actions)
