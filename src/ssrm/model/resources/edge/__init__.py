"""edge resource types."""
