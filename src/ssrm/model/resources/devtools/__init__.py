"""devtools resource types: CodeBuild, Glue, SageMaker, Cognito, Athena, DMS, MSK, Elastic Beanstalk."""

from ssrm.model.resources.devtools import (
    athena,
    codebuild,
    cognito,
    dms,
    elasticbeanstalk,
    emr,
    glue,
    iac,
    msk,
    sagemaker,
    workloads,
)

__all__ = ["athena", "codebuild", "cognito", "dms", "elasticbeanstalk", "emr", "glue", "iac", "msk", "sagemaker",
           "workloads"]
