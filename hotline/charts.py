"""Small server-side SVG charts: no network, no JavaScript, every label escaped.

Labels come from data people typed (a town name in a text), so each one goes through
``markupsafe.escape`` before it reaches the SVG; the result is returned as ``Markup`` and can be
placed in a template as it is.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from markupsafe import Markup, escape

BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 170
VALUE_WIDTH = 60
FONT = 'font-family="system-ui, sans-serif" font-size="12"'
BAR_FILL = "#2f6f8f"
LINE_STROKE = "#2f6f8f"
MAX_LABEL = 28


def _number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def _short(label: str, limit: int = MAX_LABEL) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _svg(parts: list[str]) -> Markup:
    # Safe by construction: every piece of data above went through ``escape``.
    return Markup("".join(parts))  # noqa: S704


def _open_svg(title: str, width: int, height: int) -> list[str]:
    safe = escape(title)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{safe}">',
        f"<title>{safe}</title>",
    ]


def bar_chart(
    title: str, items: Sequence[tuple[str, float]], width: int = 560, empty: str = "No data"
) -> Markup:
    """Horizontal bars, one per (label, value), longest first as given."""
    top = 8
    height = top + max(len(items), 1) * (BAR_HEIGHT + BAR_GAP) + 4
    parts = _open_svg(title, width, height)
    if not items:
        parts.append(f'<text x="8" y="{top + 13}" {FONT}>{escape(empty)}</text>')
    peak = max((value for _, value in items), default=0) or 1
    span = width - LABEL_WIDTH - VALUE_WIDTH
    for index, (label, value) in enumerate(items):
        y = top + index * (BAR_HEIGHT + BAR_GAP)
        text_y = y + BAR_HEIGHT - 5
        bar = max(value, 0) / peak * span
        full = escape(str(label))
        parts.append(
            f"<g><title>{full}: {escape(_number(value))}</title>"
            f'<text x="{LABEL_WIDTH - 6}" y="{text_y}" text-anchor="end" {FONT}>'
            f"{escape(_short(str(label)))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_FILL}"/>'
            f'<text x="{LABEL_WIDTH + bar + 4:.1f}" y="{text_y}" {FONT}>'
            f"{escape(_number(value))}</text></g>"
        )
    parts.append("</svg>")
    return _svg(parts)


def line_chart(
    title: str,
    points: Sequence[tuple[str, float]],
    width: int = 560,
    height: int = 200,
    empty: str = "No data",
    hollow: Collection[int] = (),
) -> Markup:
    """One series over ordered labels (weeks), with the first and last label on the axis.

    Points whose index is in ``hollow`` are drawn as open circles: values not comparable with
    the rest (a week the range cuts short)."""
    left, right, top, bottom = 40, 12, 12, 28
    parts = _open_svg(title, width, height)
    if not points:
        parts.append(f'<text x="8" y="20" {FONT}>{escape(empty)}</text></svg>')
        return _svg(parts)
    peak = max((value for _, value in points), default=0) or 1
    plot_w = width - left - right
    plot_h = height - top - bottom
    step = plot_w / (len(points) - 1) if len(points) > 1 else 0
    coords = [
        (left + index * step, top + plot_h - max(value, 0) / peak * plot_h)
        for index, (_, value) in enumerate(points)
    ]
    baseline = top + plot_h
    parts.append(
        f'<line x1="{left}" y1="{baseline}" x2="{width - right}" y2="{baseline}" stroke="#999"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{baseline}" stroke="#999"/>'
        f'<text x="{left - 4}" y="{top + 10}" text-anchor="end" {FONT}>'
        f"{escape(_number(peak))}</text>"
        f'<text x="{left - 4}" y="{baseline}" text-anchor="end" {FONT}>0</text>'
    )
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE_STROKE}" stroke-width="2"/>')
    for index, ((x, y), (label, value)) in enumerate(zip(coords, points, strict=True)):
        fill = f'fill="#fff" stroke="{LINE_STROKE}"' if index in hollow else f'fill="{LINE_STROKE}"'
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" {fill}>'
            f"<title>{escape(str(label))}: {escape(_number(value))}</title></circle>"
        )
    first, last = str(points[0][0]), str(points[-1][0])
    parts.append(
        f'<text x="{left}" y="{height - 8}" {FONT}>{escape(_short(first))}</text>'
        f'<text x="{width - right}" y="{height - 8}" text-anchor="end" {FONT}>'
        f"{escape(_short(last))}</text>"
    )
    parts.append("</svg>")
    return _svg(parts)
