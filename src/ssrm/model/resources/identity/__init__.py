"""identity resource types."""
