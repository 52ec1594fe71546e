"""The IaC front end: ``ssrm iac``, assessing infrastructure code through the one pipeline.

Parsing (Terraform HCL and plan JSON, CloudFormation) lives in ``ssrm.sources.iac`` and yields the typed
inventory; this package runs :func:`ssrm.pipeline.assess` on it with the inline ``ssrm:ignore`` markers as
suppressions and renders text, JSON (an assessment document plus file and line) and SARIF.
"""
