"""Terraform resource types (HCL or plan) onto the typed models."""
