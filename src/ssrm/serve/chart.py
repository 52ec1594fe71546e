"""The posture trend as inline SVG: one line per layer over the finished runs (no script, no external file)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

COLORS = ("#1f5fbf", "#c0392b", "#22863a", "#b7791f", "#6f42c1", "#0b7285", "#5b6478")
WIDTH, HEIGHT, PAD = 860, 260, 40


def trend_svg(points: Sequence[Mapping[str, object]], layers: Sequence[str]) -> str:
    """``points``: oldest first, each {"run": id, "when": text, "scores": {layer: score or None}}."""
    if not points:
        return '<p class="note">No finished run yet: the trend appears after the first one.</p>'
    n = len(points)
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD

    def x(i: int) -> float:
        return PAD + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)

    def y(score: float) -> float:
        return PAD + inner_h * (1 - score / 100)

    parts = [f'<svg class="trend" role="img" aria-labelledby="trend-title" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
             '<title id="trend-title">Maturity score per layer, oldest run on the left</title>']
    for tick in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e5e8ef"/>'
                     f'<text x="{PAD - 6}" y="{y(tick) + 4:.1f}" font-size="11" text-anchor="end" '
                     f'fill="#5b6478">{tick}</text>')
    for i, p in enumerate(points):
        if n <= 12 or i in (0, n - 1) or i % max(1, n // 8) == 0:
            parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - PAD + 16}" font-size="11" text-anchor="middle" '
                         f'fill="#5b6478">#{escape(str(p["run"]))}</text>')
    drawn: list[tuple[str, str]] = []
    for k, layer in enumerate(layers):
        color = COLORS[k % len(COLORS)]
        coords = []
        for i, p in enumerate(points):
            score = (p["scores"] or {}).get(layer) if isinstance(p["scores"], Mapping) else None
            if isinstance(score, int | float):
                coords.append((i, float(score), p))
        if not coords:
            continue
        drawn.append((layer, color))
        line = " ".join(f"{x(i):.1f},{y(s):.1f}" for i, s, _ in coords)
        parts.append(f'<polyline data-layer="{escape(layer)}" points="{line}" fill="none" stroke="{color}" '
                     'stroke-width="2"/>')
        for i, s, p in coords:
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(s):.1f}" r="3" fill="{color}"><title>{escape(layer)}: '
                         f'{s:.0f} (run {escape(str(p["run"]))}, {escape(str(p["when"]))})</title></circle>')
    parts.append("</svg>")
    legend = "".join(f'<span><svg width="14" height="6" aria-hidden="true"><rect width="14" height="6" '
                     f'fill="{color}"/></svg> {escape(layer)}</span>' for layer, color in drawn)
    return "".join(parts) + f'<p class="legend">{legend}</p>'
