"""Infrastructure code (Terraform HCL and plan JSON, CloudFormation) into the same typed inventory.

Entry point: ``loader.load_iac`` (inventory plus where each resource was declared). Assessing it (rules,
suppressions, paths) and the ``ssrm iac`` command live in ``ssrm.iac``: ``sources`` imports only ``model``.
"""
