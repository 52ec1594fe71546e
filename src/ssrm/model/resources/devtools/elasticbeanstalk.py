"""Elastic Beanstalk environments with the settings that matter for security."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class ElasticBeanstalkEnvironment(Resource):
    resource_type = "AWS::ElasticBeanstalk::Environment"
    service = "elasticbeanstalk"

    application: str = ""
    status: str = ""
    platform: str = ""
    health_reporting: str = "basic"  # aws:elasticbeanstalk:healthreporting:system SystemType: basic or enhanced
    managed_updates: bool = False  # aws:elasticbeanstalk:managedactions ManagedActionsEnabled
    update_level: str | None = None  # aws:elasticbeanstalk:managedactions:platformupdate UpdateLevel
    stream_logs: bool = False  # aws:elasticbeanstalk:cloudwatch:logs StreamLogs
