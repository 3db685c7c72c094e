"""The annex as one self-contained HTML page (fonts embedded), ready to preview and print.

Print CSS: the memo and summary print on portrait A4, the table on a landscape A4
named page, and the table's header row repeats on every page.
"""
from __future__ import annotations

import functools

import jinja2

from components.outputs.annex import assets
from components.outputs.annex.model import Report

TEMPLATE_NAME = "annex.html.j2"


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(assets.TEMPLATE_DIR)),
        autoescape=True,  # every sheet string is escaped, whatever the template's name
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )


def _font_faces(embed: bool) -> list[dict]:
    if not embed:
        return []
    return [{"weight": weight, "style": style, "src": assets.font_data_uri(name)}
            for (weight, style), name in assets.FONT_FILES.items() if style == "normal"]


def build_annex_html(report: Report, *, print_button: bool = False, embed_fonts: bool = True) -> str:
    """Return the annex as an HTML document (str).

    print_button adds a button (hidden when printing) that prints the page itself;
    embed_fonts puts the shipped Sarabun in the file so it looks the same anywhere.
    """
    template = _environment().get_template(TEMPLATE_NAME)
    return template.render(report=report, print_button=print_button,
                           fonts=_font_faces(embed_fonts), family=assets.FONT_FAMILY)
