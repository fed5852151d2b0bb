"""The reports' charts: server-side SVG from matplotlib's SVG backend (no pyplot, no GUI, no JavaScript).

Why matplotlib (pinned >=3.9,<4 in pyproject.toml): it is maintained by a large team under NumFOCUS with regular
releases; its SVG backend writes plain shapes and text with no script and nothing fetched from elsewhere, where
pygal's SVG carries a script tag and, by default, a tooltip script from a CDN. A chart is drawn from a Table
(figures.py) and shown as an image (a data: URI, which the CSP's img-src allows): in an image an SVG can run
nothing, and WeasyPrint draws the same image in the PDF. Each chart sits beside its title, a text description
and its data table.
"""

import base64
import io

import matplotlib

matplotlib.use("svg")  # no display, whatever the environment says
from matplotlib.figure import Figure  # noqa: E402

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: smaller, and searchable
        "svg.hashsalt": "dacase",  # the same data draw the same file
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
# Okabe-Ito colours, told apart by people with the common colour-vision deficiencies.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def _values(row, index):
    return [0 if v is None else v for v in (row[i] for i in index)]


def chart_svg(table) -> str:
    """The table drawn as its kind of chart, as an SVG document (text)."""
    rows = table.rows
    labels = [str(r[0]) for r in rows]
    x = list(range(len(rows)))  # positions, the labels set as ticks (no guessing whether a label is a number)
    figure = Figure(figsize=(6.4, 3.4 if table.chart != "heatmap" else 3.0))
    # Fixed margins: a layout engine would cost several times the drawing.
    figure.subplots_adjust(left=0.3 if table.chart == "barh" else 0.12, right=0.97, top=0.9, bottom=0.22)
    axes = figure.add_subplot()
    if table.chart == "bar":
        axes.bar(x, [r[1] for r in rows], color=COLOURS[0])
        axes.set_ylabel(table.columns[1])
        axes.set_xticks(x, labels, rotation=45 if len(rows) > 6 else 0)
    elif table.chart == "barh":
        shown = [r for r in rows if r[1]][:15][::-1]
        axes.barh(range(len(shown)), [r[1] for r in shown], color=COLOURS[0])
        axes.set_yticks(range(len(shown)), [str(r[0]) for r in shown])
        axes.set_xlabel(table.columns[1])
    elif table.chart == "line":
        axes.plot(x, [r[1] for r in rows], color=COLOURS[0], marker="o", markersize=3)
        axes.set_ylabel(table.columns[1])
        axes.set_xticks(x[::3], labels[::3], rotation=45)
        axes.set_ylim(bottom=0)
    elif table.chart == "stacked":
        bottom = [0] * len(rows)
        for n, name in enumerate(table.columns[1:], start=1):
            values = [r[n] for r in rows]
            axes.bar(x, values, bottom=bottom, label=name, color=COLOURS[n - 1])
            bottom = [a + b for a, b in zip(bottom, values, strict=True)]
        axes.legend(frameon=False)
        axes.set_xticks(x, labels, rotation=45 if len(rows) > 6 else 0)
    elif table.chart == "heatmap":
        grid = [_values(r, range(1, len(r))) for r in rows]
        mesh = axes.pcolormesh(grid, cmap="Blues", edgecolors="white", linewidth=0.5)
        axes.set_yticks([i + 0.5 for i in range(len(rows))], labels)
        axes.set_xticks([h + 0.5 for h in range(0, 24, 3)], [f"{h:02d}" for h in range(0, 24, 3)])
        axes.invert_yaxis()
        axes.set_xlabel("Hour of receipt")
        figure.colorbar(mesh, ax=axes, label="Incidents")
    else:
        raise ValueError(f"no chart of kind {table.chart!r}")
    axes.set_title(table.title)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Title": table.title, "Description": table.description})
    return out.getvalue()


def data_uri(table) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(chart_svg(table).encode()).decode()
