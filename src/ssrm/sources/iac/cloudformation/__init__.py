"""CloudFormation templates (YAML with short or long intrinsic forms, and JSON)."""
