"""The dashboard's charts (QtCharts): counts by category as coloured bars, and counts per day as lines.

Each chart is built once and only its values change on a refresh, so redrawing costs a repaint and
no widget is made anew. What a chart shows can be read back from its series (`counts`, `lines`):
the values drawn, not a copy kept beside them.
"""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.desktop.appearance import follow_look
from app.desktop.locale_format import day_and_month_format
from app.desktop.theme import Palette

#: At most this many steps on a count axis; each step a whole number.
MAX_STEPS = 5
#: At most this many day labels under a chart, however long the period.
MAX_DAY_LABELS = 8


def count_axis_top(highest: int) -> tuple[int, int]:
    """The top of a count axis at or above `highest` and its number of steps, each step a whole
    "nice" number (1, 2 or 5 times a power of ten), so no label repeats or shows a fraction."""
    if highest <= MAX_STEPS:
        top = max(highest, 1)
        return top, top
    rough = highest / MAX_STEPS
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    steps = math.ceil(highest / step)
    return steps * step, steps


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(4)
    return chart


def _count_axis() -> QValueAxis:
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    axis.setMinorTickCount(0)
    return axis


def _set_top(axis: QValueAxis, highest: int) -> None:
    top, steps = count_axis_top(highest)
    axis.setRange(0, top)
    axis.setTickCount(steps + 1)


class _ChartView(QChartView):
    def __init__(self, chart: QChart, name: str, parent: QWidget | None) -> None:
        super().__init__(chart, parent)
        self.setObjectName(name)
        self.setAccessibleName(chart.title())
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(240, 200)

    def follow_look(self) -> None:
        """Draw the chart's surface, title, legend and axes in the look's colours, now and after each
        change of look (the bars and lines keep theirs, which read on both); once its axes are added."""
        follow_look(self, self._restyle)

    def _restyle(self, colours: Palette) -> None:
        standard = colours.standard
        chart = self.chart()
        chart.setBackgroundBrush(QColor(standard.base))
        chart.setTitleBrush(QColor(standard.text))
        chart.legend().setLabelColor(QColor(standard.text))
        for axis in chart.axes():
            axis.setLabelsColor(QColor(standard.text))
            axis.setLinePenColor(QColor(standard.mid))
            axis.setGridLineColor(QColor(standard.mid))


class CountsChart(_ChartView):
    """One bar per category, each in its own colour with its count on it (a stacked series of one
    set per category, each set zero outside its own column). `horizontal` bars leave room for long
    category names."""

    def __init__(
        self,
        title: str,
        categories: list[tuple[str, str]],
        name: str,
        parent: QWidget | None = None,
        *,
        horizontal: bool = False,
        label_colour: str,
    ) -> None:
        chart = _chart(title)
        super().__init__(chart, name, parent)
        series = QHorizontalStackedBarSeries() if horizontal else QStackedBarSeries()
        self._series: QAbstractBarSeries = series
        # Horizontal bars are drawn bottom up: the first category goes last, so it is read first.
        self._flipped = horizontal
        if horizontal:
            categories = categories[::-1]
        self._series.setBarWidth(0.65)
        self._series.setLabelsVisible(True)
        self._sets: list[QBarSet] = []
        for label, colour in categories:
            bar = QBarSet(label)
            bar.setColor(QColor(colour))
            bar.setBorderColor(QColor(colour))
            bar.setLabelColor(QColor(label_colour))
            bar.append([0.0] * len(categories))
            self._series.append(bar)
            self._sets.append(bar)
        chart.addSeries(self._series)
        self._labels = QBarCategoryAxis()
        self._labels.append([label for label, _colour in categories])
        labels_at, counts_at = Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft
        if horizontal:
            labels_at, counts_at = counts_at, labels_at
        chart.addAxis(self._labels, labels_at)
        self._series.attachAxis(self._labels)
        self._axis = _count_axis()
        chart.addAxis(self._axis, counts_at)
        self._series.attachAxis(self._axis)
        chart.legend().hide()
        _set_top(self._axis, 0)
        self.follow_look()

    def show_counts(self, counts: list[int]) -> None:
        """The count of each category, in the order the chart was made with."""
        if len(counts) != len(self._sets):
            raise ValueError(f"{len(self._sets)} counts expected, got {len(counts)}")
        highest = max(counts, default=0)
        if self._flipped:
            counts = counts[::-1]
        for column, (bar, count) in enumerate(zip(self._sets, counts, strict=True)):
            bar.replace(column, float(count))
        _set_top(self._axis, highest)

    def categories(self) -> list[str]:
        """The category names, in the order the chart was made with."""
        shown = list(self._labels.categories())
        return shown[::-1] if self._flipped else shown

    def counts(self) -> list[int]:
        """The bars as drawn, in the order the chart was made with."""
        drawn = [round(bar.at(column)) for column, bar in enumerate(self._sets)]
        return drawn[::-1] if self._flipped else drawn


