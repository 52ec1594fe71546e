"""Renderers: terminal, JSON (and later OCSF, SARIF, CSV, HTML, Markdown)."""
