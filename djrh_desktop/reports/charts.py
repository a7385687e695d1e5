"""Bar charts with Chinese labels (reportlab.graphics)."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

BAR = colors.HexColor("#c8102e")
BARS = [
    colors.HexColor(c) for c in ("#c8102e", "#d9822b", "#2b6cb0", "#2f855a", "#6b46c1", "#718096", "#b7791f")
]


def _nice_step(raw: float) -> int:
    """The first of 1, 2, 5, 10, 20, 50 … that is at least `raw`."""
    base = 1
    while True:
        for k in (1, 2, 5):
            if base * k >= raw:
                return base * k
        base *= 10


def bar_chart(title: str, data: list[tuple[str, float]], font: str, width: float, height: float = 190,
              label_size: float = 9) -> Drawing:  # fmt: skip
    d = Drawing(width, height)
    d.add(String(width / 2, height - 14, title, fontName=font, fontSize=11, textAnchor="middle"))
    if not data:
        d.add(String(width / 2, height / 2, "本期无数据", fontName=font, fontSize=10, textAnchor="middle"))
        return d
    chart = VerticalBarChart()
    rotated = len(data) > 8
    if rotated:  # long names under rotated bars: the first seven characters say which
        data = [(label if len(label) <= 8 else label[:7] + "…", v) for label, v in data]
    # Rotated labels hang down and to the left of their bar: room for them inside the drawing.
    longest = max(stringWidth(str(label), font, label_size) for label, _ in data)
    left = max(36, longest * 0.87 - 10) if rotated else 36
    bottom = 38 + (longest * 0.5 if rotated else 0)
    chart.x, chart.y = left, bottom
    chart.width, chart.height = width - left - 14, height - bottom - 32
    chart.data = [[v for _, v in data]]
    chart.categoryAxis.categoryNames = [label for label, _ in data]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = label_size
    chart.categoryAxis.labels.boxAnchor = "ne" if rotated else "n"
    chart.categoryAxis.labels.angle = 30 if rotated else 0
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    top = max(v for _, v in data) or 1
    if all(float(v).is_integer() for _, v in data):  # counts: whole-number ticks (not 0.2, 0.4 … 1)
        step = max(1, _nice_step(top * 1.15 / 5))
        chart.valueAxis.valueStep = step
        chart.valueAxis.valueMax = step * (int(top * 1.15 // step) + 1)
        chart.valueAxis.labelTextFormat = "%d"
    else:
        chart.valueAxis.valueMax = top * 1.15
    chart.bars[0].fillColor = BAR
    for i in range(len(data)):
        chart.bars[(0, i)].fillColor = BARS[i % len(BARS)]
    chart.barLabelFormat = "%g"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 6
    d.add(chart)
    return d
