"""Raw IaC records onto the typed resource models every rule reads."""
