"""containers resource types."""
