"""Bar charts as data for inline SVG drawn on the server (templates/projects/includes/bar_chart.html).

Geometry only: no styles, since the CSP forbids inline style attributes; colours come from classes
in static/css/register.css. The width of 320 user units keeps text legible on a 360px phone.
"""

from django.utils.translation import gettext as _

from .amounts import format_amount, format_number

WIDTH = 320
ROW_HEIGHT = 34
BAR_HEIGHT = 12


def bar_chart(slug, title, description, rows):
    """`rows` are (label, value, value text, css class); bars are scaled to the largest value."""
    largest = max((value or 0 for _label, value, _text, _css in rows), default=0)
    bars = []
    for index, (label, value, text, css) in enumerate(rows):
        top = index * ROW_HEIGHT
        bars.append(
            {
                "label": label,
                "text": text,
                "css": css,
                "label_y": top + 13,
                "bar_y": top + 18,
                "width": round(WIDTH * (value or 0) / largest, 1) if largest else 0,
            }
        )
    return {
        "slug": slug,
        "title": title,
        "description": description,
        "bars": bars,
        "width": WIDTH,
        "height": max(len(rows), 1) * ROW_HEIGHT,
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
