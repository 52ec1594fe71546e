"""devtools rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.devtools import (
                                    athena,
                                    cloudformation,
                                    codebuild,
                                    cognito,
                                    dms,
                                    elasticbeanstalk,
                                    emr,
                                    glue,
                                    msk,
                                    sagemaker,
)

MODULES: tuple[ModuleType, ...] = (codebuild, glue, sagemaker, cognito, athena, dms, msk, elasticbeanstalk, emr,
                                    cloudformation)
