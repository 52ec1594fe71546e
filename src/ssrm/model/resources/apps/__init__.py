"""apps resource types."""
