"""Inline SVG charts for the advice report: no JavaScript, no CDN, readable on screen and on paper.

Each function returns one self-contained ``<svg>`` string with a <title> and text labels, so the
chart is accessible to screen readers and prints in black and white.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["BandRow", "BarRow", "pay_bands_svg", "score_bars_svg"]

_FONT = "font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:12px"
_INK = "#1f2933"
_MUTED = "#616e7c"
_BAND = "#9fb3c8"
_MIDDLE = "#486581"
_MARK = "#c0392b"


@dataclass(frozen=True, slots=True)
class BandRow:
    """One row of a pay-band chart: P10–P90 whisker, P25–P75 box, median tick, optional marker."""

    label: str
    p10: float | None
    p25: float | None
    p50: float | None
    p75: float | None
    p90: float | None
    marker: float | None = None
    marker_label: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class BarRow:
    """One horizontal bar: a label, a value between 0 and 1, and the text shown beside it."""

    label: str
    value: float
    text: str


def _money(value: float) -> str:
    return f"${value / 1000:,.0f}k"


def pay_bands_svg(rows: Sequence[BandRow], title: str, width: int = 760) -> str:
    """Horizontal pay bands on one shared dollar axis, the person's estimate marked in red."""
    values = [v for r in rows for v in (r.p10, r.p25, r.p50, r.p75, r.p90, r.marker) if v is not None]
    if not values:
        return ""
    low = min(values) * 0.95
    high = max(values) * 1.05
    left, right, row_h, top = 230, 20, 34, 28
    height = top + row_h * len(rows) + 30
    plot = width - left - right

    def x(v: float) -> float:
        return left + (v - low) / (high - low) * plot

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="t-bands" style="{_FONT};width:100%;max-width:{width}px">',
        f'<title id="t-bands">{escape(title)}</title>',
    ]
    step = _tick_step(high - low)
    tick = (int(low // step) + 1) * step
    while tick < high:
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" y2="{height - 24}" '
            f'stroke="#e4e7eb"/><text x="{x(tick):.1f}" y="{height - 8}" fill="{_MUTED}" '
            f'text-anchor="middle">{_money(tick)}</text>'
        )
        tick += step
    for i, row in enumerate(rows):
        y = top + i * row_h + row_h / 2
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" fill="{_INK}" text-anchor="end">{escape(row.label)}</text>'
        )
        if row.p10 is not None and row.p90 is not None:
            parts.append(
                f'<line x1="{x(row.p10):.1f}" y1="{y:.1f}" x2="{x(row.p90):.1f}" y2="{y:.1f}" '
                f'stroke="{_MUTED}" stroke-width="1.5"/>'
            )
        if row.p25 is not None and row.p75 is not None:
            parts.append(
                f'<rect x="{x(row.p25):.1f}" y="{y - 8:.1f}" width="{x(row.p75) - x(row.p25):.1f}" '
                f'height="16" fill="{_BAND}" stroke="{_MIDDLE}"><title>{escape(row.label)}: P25 '
                f"{_money(row.p25)} – P75 {_money(row.p75)}</title></rect>"
            )
        if row.p50 is not None:
            parts.append(
                f'<line x1="{x(row.p50):.1f}" y1="{y - 10:.1f}" x2="{x(row.p50):.1f}" y2="{y + 10:.1f}" '
                f'stroke="{_INK}" stroke-width="2.5"/>'
            )
        if row.marker is not None:
            parts.append(
                f'<circle cx="{x(row.marker):.1f}" cy="{y:.1f}" r="5" fill="{_MARK}">'
                f"<title>{escape(row.marker_label or _money(row.marker))}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)


def score_bars_svg(rows: Sequence[BarRow], title: str, width: int = 760) -> str:
    """Horizontal bars for scores between 0 and 1 (role fit, skill uplift), labelled with their text."""
    if not rows:
        return ""
    left, right, row_h, top = 230, 250, 26, 8
    plot = width - left - right
    height = top + row_h * len(rows) + 8
    ident = f"t-{zlib.crc32(title.encode()):08x}"  # stable across runs, unlike hash()
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}" style="{_FONT};width:100%;max-width:{width}px">',
        f'<title id="{ident}">{escape(title)}</title>',
    ]
    for i, row in enumerate(rows):
        y = top + i * row_h
        value = min(max(row.value, 0.0), 1.0)
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" fill="{_INK}" text-anchor="end">{escape(row.label)}</text>'
            f'<rect x="{left}" y="{y + 4}" width="{plot}" height="14" fill="#f0f4f8"/>'
            f'<rect x="{left}" y="{y + 4}" width="{plot * value:.1f}" height="14" fill="{_MIDDLE}"/>'
            f'<text x="{left + plot + 8}" y="{y + 15}" fill="{_MUTED}">{escape(row.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _tick_step(span: float) -> float:
    """A round tick interval giving about five ticks."""
    for step in (5_000, 10_000, 20_000, 25_000, 50_000, 100_000, 200_000):
        if span / step <= 7:
            return step
    return 500_000
