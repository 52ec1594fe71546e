"""Sources: each turns something (a live account, infrastructure code) into an Inventory."""
