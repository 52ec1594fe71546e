"""ssrm: the customer's half of the AWS Shared Security Responsibility Model, executable."""

__version__ = "0.1.0"
