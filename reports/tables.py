"""A table of figures with its chart, shared by the force page and the problem profile."""

from dataclasses import dataclass


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    description: str = ""  # the chart's text description (what it shows)
    chart: str = ""  # a kind of charts.py: bar, barh, line, stacked, heatmap; empty: no chart

    @property
    def svg(self) -> str:
        from .profile.charts import chart_svg

        return chart_svg(self) if self.chart else ""

    @property
    def data_uri(self) -> str:
        from .profile.charts import data_uri

        return data_uri(self) if self.chart else ""
