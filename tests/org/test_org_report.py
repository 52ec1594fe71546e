"""The HTML report's organization view: a heat map account x layer, an OU filter, the integrations."""

from __future__ import annotations

from typing import Any

from ssrm.report.html import render_html


def doc(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"account": "111111111111", "findings": [], "layers": {}, "overall": {}, "regions": [],
                            "paths": None, "plan": None, "compliance": {}, "gaps": [], "stats": {}}
    return {**base, **extra}


ORG = {
    "organization": "o-1", "accounts_listed": 3, "accounts_selected": 3, "accounts_not_assessed": 1, "units": 9,
    "executor": "local", "workers": 4, "cross_account_paths": 1, "ous": ["Root", "Root/Prod"],
    "accounts": [
        {"account": "333333333333", "name": "quarantine", "ou_path": "Root", "environment": "", "layers": {},
         "overall": None, "counts": {}, "compliance": {}, "note": "not assessed: AccessDenied on AssumeRole",
         "reason": "sts:AssumeRole: AccessDenied", "scp_denied_regions": []},
        {"account": "222222222222", "name": "shop-prod", "ou_path": "Root/Prod", "environment": "prod",
         "layers": {"apps": 90.0, "hosts": 12.5, "networks": 55.0, "cloud": None}, "overall": 40.0,
         "counts": {"FAIL": 7}, "compliance": {"cis": 33.3}, "note": "", "reason": "", "paths": 2,
         "scp_denied_regions": []},
    ],
}
INTEGRATIONS = {"integrations": [{"severity": "critical", "kind": "oidc", "party": "arn:github", "party_name":
                                  "token.actions.githubusercontent.com", "locked": False,
                                  "guard": "no sub condition", "resource": "arn:aws:iam::2:role/gh"}],
                "parties": ["arn:github"], "unlocked": 1, "unknown_accounts": []}


def test_heat_map_and_integrations_render() -> None:
    html = render_html(doc(organization=ORG, integrations=INTEGRATIONS))
    assert '<table class="heatmap">' in html and 'id="f-ou"' in html
    assert 'data-ou="Root/Prod"' in html and 'data-account="222222222222"' in html
    assert "hsl(15 70% 82%)" in html, "a score of 12.5 is coloured near red"
    assert "not assessed: AccessDenied on AssumeRole" in html
    assert "Integrations: who outside can get in" in html and "no sub condition" in html


def test_single_account_report_has_no_organization_view() -> None:
    html = render_html(doc())
    assert "heatmap" not in html.split("<style>")[0] + html.split("</style>")[1].split("<script")[0]
    assert "Integrations: who outside" not in html
    assert "__SSRM_" not in html
