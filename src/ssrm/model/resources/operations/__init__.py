"""operations resource types."""
