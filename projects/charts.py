"""Bar charts as data for the server-drawn charts (templates/projects/includes/bar_chart.html).

Each bar is its own one-line SVG, stretched to the width of its row, under a label that is HTML text: a label never
fits an SVG's fixed width in every language and font (Burmese region names were cut at the chart's edge), while HTML
text wraps. Geometry only: no styles, since the CSP forbids inline style attributes; colours and the bar's height on
screen come from classes in static/css/portal.css.
"""

from django.utils.translation import gettext as _

from .amounts import format_amount, format_number

# User units of one bar's SVG; the stylesheet stretches it to the row, so only the ratio of a bar to WIDTH counts.
WIDTH = 320
BAR_HEIGHT = 12


def bar_chart(slug, title, description, rows):
    """`rows` are (label, value, value text, css class); bars are scaled to the largest value."""
    largest = max((value or 0 for _label, value, _text, _css in rows), default=0)
    bars = []
    for label, value, text, css in rows:
        bars.append(
            {
                "label": label,
                "text": text,
                "css": css,
                "width": round(WIDTH * (value or 0) / largest, 1) if largest else 0,
            }
        )
    return {
        "slug": slug,
        "title": title,
        "description": description,
        "bars": bars,
        "width": WIDTH,
        "bar_height": BAR_HEIGHT,
    }


def stats_charts(stats):
    """The charts of the statistics page: amount by band, by sector and by region."""
    return {
        "bands": bar_chart(
            "bands",
            _("Investment by project size"),
            _("Sum of disclosed investment in each amount band; the table beside gives counts and sums."),
            [
                (row["label"], row["amount"], f"{format_amount(row['amount'])} · {format_number(row['count'])}", "")
                for row in stats["bands"]
                if row["band"] != "undisclosed"
            ],
        ),
        "sectors": bar_chart(
            "sectors",
            _("Investment by sector"),
            _("Sum of disclosed investment in each sector; emerging industries are drawn darker."),
            [
                (
                    row["name"],
                    row["amount"],
                    format_amount(row["amount"]),
                    "emerging" if row["sector__is_emerging"] else "",
                )
                for row in stats["sectors"]
            ],
        ),
        "regions": bar_chart(
            "regions",
            _("Investment by region"),
            _("Sum of disclosed investment in each prefecture-level region of Yunnan."),
            [(row["name"], row["amount"], format_amount(row["amount"]), "") for row in stats["regions"]],
        ),
    }