class DailyChart(_ChartView):
    """A line per kind of count (incoming, outgoing, ...), a point per day, the legend above."""

    def __init__(
        self, title: str, lines: list[tuple[str, str]], name: str, parent: QWidget | None = None
    ) -> None:
        chart = _chart(title)
        super().__init__(chart, name, parent)
        self._days_axis = QDateTimeAxis()
        # The day in the app's language's short format: numbers only, so Qt's English month names never show.
        self._days_axis.setFormat(day_and_month_format(QLocale()))
        chart.addAxis(self._days_axis, Qt.AlignmentFlag.AlignBottom)
        self._axis = _count_axis()
        chart.addAxis(self._axis, Qt.AlignmentFlag.AlignLeft)
        self._lines: list[QLineSeries] = []
        for label, colour in lines:
            series = QLineSeries()
            series.setName(label)
            series.setPen(QPen(QColor(colour), 2))
            series.setPointsVisible(True)
            chart.addSeries(series)
            series.attachAxis(self._days_axis)
            series.attachAxis(self._axis)
            self._lines.append(series)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        _set_top(self._axis, 0)
        self.follow_look()

    def show_days(self, days: list[date], values: list[list[int]]) -> None:
        """`values[line][day]`: each line's count on each of `days` (in order, none missing)."""
        if len(values) != len(self._lines) or any(len(v) != len(days) for v in values):
            raise ValueError("one value per line and day expected")
        times = [QDateTime(QDate(d.year, d.month, d.day).startOfDay()).toMSecsSinceEpoch() for d in days]
        for series, counts in zip(self._lines, values, strict=True):
            series.clear()
            for at, count in zip(times, counts, strict=True):
                series.append(float(at), float(count))
        if days:
            first, last = days[0], days[-1]
            # A single day gets a day either side, so its point is not drawn on the chart's edge.
            shown_first = QDate(first.year, first.month, first.day).addDays(-1 if len(days) == 1 else 0)
            shown_last = QDate(last.year, last.month, last.day).addDays(1 if len(days) == 1 else 0)
            self._days_axis.setRange(shown_first.startOfDay(), shown_last.startOfDay())
            self._days_axis.setTickCount(min(max(len(days), 3), MAX_DAY_LABELS))
        _set_top(self._axis, max((max(v, default=0) for v in values), default=0))

    def lines(self) -> dict[str, list[int]]:
        """Each line's counts as drawn, day by day."""
        return {series.name(): [round(point.y()) for point in series.points()] for series in self._lines}

    def days(self) -> list[date]:
        """The days the points stand on (those of the first line)."""
        if not self._lines:
            return []
        found = []
        for point in self._lines[0].points():
            day = QDateTime.fromMSecsSinceEpoch(round(point.x())).date()
            found.append(date(day.year(), day.month(), day.day()))
        return found
