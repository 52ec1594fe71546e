"""CloudFormation resource types onto the typed models."""
