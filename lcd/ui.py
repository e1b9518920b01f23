"""The Streamlit chrome every page shares: page set-up, first-start build, the URL-bound filters,
translated navigation, and the chart | table panel with cross-filtering.

Pages live in `pages/` and Streamlit runs them in its folder-based multipage mode (see the
README's architecture section), so each page calls `start()` first instead of relying on an
entry script.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from urllib.parse import urlencode
from typing import Callable, Iterable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lcd import charts, db, export, queries
from lcd.filters import (LANGUAGES, YEAR_MAX, YEAR_MIN, Filters, describe, from_query, language_from_locale,
                         place_from_selection, to_query)
from lcd.formats import moment
from lcd.i18n import language, set_language, t

PAGES = (
    ("overview", "dashboard.py"),
    ("participation", "pages/participation.py"),
    ("ageing", "pages/ageing.py"),
    ("programs", "pages/programs.py"),
    ("compare", "pages/compare.py"),
    ("place", "pages/place.py"),
    ("map", "pages/map.py"),
    ("sources", "pages/sources.py"),
    ("data", "pages/data.py"),
    ("upload", "pages/upload.py"),
)
PAGE_FILE = dict(PAGES)
LANGUAGE_NAMES = {"en": "English", "zh": "中文", "th": "ไทย"}  # each language's own name: not translated
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
YEAR_COLUMNS = ("year", "start_year", "gnlc_joined_year", "joined_year", "award_year", "unesco_award_year")
_build_lock = threading.Lock()


class _RunState(threading.local):
    """This script run's view state, reset by start(): year display, presentation mode, figures drawn.

    Thread-local because Streamlit runs every session's script in its own thread."""

    def __init__(self) -> None:
        self.buddhist_era = False
        self.present = False
        self.slide = 0
        self.figures: list[go.Figure] = []
        self.page = "overview"
        self.filters = Filters()
        self.nav_box = self.slide_box = None
        self.meta = None  # the view's export metadata, computed once per run when first needed


_view = _RunState()
PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > :not(:has(> .st-key-slide)):not(:has(> .st-key-present_nav))
{ display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; max-width: 100%; }
.st-key-present_nav p, .st-key-present_nav button { font-size: 1.4rem; }
</style>"""


def _ensure_database() -> None:
    """Build the database on first start (or when data/raw is newer), with a visible message."""
    if not db.needs_build():
        return
    from etl.build import ChecksFailed
    from etl.problems import ValidationFailed

    with _build_lock, st.spinner(t("build.running")):
        if not db.needs_build():  # another session built it while this one waited
            return
        try:
            db.build_default()
        except (ValidationFailed, ChecksFailed) as failed:
            st.error(t("build.failed" if db.database_path().exists() else "build.missing"))
            lines = getattr(failed, "problems", None) or getattr(failed, "failures", [])
            st.code("\n".join(str(p) for p in lines), language=None)
            if not db.database_path().exists():
                st.stop()


def start(page: str) -> Filters:
    """Set up a page: language, config, database, filter state from the URL, sidebar.

    Returns the filters with `lang` resolved (the URL's choice, else the browser's locale)."""
    chosen = st.query_params.get("lang")
    set_language(chosen if chosen in LANGUAGES else language_from_locale(st.context.locale))
    st.set_page_config(page_title=f"{t('nav.' + page)} · {t('app.title')}", layout="wide", initial_sidebar_state="expanded")
    _ensure_database()
    url_filters = from_query(st.query_params.to_dict(), queries.places().place_id)
    filters = replace(url_filters, lang=language())
    present = st.query_params.get("present") == "1"
    slide = st.query_params.get("slide", "1")
    _view.buddhist_era = filters.buddhist_era and filters.lang == "th"
    _view.present, _view.figures, _view.page, _view.filters, _view.meta = present, [], page, filters, None
    _view.slide = max(int(slide) - 1, 0) if slide.isdigit() else 0
    if present:
        st.html(PRESENT_CSS)
        _view.nav_box = st.container(key="present_nav")
        _view.slide_box = st.container(key="slide")
    _sidebar(url_filters, filters, queries.places(filters.lang), page)
    return filters


def _write_param(name: str, widget_key: str, encode: Callable[[object], str]) -> None:
    """Widget callback: put the widget's new value into the URL (or remove it when it is the default)."""
    text = encode(st.session_state[widget_key])
    if text:
        st.query_params[name] = text
    elif name in st.query_params:
        del st.query_params[name]


