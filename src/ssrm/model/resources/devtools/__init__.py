"""devtools resource types: CodeBuild, Glue, SageMaker, Cognito, Athena, DMS, MSK, Elastic Beanstalk."""

from ssrm.model.resources.devtools import (
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

__all__ = ["athena", "codebuild", "cognito", "dms", "elasticbeanstalk", "emr", "glue", "msk", "sagemaker"]
