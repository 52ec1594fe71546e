"""devtools resource types."""