def _bound(widget, name: str, value, encode: Callable[[object], str], **kwargs):
    """A widget whose value comes from, and goes back to, the URL parameter `name`."""
    key = f"url_{name}"
    st.session_state[key] = value
    return widget(key=key, on_change=_write_param, args=(name, key, encode), **kwargs)


def _codes(values) -> str:
    return ",".join(values)


def _sidebar(url_filters: Filters, filters: Filters, places: pd.DataFrame, page: str) -> None:
    names = places.set_index("place_id").name.to_dict()
    label = queries.code_names(filters.lang)
    query = to_query(url_filters)
    with st.sidebar:
        st.markdown(f"### {t('app.title')}")
        _bound(st.selectbox, "lang", filters.lang, str, label=t("filters.language"), options=list(LANGUAGES),
               format_func=lambda code: LANGUAGE_NAMES[code])
        if filters.lang == "th":
            _bound(st.toggle, "era", filters.buddhist_era, lambda on: "be" if on else "", label=t("filters.buddhist_era"))
        for key, path in PAGES:
            st.page_link(path, label=t(f"nav.{key}"), query_params=query, disabled=key == page)
        if isinstance(queries.current_source(), str):
            st.warning(t("upload.in_use"), icon=":material/upload_file:")
            st.page_link(PAGE_FILE["upload"], label=t("upload.manage"), query_params=query)
        if filters.place:
            st.info(t("selected.place", place=md(names.get(filters.place, filters.place))))
            st.page_link(PAGE_FILE["place"], label=t("selected.open_profile"), query_params=query, icon=":material/arrow_forward:")
        st.divider()
        st.markdown(f"**{t('filters.title')}**")
        country_names = {c: t(f"country.{c}") for c in ("CN", "TH")}
        _bound(st.multiselect, "countries", list(filters.countries), _codes, label=t("filters.countries"),
               options=list(country_names), format_func=country_names.get, placeholder=t("filters.all"))
        options = places[places.country_iso.isin(filters.countries or ("CN", "TH"))].place_id.tolist()
        _bound(st.multiselect, "places", [p for p in filters.places if p in options], _codes, label=t("filters.places"),
               options=options, format_func=lambda p: names.get(p, p), placeholder=t("filters.default_places"))
        _bound(st.slider, "years", filters.years, lambda v: "" if tuple(v) == (YEAR_MIN, YEAR_MAX) else f"{v[0]}-{v[1]}",
               label=t("filters.years"), min_value=YEAR_MIN, max_value=YEAR_MAX)
        _bound(st.multiselect, "ages", list(filters.ages), _codes, label=t("filters.ages"),
               options=list(label.get("age_group", {})), format_func=lambda c: label["age_group"].get(c, c), placeholder=t("filters.all"))
        _bound(st.multiselect, "themes", list(filters.themes), _codes, label=t("filters.themes"),
               options=list(label.get("theme", {})), format_func=lambda c: label["theme"].get(c, c), placeholder=t("filters.all"))
        if query:
            st.button(t("filters.reset"), on_click=_reset)


def _reset() -> None:
    for name in ("places", "countries", "years", "ages", "themes", "place", "era"):
        if name in st.query_params:
            del st.query_params[name]


def option(name: str, choices: dict[str, str], label: str, widget=st.segmented_control) -> str:
    """A page option (e.g. which indicator) kept in the URL as `name`; `choices` maps codes to labels.
    The first choice is the default and leaves the URL clean."""
    codes = list(choices)
    current = st.query_params.get(name)
    value = current if current in choices else codes[0]
    extra = {"selection_mode": "single"} if widget is st.segmented_control else {}
    chosen = _bound(widget, name, value, lambda v: "" if v in (None, codes[0]) else v,
                    label=label, options=codes, format_func=choices.get, **extra)
    return chosen if chosen in choices else codes[0]


def choice(name: str, options: list[str], default: list[str], label: str, format_func) -> list[str]:
    """A multiple choice kept in the URL as `name` (comma-separated codes); the default leaves the URL clean."""
    current = [v for v in (st.query_params.get(name) or "").split(",") if v in options] or [v for v in default if v in options]
    return _bound(st.multiselect, name, current, lambda v: "" if list(v) == default else ",".join(v),
                  label=label, options=options, format_func=format_func)


