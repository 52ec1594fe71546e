"""Live collection from an AWS account through boto3."""
