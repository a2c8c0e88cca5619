"""A :class:`~pmlevel.render.document.Radar` as SVG: the ``-o x.svg`` file, and the HTML chart.

Pure string building. Every label is measured (a generous estimate: a Chinese
character one em, anything else 0.62 em) and wrapped, and the view box is made
from the labels' boxes, so nothing is cut off in either language. Series stay
apart without colour: the person's ratings are a filled shape with round
markers, each level a line with its own dash pattern and marker shape. A level
that does not expect a skill has a gap in its line there, never a point at the
scale's lowest ring. All text is XML-escaped and stripped of characters XML
cannot hold, so the file stays well-formed whatever a name contains.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape

from pmlevel.render.document import Radar, RadarSeries
from pmlevel.text.shape import is_wide

FONT = (
    'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", '
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Micro Hei", '
    "sans-serif"
)
RADIUS = 170
LABEL_SIZE = 15  # large enough to read when a phone shrinks the chart to its width
LINE = 1.25  # line height, in font sizes
PAD = 14
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def xml(text: str) -> str:
    """Text for an XML element or attribute: escaped, and only characters XML allows."""
    return escape(_NOT_XML.sub("", text), quote=True)


@dataclass(frozen=True)
class Look:
    colour: str
    dash: str  # stroke-dasharray, "" for solid
    marker: str  # circle | square | diamond | triangle
    fill: bool


SUBJECT = Look("#1f5fbf", "", "circle", True)
REFERENCES = (
    Look("#237a47", "8 4", "square", False),
    Look("#b85600", "2 3", "diamond", False),
    Look("#6b4fa3", "12 3 2 3", "triangle", False),
    Look("#555555", "4 2", "square", False),
)


def looks(series: list[RadarSeries]) -> list[Look]:
    out: list[Look] = []
    references = 0
    for item in series:
        if item.kind == "subject":
            out.append(SUBJECT)
        else:
            out.append(REFERENCES[references % len(REFERENCES)])
            references += 1
    return out


def text_width(text: str, size: float) -> float:
    """A width no browser font is likely to exceed."""
    return sum(size if is_wide(ch) else 0.62 * size for ch in text)


def wrap(text: str, limit: float, size: float) -> list[str]:
    """Lines of at most *limit* wide: at spaces for words, anywhere between Chinese characters."""
    tokens = re.findall(
        r"[\u2e80-\ua4cf\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\ua4cf\uf900-\ufaff\uff00-\uffef]+|\s+",
        text.strip(),
    )
    lines: list[str] = []
    current = ""
    for token in tokens:
        candidate = current + token
        if current.strip() and text_width(candidate.rstrip(), size) > limit:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


@dataclass
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def add(self, other: Box) -> None:
        self.left = min(self.left, other.left)
        self.top = min(self.top, other.top)
        self.right = max(self.right, other.right)
        self.bottom = max(self.bottom, other.bottom)


def _overlap(a: Box, b: Box) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def _text_block(
    lines: list[str], x: float, top: float, anchor: str, size: float, attrs: str = ""
) -> tuple[str, Box]:
    widest = max(text_width(line, size) for line in lines)
    left = {"start": x, "middle": x - widest / 2, "end": x - widest}[anchor]
    height = LINE * size * len(lines)
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + LINE * size * i + size:.1f}">{xml(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    svg = f'<text font-size="{size}" text-anchor="{anchor}"{attrs}>{spans}</text>'
    return svg, Box(left, top, left + widest, top + height)


def _marker(shape: str, x: float, y: float, look: Look) -> str:
    fill = look.colour if shape in ("circle", "diamond") else "#ffffff"
    common = f'fill="{fill}" stroke="{look.colour}" stroke-width="1.6"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.6" {common}/>'
    if shape == "square":
        return f'<rect x="{x - 3.4:.1f}" y="{y - 3.4:.1f}" width="6.8" height="6.8" {common}/>'
    if shape == "diamond":
        points = (
            f"{x:.1f},{y - 4.6:.1f} {x + 4.6:.1f},{y:.1f} "
            f"{x:.1f},{y + 4.6:.1f} {x - 4.6:.1f},{y:.1f}"
        )
        return f'<polygon points="{points}" {common}/>'
    points = f"{x:.1f},{y - 4.8:.1f} {x + 4.4:.1f},{y + 3.2:.1f} {x - 4.4:.1f},{y + 3.2:.1f}"
    return f'<polygon points="{points}" {common}/>'


def _runs(values: list[float | None]) -> list[list[int]]:
    """Indices of the values as unbroken runs, going round: a ``None`` breaks the line."""
    count = len(values)
    if all(v is not None for v in values):
        return [list(range(count))]
    start = next(i for i, v in enumerate(values) if v is None)
    runs: list[list[int]] = []
    current: list[int] = []
    for step in range(1, count + 1):
        index = (start + step) % count
        if values[index] is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(index)
    if current:
        runs.append(current)
    return runs


def radar_svg(radar: Radar, *, standalone: bool = False) -> str:
    """The chart as an ``<svg>`` element; *standalone* adds the XML declaration and the title."""
    axes = list(radar.axes)
    count = max(1, len(axes))
    steps = max(1, radar.high - radar.low + 1)

    def angle(index: float) -> float:
        return -math.pi / 2 + 2 * math.pi * index / count

    def point(index: float, value: float) -> tuple[float, float]:
        r = RADIUS * (value - radar.low + 1) / steps
        return r * math.cos(angle(index)), r * math.sin(angle(index))

    box = Box(-RADIUS, -RADIUS, RADIUS, RADIUS)
    grid: list[str] = []
    for ring in range(radar.low, radar.high + 1):
        r = RADIUS * (ring - radar.low + 1) / steps
        if count >= 3:
            ring_points = " ".join(
                f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(count))
            )
            grid.append(f'<polygon points="{ring_points}" fill="none" stroke="#c9ced6"/>')
        else:
            grid.append(f'<circle r="{r:.1f}" fill="none" stroke="#c9ced6"/>')
    for index in range(count):
        x, y = point(index, radar.high)
        grid.append(f'<line x1="0" y1="0" x2="{x:.1f}" y2="{y:.1f}" stroke="#dde1e6"/>')

    labels: list[str] = []
    placed: list[Box] = []
    for index, axis in enumerate(axes):
        cos, sin = math.cos(angle(index)), math.sin(angle(index))
        x, y = (RADIUS + 12) * cos, (RADIUS + 12) * sin
        near_vertical = abs(cos) < 0.35
        lines = wrap(axis, 100 if near_vertical else 140, LABEL_SIZE)
        # Only an axis pointing straight up or down is centred: its neighbours, close
        # by near the top and bottom, then grow away from it and from each other.
        anchor = "middle" if abs(cos) < 0.05 else ("start" if cos > 0 else "end")
        height = LINE * LABEL_SIZE * len(lines)
        if sin < -0.85:
            top = y - height
        elif sin > 0.85:
            top = y + 2
        else:
            top = y - height / 2 + (sin * height / 2)
        svg, label_box = _text_block(lines, x, top, anchor, LABEL_SIZE, ' fill="#1f2328"')
        # Where a neighbour's label is in the way (many skills, long names), move this
        # one up or down, away from it, until the two are clear.
        for _ in range(len(placed) + 1):
            hit = next((other for other in placed if _overlap(label_box, other)), None)
            if hit is None:
                break
            if label_box.top + label_box.bottom > hit.top + hit.bottom:
                top += hit.bottom + 2 - label_box.top
            else:
                top -= label_box.bottom + 2 - hit.top
            svg, label_box = _text_block(lines, x, top, anchor, LABEL_SIZE, ' fill="#1f2328"')
        placed.append(label_box)
        labels.append(svg)
        box.add(label_box)

    # Ring numbers sit between the first two axes, on a white halo, so no line crosses them.
    scale: list[str] = []
    for ring in range(radar.low, radar.high + 1):
        x, y = point(0.5 if count >= 2 else 0, ring)
        scale.append(
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="12" text-anchor="middle" '
            f'fill="#57606a" stroke="#ffffff" stroke-width="3" paint-order="stroke">{ring}</text>'
        )

    series = list(radar.series)
    drawn: list[str] = []
    styles = looks(series)
    for item, look in zip(series, styles, strict=True):
        values = list(item.values)
        dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
        width = "2.6" if look.fill else "2.2"
        stroke = f'stroke="{look.colour}" stroke-width="{width}" stroke-linejoin="round"{dash}'
        title = f"<title>{xml(item.name)}</title>"
        group = [f"<g>{title}"]
        for run in _runs(values):
            coords = " ".join(
                f"{x:.1f},{y:.1f}" for x, y in (point(i, float(values[i] or 0)) for i in run)
            )
            if len(run) == count:
                fill = f'fill="{look.colour}" fill-opacity="0.16"' if look.fill else 'fill="none"'
                group.append(f'<polygon points="{coords}" {fill} {stroke}/>')
            elif len(run) > 1:
                group.append(f'<polyline points="{coords}" fill="none" {stroke}/>')
        for index, value in enumerate(values):
            if value is not None:
                group.append(_marker(look.marker, *point(index, value), look))
        group.append("</g>")
        drawn.append("".join(group))

    # The legend, one series a row, under the chart.
    legend: list[str] = []
    y = box.bottom + 20
    left = -RADIUS
    for item, look in zip(series, styles, strict=True):
        dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
        legend.append(
            f'<line x1="{left:.1f}" y1="{y + 8:.1f}" x2="{left + 40:.1f}" y2="{y + 8:.1f}" '
            f'stroke="{look.colour}" stroke-width="2.6"{dash}/>'
        )
        legend.append(_marker(look.marker, left + 20, y + 8, look))
        svg, legend_box = _text_block(
            wrap(item.name, 2 * RADIUS + 60, LABEL_SIZE),
            left + 50,
            y,
            "start",
            LABEL_SIZE,
            ' fill="#1f2328"',
        )
        legend.append(svg)
        box.add(legend_box)
        y = legend_box.bottom + 8

    head: list[str] = []
    if standalone and radar.title:
        lines = wrap(radar.title, max(2 * RADIUS + 120, box.right - box.left), 16)
        top = box.top - LINE * 16 * len(lines) - 14
        svg, title_box = _text_block(
            lines, 0, top, "middle", 16, ' font-weight="600" fill="#1f2328"'
        )
        head.append(svg)
        box.add(title_box)

    view_x, view_y = box.left - PAD, box.top - PAD
    view_w, view_h = box.right - box.left + 2 * PAD, box.bottom - box.top + 2 * PAD
    label = xml(radar.title or " · ".join(s.name for s in series))
    size = f'width="{view_w:.0f}" height="{view_h:.0f}" ' if standalone else ""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else "",
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_x:.1f} {view_y:.1f} {view_w:.1f} '
        f'{view_h:.1f}" {size}role="img" aria-label="{label}" class="radar" '
        f'font-family="{xml(FONT)}">',
        f"<title>{label}</title>",
        f'<rect x="{view_x:.1f}" y="{view_y:.1f}" width="{view_w:.1f}" height="{view_h:.1f}" '
        'fill="#ffffff"/>'
        if standalone
        else "",
        *head,
        *grid,
        *drawn,
        *scale,
        *labels,
        *legend,
        "</svg>",
    ]
    return "\n".join(part for part in out if part) + ("\n" if standalone else "")
