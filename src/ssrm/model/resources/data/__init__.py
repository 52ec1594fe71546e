"""data resource types."""