def header(page: str) -> None:
    st.title(t(f"nav.{page}"))
    st.caption(t(f"page.{page}.intro"))


CODED_COLUMNS = {"basis": "basis", "population_basis": "basis", "flag": "flag", "population_flag": "flag", "theme": "theme",
                 "target_age_group": "target_age_group", "age_group": "age_group", "provider_type": "provider_type", "sex": "sex",
                 "level": "level", "country_iso": "country", "category": "category"}


def localised(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """The columns of a frame a table shows, coded values as names, headers in the current language."""
    shown = frame[[c for c in columns if c in frame]].copy()
    vocab = queries.code_names(language())
    for column, kind in CODED_COLUMNS.items():
        if column in shown:
            names = vocab.get(kind, {})
            shown[column] = shown[column].map(lambda v: names.get(v, v))
    if _view.buddhist_era:
        for column in YEAR_COLUMNS:
            if column in shown:
                shown[column] = shown[column].map(lambda y: charts.BE_OFFSET + int(y) if pd.notna(y) else y)
    for column in shown:
        if shown[column].map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "tolist")).any():
            shown[column] = shown[column].map(lambda v: ", ".join(map(str, v)) if v is not None else "")
    return shown.rename(columns={c: t(f"col.{c}") for c in shown.columns})


def chart(fig: go.Figure, frame: pd.DataFrame, key: str, columns: Iterable[str], filters: Filters,
          *, empty_message: str | None = None) -> None:
    """Draw a figure with a table alternative; a click on a place selects it across pages."""
    if frame.empty or (fig.layout.meta or {}).get("empty"):
        st.markdown(f"**{md(fig.layout.title.text or '')}**")
        st.info(empty_message or t("empty.no_data"))
        return
    if _view.buddhist_era:
        fig = charts.with_buddhist_era(fig, language())
    index = len(_view.figures)
    _view.figures.append(fig)
    if _view.present:
        if index == _view.slide:
            with _view.slide_box:
                big = go.Figure(fig).update_layout(height=760, font={"size": 20}, title={"font": {"size": 30}})
                st.plotly_chart(big, key=key, config=PLOTLY_CONFIG)
        return
    as_chart, as_table = st.tabs([t("tab.chart"), t("tab.table")])
    with as_chart:
        event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points", config=PLOTLY_CONFIG)
        _image_downloads(fig, key)
    with as_table:
        st.dataframe(localised(frame, columns), hide_index=True)
    clicked = place_from_selection(event)
    if clicked and clicked != filters.place:
        st.query_params["place"] = clicked
        st.rerun()


def _image_downloads(fig: go.Figure, key: str) -> None:
    """PNG and SVG of one chart, rendered on the server only when asked for."""
    with st.popover(t("export.image"), icon=":material/image:"):
        if not export.images_available():
            st.warning(t("export.no_chromium"))
            return
        meta = view_meta([fig])
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            st.download_button(t(f"export.{fmt}"), data=lambda f=fmt: export.figure_image(fig, f, meta),
                               file_name=f"{key}.{fmt}", mime=mime, on_click="ignore", key=f"{key}_{fmt}")


def share_url(extra: dict | None = None) -> str:
    """The full URL of the current view (page and every query parameter)."""
    base = (st.context.url or "").split("?")[0]
    query = {**st.query_params.to_dict(), **(extra or {})}
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return base + ("?" + urlencode(query, safe=",") if query else "")


def view_meta(figures: list[go.Figure] | None = None) -> export.ViewMeta:
    """What exports of this view say about it: title, filters in words, version, URL, citation, and the
    quality flags of `figures` (default: every figure drawn so far). Computed once per run."""
    if _view.meta is None:
        filters, lang = _view.filters, language()
        info = queries.build_info().iloc[0]
        names = queries.places(lang).set_index("place_id").name.to_dict()
        vocab = queries.code_names(lang)
        _view.meta = export.ViewMeta(
            title=f"{t('nav.' + _view.page)} · {t('app.title')}", filters_text=describe(filters, names, vocab, lang),
            data_version=info.data_version, built_at=moment(info.built_at, lang), url=share_url(), lang=lang,
            accessed=date.today().isoformat())
    flags = sorted({f for fig in (_view.figures if figures is None else figures) for f in ((fig.layout.meta or {}).get("flags") or [])})
    return replace(_view.meta, flags=tuple(flags))


