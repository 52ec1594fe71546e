"""The HTML report: one self-contained file with the SSRM diagram, maturity, plan, paths and findings."""

from ssrm.report.html.render import render_html

__all__ = ["render_html"]
