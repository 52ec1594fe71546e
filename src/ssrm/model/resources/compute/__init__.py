"""compute resource types."""
