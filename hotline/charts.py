"""Small server-side SVG charts: no network, no JavaScript, every label escaped.

Labels come from data people typed (a town name in a text), so each one goes through
``markupsafe.escape`` before it reaches the SVG; the result is returned as ``Markup`` and can be
placed in a template as it is.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from markupsafe import Markup, escape

BAR_HEIGHT = 12
LABEL_HEIGHT = 16
BAR_GAP = 8
# Bars stop short of the right edge, so the value after the longest one still fits.
BAR_SPAN_PERCENT = 88
FONT = 'font-family="system-ui, sans-serif" font-size="12"'
BAR_FILL = "#2f6f8f"
LINE_STROKE = "#2f6f8f"
MAX_LABEL = 40


def _number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def _short(label: str, limit: int = MAX_LABEL) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _svg(parts: list[str]) -> Markup:
    # Safe by construction: every piece of data above went through ``escape``.
    return Markup("".join(parts))  # noqa: S704


def _open_svg(title: str, height: int) -> list[str]:
    """An SVG as wide as its container, with no viewBox: a phone narrows the bars and the
    plot, never the 12 px text (a 560-wide drawing scaled to a phone shrank it to 7 px)."""
    safe = escape(title)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="100%" height="{height}" aria-label="{safe}">',
        f"<title>{safe}</title>",
    ]


def bar_chart(title: str, items: Sequence[tuple[str, float]], empty: str = "No data") -> Markup:
    """Horizontal bars, one per (label, value), longest first as given: each label on its own
    line above its bar, starting at the left edge, so the whole width is the label's."""
    row = LABEL_HEIGHT + BAR_HEIGHT + BAR_GAP
    height = max(len(items), 1) * row
    parts = _open_svg(title, height)
    if not items:
        parts.append(f'<text x="0" y="13" {FONT}>{escape(empty)}</text>')
    peak = max((value for _, value in items), default=0) or 1
    for index, (label, value) in enumerate(items):
        y = index * row
        bar = max(value, 0) / peak * BAR_SPAN_PERCENT
        full = escape(str(label))
        parts.append(
            f"<g><title>{full}: {escape(_number(value))}</title>"
            f'<text x="0" y="{y + 12}" {FONT}>{escape(_short(str(label)))}</text>'
            f'<rect x="0" y="{y + LABEL_HEIGHT}" width="{bar:.1f}%" height="{BAR_HEIGHT}" '
            f'fill="{BAR_FILL}"/>'
            f'<text x="{bar:.1f}%" dx="4" y="{y + LABEL_HEIGHT + BAR_HEIGHT - 1}" {FONT}>'
            f"{escape(_number(value))}</text></g>"
        )
    parts.append("</svg>")
    return _svg(parts)


def line_chart(
    title: str,
    points: Sequence[tuple[str, float]],
    height: int = 200,
    empty: str = "No data",
    hollow: Collection[int] = (),
) -> Markup:
    """One series over ordered labels (weeks), with the first and last label on the axis.

    The plot stretches to the container's width (positions in percent; the line is drawn in a
    stretched inner drawing whose stroke does not scale); the text keeps its size.

    Points whose index is in ``hollow`` are drawn as open circles: values not comparable with
    the rest (a week the range cuts short)."""
    left, right, top, bottom = 8.0, 2.0, 12, 28  # left and right in percent of the width
    parts = _open_svg(title, height)
    if not points:
        parts.append(f'<text x="0" y="20" {FONT}>{escape(empty)}</text></svg>')
        return _svg(parts)
    peak = max((value for _, value in points), default=0) or 1
    plot_w = 100 - left - right
    plot_h = height - top - bottom
    step = plot_w / (len(points) - 1) if len(points) > 1 else 0
    coords = [
        (left + index * step, top + plot_h - max(value, 0) / peak * plot_h)
        for index, (_, value) in enumerate(points)
    ]
    baseline = top + plot_h
    parts.append(
        f'<line x1="{left}%" y1="{baseline}" x2="{100 - right}%" y2="{baseline}" stroke="#999"/>'
        f'<line x1="{left}%" y1="{top}" x2="{left}%" y2="{baseline}" stroke="#999"/>'
        f'<text x="{left}%" dx="-4" y="{top + 10}" text-anchor="end" {FONT}>'
        f"{escape(_number(peak))}</text>"
        f'<text x="{left}%" dx="-4" y="{baseline}" text-anchor="end" {FONT}>0</text>'
    )
    # x in percent of the width (100 units), y in pixels, as the circles below.
    path = " ".join(f"{x:.2f},{y:.1f}" for x, y in coords)
    parts.append(
        f'<svg x="0" y="0" width="100%" height="{height}" viewBox="0 0 100 {height}" '
        f'preserveAspectRatio="none" overflow="visible">'
        f'<polyline points="{path}" fill="none" stroke="{LINE_STROKE}" stroke-width="2" '
        f'vector-effect="non-scaling-stroke"/></svg>'
    )
    for index, ((x, y), (label, value)) in enumerate(zip(coords, points, strict=True)):
        fill = f'fill="#fff" stroke="{LINE_STROKE}"' if index in hollow else f'fill="{LINE_STROKE}"'
        parts.append(
            f'<circle cx="{x:.2f}%" cy="{y:.1f}" r="3" {fill}>'
            f"<title>{escape(str(label))}: {escape(_number(value))}</title></circle>"
        )
    first, last = str(points[0][0]), str(points[-1][0])
    parts.append(
        f'<text x="{left}%" y="{height - 8}" {FONT}>{escape(_short(first))}</text>'
        f'<text x="{100 - right}%" y="{height - 8}" text-anchor="end" {FONT}>'
        f"{escape(_short(last))}</text>"
    )
    parts.append("</svg>")
    return _svg(parts)
