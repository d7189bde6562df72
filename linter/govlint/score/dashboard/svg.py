"""Inline SVG charts drawn in Python: no JavaScript library, no network, the same bytes for
the same data (coordinates rounded to 0.1 px)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def y_range(values: Sequence[float]) -> tuple[float, float]:
    """A 0-100 sub-range that fits ``values`` with some air, on multiples of 10 (at least
    20 wide), so a change of a few points is visible instead of flattened on 0-100."""
    if not values:
        return 0.0, 100.0
    low = max(0.0, math.floor((min(values) - 5) / 10) * 10)
    high = min(100.0, math.ceil((max(values) + 5) / 10) * 10)
    while high - low < 20:
        if low > 0:
            low = max(0.0, low - 10)
        if high - low < 20 and high < 100:
            high = min(100.0, high + 10)
    return low, high


def line_chart(points: Sequence[tuple[str, float | None]], *, chart_id: str, title: str,
               width: int = 760, height: int = 260) -> str:
    """Scores over time: one labelled point per snapshot, a gap where there is no score."""
    left, right, top, bottom = 44, 16, 14, 42
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, v in points if v is not None]
    low, high = y_range(values)
    head = (f'<svg id="{escape(chart_id)}" class="chart" role="img" viewBox="0 0 {width} '
            f'{height}" width="100%" preserveAspectRatio="xMidYMid meet" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>')
    if not values:
        return (head + f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" '
                'class="empty">No scores recorded yet</text></svg>')

    def x(i: int) -> float:
        return left + (plot_w / 2 if len(points) == 1 else plot_w * i / (len(points) - 1))

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    parts = [head]
    step = 10 if high - low <= 50 else 20
    tick = low
    while tick <= high + 1e-9:
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{_n(y(tick))}" '
                     f'y2="{_n(y(tick))}"/><text class="axis" x="{left - 6}" '
                     f'y="{_n(y(tick) + 4)}" text-anchor="end">{_n(tick)}</text>')
        tick += step
    segments: list[list[tuple[float, float]]] = [[]]
    for i, (_, v) in enumerate(points):
        if v is None:
            segments.append([])
        else:
            segments[-1].append((x(i), y(v)))
    for seg in (s for s in segments if s):
        coords = " ".join(f"{_n(a)},{_n(b)}" for a, b in seg)
        if len(seg) > 1:
            area = (f"{_n(seg[0][0])},{_n(top + plot_h)} {coords} "
                    f"{_n(seg[-1][0])},{_n(top + plot_h)}")
            parts.append(f'<polygon class="area" points="{area}"/>')
            parts.append(f'<polyline class="line" points="{coords}"/>')
    for i, (label, v) in enumerate(points):
        if v is not None:
            parts.append(f'<circle class="point" cx="{_n(x(i))}" cy="{_n(y(v))}" r="3.5">'
                         f'<title>{escape(label)}: {_n(v)}</title></circle>')
    last = len(points) - 1
    for i in _label_indexes(len(points)):
        anchor = "start" if i == 0 and last else "end" if i == last and last else "middle"
        parts.append(f'<text class="axis" x="{_n(x(i))}" y="{height - bottom + 18}" '
                     f'text-anchor="{anchor}">{escape(points[i][0][:10])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _label_indexes(count: int, most: int = 6) -> list[int]:
    """Evenly spaced x labels, always the first and the last."""
    if count <= most:
        return list(range(count))
    step = math.ceil((count - 1) / (most - 1))
    picked = list(range(0, count - 1, step))
    if count - 1 - picked[-1] <= step / 2:
        picked.pop()
    return [*picked, count - 1]


def sparkline(values: Sequence[float | None], *, label: str, width: int = 110,
              height: int = 26) -> str:
    """A small trend line; the last point is marked. Its own scale, so small moves show."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    head = (f'<svg class="spark" role="img" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" xmlns="http://www.w3.org/2000/svg">'
            f'<title>{escape(label)}</title>')
    if not known:
        return head + "</svg>"
    low = min(v for _, v in known)
    high = max(v for _, v in known)
    span = max(high - low, 1.0)
    pad = 3

    def x(i: int) -> float:
        return pad + (width - 2 * pad) * (i / (len(values) - 1) if len(values) > 1 else 0.5)

    def y(v: float) -> float:
        return pad + (height - 2 * pad) * (1 - (v - low) / span)

    parts = [head]
    if len(known) > 1:
        coords = " ".join(f"{_n(x(i))},{_n(y(v))}" for i, v in known)
        parts.append(f'<polyline class="spark-line" points="{coords}"/>')
    i, v = known[-1]
    parts.append(f'<circle class="spark-end" cx="{_n(x(i))}" cy="{_n(y(v))}" r="2.5"/></svg>')
    return "".join(parts)
