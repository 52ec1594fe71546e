"""Errors that stop a scan before it starts; the CLI turns each into one line and exit code 2."""

from __future__ import annotations


class ScanSetupError(Exception):
    """Bad credentials, an unknown region or service: nothing was collected."""


class CredentialsError(ScanSetupError):
    pass


class UsageError(ScanSetupError):
    pass
