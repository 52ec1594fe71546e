"""The SSRM diagram as inline SVG: AWS's side drawn and greyed, the customer's four layers coloured.

Colour follows the maturity phase reached; every band also says the phase and score in words, so the
meaning never rests on colour alone. Text is near-black on light fills (contrast well above WCAG AA).
"""

from __future__ import annotations

from html import escape
from typing import Any

LAYERS = (("apps", "Apps"), ("hosts", "Hosts"), ("networks", "Networks"), ("cloud", "Cloud"))
AWS_LAYERS = (
    ("Foundational services", "compute, storage, database, networking"),
    ("Hypervisor", "virtualization layer"),
    ("Physical", "regions, availability zones, edge locations"),
)
# phase -> (fill, stripe); None means no phase reached yet
PHASE_COLOURS: dict[str | None, tuple[str, str]] = {
    None: ("#fbe3e4", "#b42318"),
    "Quick Wins": ("#fde8cf", "#b54708"),
    "Foundational": ("#fdf3c4", "#8a6d00"),
    "Efficient": ("#dcf2e1", "#2b7a3d"),
    "Optimized": ("#c7ecd2", "#116329"),
}
NOT_ASSESSED = ("#eceff3", "#5b6675")

_W = 760
_BAND = 62
_GAP = 6


def phase_label(phase: str | None, evaluated: bool) -> str:
    if not evaluated:
        return "Not assessed"
    return f"Phase: {phase}" if phase else "Phase: none reached"


def layer_colours(layer: dict[str, Any]) -> tuple[str, str]:
    if not _evaluated(layer):
        return NOT_ASSESSED
    return PHASE_COLOURS.get(layer.get("phase"), PHASE_COLOURS[None])


def _evaluated(layer: dict[str, Any]) -> bool:
    return any(layer.get(k) for k in ("pass", "fail", "error", "muted"))


def _score_text(layer: dict[str, Any]) -> str:
    score = layer.get("score")
    return "Score: n/a" if score is None else f"Score: {score:.0f}/100"


def _customer_band(y: int, key: str, name: str, layer: dict[str, Any]) -> str:
    fill, stripe = layer_colours(layer)
    score = layer.get("score")
    counts = (f"{layer.get('fail', 0)} failing · {layer.get('pass', 0)} passing · "
              f"{layer.get('error', 0)} error")
    bar_w = 180
    filled = 0 if score is None else round(bar_w * float(score) / 100)
    label = f"{name}: {phase_label(layer.get('phase'), _evaluated(layer))}, {_score_text(layer)}. Show its findings."
    return (
        f'<a href="#layer={escape(key)}" class="band-link" aria-label="{escape(label)}">'
        f'<g class="band" data-layer="{escape(key)}">'
        f'<rect x="0" y="{y}" width="{_W}" height="{_BAND}" rx="6" fill="{fill}" stroke="{stripe}"/>'
        f'<rect x="0" y="{y}" width="10" height="{_BAND}" rx="3" fill="{stripe}"/>'
        f'<text x="24" y="{y + 27}" class="d-name">{escape(name)}</text>'
        f'<text x="24" y="{y + 48}" class="d-small">{escape(counts)}</text>'
        f'<text x="300" y="{y + 27}" class="d-phase">{escape(phase_label(layer.get("phase"), _evaluated(layer)))}'
        f'</text>'
        f'<text x="300" y="{y + 48}" class="d-small">{escape(_score_text(layer))}</text>'
        f'<rect x="540" y="{y + 22}" width="{bar_w}" height="14" rx="3" fill="#ffffff" stroke="#5b6675"/>'
        f'<rect x="540" y="{y + 22}" width="{filled}" height="14" rx="3" fill="{stripe}"/>'
        f'</g></a>'
    )


def _aws_band(y: int, name: str, detail: str) -> str:
    return (
        f'<g class="band aws"><rect x="0" y="{y}" width="{_W}" height="40" rx="6" fill="url(#aws-hatch)" '
        f'stroke="#8a94a3"/>'
        f'<text x="24" y="{y + 25}" class="d-aws">{escape(name)}</text>'
        f'<text x="300" y="{y + 25}" class="d-aws-small">{escape(detail)}</text></g>'
    )


def ssrm_diagram(layers: dict[str, Any]) -> str:
    """The whole diagram; ``layers`` is the assessment document's ``layers`` mapping."""
    parts: list[str] = []
    y = 26
    parts.append(f'<text x="0" y="{y - 8}" class="d-head">Customer — security IN the cloud (assessed)</text>')
    for key, name in LAYERS:
        parts.append(_customer_band(y, key, name, layers.get(key) or {}))
        y += _BAND + _GAP
    y += 26
    parts.append(f'<text x="0" y="{y - 8}" class="d-head aws-head">AWS — security OF the cloud (shown, never '
                 f'scored)</text>')
    for name, detail in AWS_LAYERS:
        parts.append(_aws_band(y, name, detail))
        y += 40 + _GAP
    summary = "; ".join(
        f"{name}: {phase_label((layers.get(key) or {}).get('phase'), _evaluated(layers.get(key) or {}))}, "
        f"{_score_text(layers.get(key) or {})}" for key, name in LAYERS)
    return (
        f'<svg class="ssrm-diagram" viewBox="-2 0 {_W + 4} {y}" width="100%" role="img" '
        f'aria-labelledby="ssrm-title ssrm-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="ssrm-title">Shared Security Responsibility Model for this account</title>'
        f'<desc id="ssrm-desc">{escape(summary)}. Below: physical, hypervisor and foundational services, '
        f'which AWS secures.</desc>'
        '<defs><pattern id="aws-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#eef0f3"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#dde1e6" stroke-width="3"/></pattern></defs>'
        + "".join(parts) + "</svg>"
    )


def phase_legend() -> str:
    items = [("Not assessed", NOT_ASSESSED[0]), ("No phase reached", PHASE_COLOURS[None][0])]
    items += [(p, c[0]) for p, c in PHASE_COLOURS.items() if p]
    return '<ul class="legend" aria-label="Colour legend">' + "".join(
        f'<li><span class="swatch" style="background:{c}" aria-hidden="true"></span>{escape(n)}</li>'
        for n, c in items) + "</ul>"
