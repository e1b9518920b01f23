"""What a page script uses, gathered from the modules that hold it (a facade: no code of its own).

    page = ui.start("ageing", filters=("countries", "places", "years"))   # lcd.page
    ui.header(page)                                                         # title, intro, filter bar
    ui.views(page, {"share60": (label, build), ...})                        # lcd.panels: one chart at a time
    ui.footer(page)                                                         # share, present, meeting pack
"""

from lcd.controls import choice, option, option_value, toggle, year_choice
from lcd.downloads import data as downloads, sources_of, view_meta
from lcd.page import Page, footer, header, metric_row, start, synthetic_notice
from lcd.panels import Panel, views
from lcd.tables import md, table, uploader_words

__all__ = ["Page", "Panel", "choice", "downloads", "footer", "header", "md", "metric_row", "option", "option_value",
           "sources_of", "start", "synthetic_notice", "table", "toggle", "uploader_words", "view_meta", "views", "year_choice"]
