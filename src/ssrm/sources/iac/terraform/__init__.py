"""Terraform: HCL directories (with local modules) and plan JSON."""
