"""devtools collectors: CodeBuild, Glue, SageMaker, Cognito, Athena, DMS, MSK, Elastic Beanstalk."""

from ssrm.sources.aws.collector import Collector
from ssrm.sources.aws.collectors.devtools import (
    athena,
    codebuild,
    cognito,
    dms,
    elasticbeanstalk,
    emr,
    glue,
    msk,
    sagemaker,
)

COLLECTORS: tuple[Collector, ...] = (
    codebuild.COLLECTOR,
    glue.COLLECTOR,
    sagemaker.COLLECTOR,
    cognito.COLLECTOR,
    athena.COLLECTOR,
    dms.COLLECTOR,
    msk.COLLECTOR,
    elasticbeanstalk.COLLECTOR,
    emr.COLLECTOR,
)