def downloads(frame: pd.DataFrame, columns: list[str], sources: pd.DataFrame, stem: str, translate: bool = True) -> None:
    """CSV, Excel, Parquet and zip-package downloads of exactly `frame[columns]`, with the view's metadata.
    Files are built only when a button is clicked."""
    view = frame[columns]
    shown = localised(view, columns) if translate else view
    meta = view_meta()
    files = (("csv", "text/csv", lambda: export.csv_bytes(shown)),
             ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", lambda: export.xlsx_bytes(shown, meta, sources)),
             ("parquet", "application/vnd.apache.parquet", lambda: export.parquet_bytes(view, meta)),
             ("zip", "application/zip", lambda: export.data_package(shown, meta, sources)))
    for column, (fmt, mime, build) in zip(st.columns(len(files)), files):
        column.download_button(t(f"data.download.{fmt}"), data=build, file_name=f"{stem}.{fmt}", mime=mime, key=f"{stem}_{fmt}",
                               on_click="ignore", icon=":material/download:", disabled=view.empty)


def footer() -> None:
    """End of every page: share link, presentation mode and meeting pack; or the slide controls when presenting."""
    figures = _view.figures
    if _view.present:
        _present_nav(len(figures))
        return
    st.divider()
    with st.expander(t("share.title"), icon=":material/share:"):
        st.markdown(t("share.link"))
        st.code(share_url(), language=None, wrap_lines=True)
        st.link_button(t("share.present"), share_url({"present": "1", "slide": "1"}), icon=":material/slideshow:")
        if not figures:
            return
        meta = view_meta()
        st.markdown(t("share.pack", count=len(figures)))
        left, right = st.columns(2)
        left.download_button(t("share.html"), data=lambda: export.html_pack(figures, meta), file_name=f"{_view.page}.html",
                             mime="text/html", on_click="ignore", icon=":material/download:")
        if export.images_available():
            right.download_button(t("share.pptx"), data=lambda: export.pptx_bytes(figures, meta), file_name=f"{_view.page}.pptx",
                                  mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                                  on_click="ignore", icon=":material/download:")
        else:
            right.warning(t("export.no_chromium"))


def _goto_slide(number: int) -> None:
    st.query_params["slide"] = str(number)


def _exit_presentation() -> None:
    for name in ("present", "slide"):
        if name in st.query_params:
            del st.query_params[name]


def _present_nav(count: int) -> None:
    current = min(_view.slide, max(count - 1, 0)) + 1
    with _view.nav_box:
        back, where, forward, leave = st.columns([1, 3, 1, 1])
        back.button(t("present.previous"), on_click=_goto_slide, args=(current - 1,), disabled=current <= 1,
                    icon=":material/arrow_back:")
        where.markdown(t("present.position", page=t("nav." + _view.page), current=current, count=count))
        forward.button(t("present.next"), on_click=_goto_slide, args=(current + 1,), disabled=current >= count,
                       icon=":material/arrow_forward:")
        leave.button(t("present.exit"), on_click=_exit_presentation, icon=":material/close:")
    if count == 0:
        with _view.slide_box:
            st.info(t("present.no_charts"))


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$:"})


def md(text) -> str:
    """Data text made safe for Streamlit's Markdown: every special character escaped, so a name like
    `<img src=x onerror=…>` or `**bold**` shows as the characters it is made of."""
    return str(text).translate(_MARKDOWN)


def year_label(year) -> str:
    """A year as the reader wants it: CE, or Buddhist Era (CE + 543) when that option is on."""
    return str(int(year) + (charts.BE_OFFSET if _view.buddhist_era else 0))


def synthetic_notice() -> None:
    """One line at the top of a page whose participation figures are synthetic."""
    if queries.build_info().participation_source.iloc[0].startswith("synthetic"):
        st.warning(t("chart.synthetic_note"), icon=":material/science:")


def metric_row(items: list[tuple[str, str, str | None]]) -> None:
    """Headline numbers: (label, value, help) each, three to a row so long labels stay readable."""
    for start in range(0, len(items), 3):
        for column, (label, value, help_text) in zip(st.columns(3), items[start:start + 3]):
            column.metric(label, value, help=help_text)
