"""Maturity per SSRM layer, and (later) the prioritized action plan."""
