"""Infrastructure code (Terraform HCL and plan JSON, CloudFormation) into the same typed inventory.

Entry points: ``loader.load_iac`` (inventory plus where each resource was declared), ``assess.assess_iac``
(findings with locations and suppressions), and ``cli.app`` (the ``ssrm iac`` command).
"""
