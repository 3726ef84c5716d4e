"""The geometry of the overview's bar charts, drawn as SVG by the templates: the page runs
under a Content-Security-Policy without inline script or style, so every length is an SVG
attribute computed here and every colour a class of static/css/overview.css.

Coordinates are strings, so that no language's number format (a decimal comma) reaches them.
"""

from dataclasses import dataclass, field

WIDTH = 600  # the viewBox's width; the SVG scales to its column
BAR_WIDTH = 520  # the longest bar, leaving room for its total on the right
ROW_HEIGHT = 42  # a label above a bar
BAR_HEIGHT = 18
LABEL_GAP = 16  # from a row's top to its label's baseline
LABEL_LENGTH = 60  # characters of a label, beside a note on the right


@dataclass(frozen=True)
class Segment:
    label: str
    value: int
    css: str  # the class that colours it
    x: str = ""
    width: str = ""


@dataclass
class Bar:
    label: str
    segments: list[Segment]
    note: str = ""  # what is missing, said next to the total
    y_label: str = ""
    y_bar: str = ""
    y_text: str = ""
    x_total: str = ""
    total: int = 0
    drawn: list[Segment] = field(default_factory=list)


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: str
    legend: list[tuple[str, str]]  # (label, class) of each kind of part
    width: str = str(WIDTH)
    bar_height: str = str(BAR_HEIGHT)


def _number(value: float) -> str:
    return f"{value:.1f}"


def stacked_bars(bars: list[Bar], legend: list[tuple[str, str]] = ()) -> Chart:
    """Lay out horizontal stacked bars on one scale: the longest bar's total is BAR_WIDTH."""
    longest = max((sum(s.value for s in bar.segments) for bar in bars), default=0) or 1
    for row, bar in enumerate(bars):
        if len(bar.label) > LABEL_LENGTH:
            bar.label = bar.label[: LABEL_LENGTH - 1] + "…"
        top = row * ROW_HEIGHT
        bar.y_label = _number(top + LABEL_GAP - 4)
        bar.y_bar = _number(top + LABEL_GAP)
        bar.y_text = _number(top + LABEL_GAP + BAR_HEIGHT - 4)
        x = 0.0
        bar.drawn = []
        for segment in bar.segments:
            width = segment.value * BAR_WIDTH / longest
            if segment.value:
                bar.drawn.append(
                    Segment(segment.label, segment.value, segment.css, _number(x), _number(width))
                )
            x += width
        bar.total = sum(s.value for s in bar.segments)
        bar.x_total = _number(x + 6)
    return Chart(bars=bars, height=_number(max(len(bars), 1) * ROW_HEIGHT), legend=list(legend))
