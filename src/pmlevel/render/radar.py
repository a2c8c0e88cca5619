"""A radar chart of a profile as inline SVG: ratings against two levels' expectations.

Pure string building, no dependencies: the HTML report embeds the result. All
text is XML-escaped, so a skill name cannot break out of the picture.
"""

from __future__ import annotations

import math
from html import escape

FONT = "system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"


def radar_svg(
    labels: list[str],
    series: list[tuple[str, list[int], str, bool]],
    low: int,
    high: int,
    *,
    size: int = 560,
) -> str:
    """SVG with one axis per label; *series* are (name, values, colour, filled)."""
    count = len(labels)
    margin = 150  # room for labels left and right of the circle
    width = size + 2 * margin
    cx, cy = width / 2, size / 2
    radius = size / 2 - 90
    steps = high - low + 1

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * (value - low + 1) / steps
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {size + 40}" '
        f'width="{width}" height="{size + 40}" role="img" font-family="{escape(FONT)}" '
        'style="max-width: 100%; height: auto">'
    ]
    for ring in range(low, high + 1):
        ring_points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(count))
        )
        out.append(
            f'<polygon points="{ring_points}" fill="none" stroke="#d0d4da" stroke-width="1"/>'
        )
        x, y = point(0, ring)
        out.append(
            f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="10" fill="#8a9099">{ring}</text>'
        )
    for index, label in enumerate(labels):
        x, y = point(index, high)
        out.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#e3e6ea"/>')
        lx, ly = point(index, high + 0.9)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        out.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="12" text-anchor="{anchor}" '
            f'fill="#2b2f36">{escape(label)}</text>'
        )
    for name, values, colour, filled in series:
        shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values)))
        fill = f'fill="{colour}" fill-opacity="0.25"' if filled else 'fill="none"'
        dash = "" if filled else ' stroke-dasharray="6 4"'
        out.append(
            f'<polygon points="{shape}" {fill} stroke="{colour}" stroke-width="2"{dash}>'
            f"<title>{escape(name)}</title></polygon>"
        )
    legend_y = size + 20
    x = margin / 2
    for name, _, colour, filled in series:
        dash = "" if filled else ' stroke-dasharray="6 4"'
        out.append(
            f'<line x1="{x}" y1="{legend_y}" x2="{x + 24}" y2="{legend_y}" stroke="{colour}" '
            f'stroke-width="3"{dash}/>'
        )
        out.append(
            f'<text x="{x + 30}" y="{legend_y + 4}" font-size="12" fill="#2b2f36">'
            f"{escape(name)}</text>"
        )
        x += 40 + 9 * len(name) + (8 * sum(1 for ch in name if ord(ch) > 0x2E80))
    out.append("</svg>")
    return "\n".join(out)
