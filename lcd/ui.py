"""The Streamlit chrome every page shares: page set-up, first-start build, the URL-bound filter bar,
translated navigation, and the page's charts shown one at a time (chart or table) with cross-filtering.

Pages live in `pages/` and Streamlit runs them in its folder-based multipage mode (see the
README's architecture section), so each page calls `start()` first instead of relying on an
entry script.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode
from typing import Callable, Iterable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lcd import charts, comparable, db, export, firstpaint, formats, queries
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
# The shared filters each page draws on (the others stay in the URL and its links, but are not offered).
FILTERS_USED = {
    "overview": ("countries", "years", "ages", "themes"),
    "participation": ("countries", "places", "years", "ages", "themes"),
    "ageing": ("countries", "places", "years"),
    "programs": ("countries", "places", "years", "themes"),
    "compare": ("places", "years", "ages", "themes"),
    "place": (),
    "map": ("countries", "years", "ages"),
    "sources": (),
    "data": ("countries", "places", "years"),
    "upload": (),
}
PAGES_WITH_DEFAULT_PLACES = ("ageing", "compare")  # pages that show a few default places when none is chosen
LANGUAGE_NAMES = {"en": "English", "zh": "中文", "th": "ไทย"}  # each language's own name: not translated
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
YEAR_COLUMNS = ("year", "start_year", "gnlc_joined_year", "joined_year", "award_year", "unesco_award_year")
_build_lock = threading.Lock()


class _RunState(threading.local):
    """This script run's view state, reset by start(): year display, presentation mode, the page's views.

    Thread-local because Streamlit runs every session's script in its own thread."""

    def __init__(self) -> None:
        self.buddhist_era = False
        self.present = False
        self.slide = 0
        self.page = "overview"
        self.filters = Filters()
        self.url_filters = Filters()  # the filters as the URL has them (links carry these)
        self.used: tuple[str, ...] = ()  # the filters the page offers
        self.nav_box = self.slide_box = self.bar_box = None
        self.later: list[Callable[[], None]] = []  # controls drawn by footer(), after the chart
        self.charted = False  # this run drew a chart
        self.meta = None  # the view's export metadata, computed once per run when first needed
        self.views: dict[str, tuple[str, Callable[[], Panel]]] = {}


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
    """Set up a page: language, config, database, filter state from the URL, and the places where
    footer() draws the navigation and filter bar.

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
    _view.present, _view.page, _view.filters, _view.meta, _view.views = present, page, filters, None, {}
    _view.url_filters, _view.used = url_filters, FILTERS_USED[page]
    _view.slide = max(int(slide) - 1, 0) if slide.isdigit() else 0
    if present:
        st.html(PRESENT_CSS)
        _view.nav_box = st.container(key="present_nav")
        _view.slide_box = st.container(key="slide")
    # The controls are drawn last (by footer()) into places kept for them here, so that the page's chart
    # is the first thing the browser receives and draws (on a page load, footer() even waits until the
    # browser reports it drawn: lcd/firstpaint.py); their values come from the URL either way.
    _view.later, _view.charted = [], False
    if not present:
        st.sidebar.markdown(f"### {t('app.title')}")  # drawn now, so the sidebar (and the chart's width) is there first
        sidebar, _view.bar_box = st.sidebar.container(), None  # header() keeps the bar's place under the title
        places = queries.places(filters.lang)
        _view.later += [lambda: _sidebar(sidebar, url_filters, filters, places, page),
                        lambda: _filter_bar(_view.bar_box, url_filters, filters, places, _view.used)]
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


def _sidebar(box, url_filters: Filters, filters: Filters, places: pd.DataFrame, page: str) -> None:
    """Language, navigation (links carry the filters) and the selected place. Kept small: every widget
    here is drawn by the browser on every page load, where the filters' popovers are drawn only when opened."""
    query = to_query(url_filters)
    with box:
        _bound(st.segmented_control, "lang", filters.lang, str, label=t("filters.language"), options=list(LANGUAGES),
               format_func=LANGUAGE_NAMES.get, selection_mode="single", required=True)
        if filters.lang == "th":
            _bound(st.toggle, "era", filters.buddhist_era, lambda on: "be" if on else "", label=t("filters.buddhist_era"))
        for key, path in PAGES:
            st.page_link(path, label=t(f"nav.{key}"), query_params=query, disabled=key == page)
        if isinstance(queries.current_source(), str):
            st.warning(t("upload.in_use"), icon=":material/upload_file:")
            st.page_link(PAGE_FILE["upload"], label=t("upload.manage"), query_params=query)
        if filters.place:
            names = places.set_index("place_id").name
            st.info(t("selected.place", place=md(names.get(filters.place, filters.place))))
            st.page_link(PAGE_FILE["place"], label=t("selected.open_profile"), query_params=query, icon=":material/arrow_forward:")


def offer_filters(*names: str) -> None:
    """Narrow the filters this page offers for what it shows now (e.g. age groups only for rates)."""
    _view.used = tuple(n for n in FILTERS_USED[_view.page] if n in names)


def _summary(values: list[str], names: dict, empty: str, shown: int = 2) -> str:
    """A filter's value in a few words for its button: "Tak, Yala +3", or `empty` when nothing is chosen."""
    if not values:
        return empty
    words = [names.get(v, v) for v in values[:shown]]
    return ", ".join(words) + (f" +{len(values) - shown}" if len(values) > shown else "")


def _filter_bar(box, url_filters: Filters, filters: Filters, places: pd.DataFrame, used: tuple[str, ...]) -> None:
    """The filters this page uses, one button each showing its current value; the widgets open in a popover.
    Every filter is shared by all pages and kept in the URL."""
    if not used:
        return
    label = queries.code_names(filters.lang)
    names = places.set_index("place_id").name.to_dict()
    country_names = {c: t(f"country.{c}") for c in ("CN", "TH")}
    every = t("filters.all")
    bar = box.container(horizontal=True, gap="small", key="filter_bar")

    def pop(name: str, title: str, value: str):
        return bar.popover(f"{title}: {md(value)}", key=f"filter_{name}", icon=":material/filter_list:")

    if "countries" in used:
        with pop("countries", t("filters.countries"), _summary(list(filters.countries), country_names, every)):
            _bound(st.multiselect, "countries", list(filters.countries), _codes, label=t("filters.countries"),
                   options=list(country_names), format_func=country_names.get, placeholder=every)
    if "places" in used:
        options = places[places.country_iso.isin(filters.countries or ("CN", "TH"))].place_id.tolist()
        chosen = [p for p in filters.places if p in options]
        default = _view.page in PAGES_WITH_DEFAULT_PLACES  # else no place chosen means every place
        with pop("places", t("filters.places"), _summary(chosen, names, t("filters.default_places_short") if default else every)):
            _bound(st.multiselect, "places", chosen, _codes, label=t("filters.places"), options=options,
                   format_func=lambda p: names.get(p, p), placeholder=t("filters.default_places") if default else every)
    if "years" in used:
        with pop("years", t("filters.years"), f"{year_label(filters.years[0])}–{year_label(filters.years[1])}"):
            _bound(st.slider, "years", filters.years, lambda v: "" if tuple(v) == (YEAR_MIN, YEAR_MAX) else f"{v[0]}-{v[1]}",
                   label=t("filters.years"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    for name, kind in (("ages", "age_group"), ("themes", "theme")):
        if name in used:
            with pop(name, t(f"filters.{name}"), _summary(list(getattr(filters, name)), label.get(kind, {}), every)):
                _bound(st.multiselect, name, list(getattr(filters, name)), _codes, label=t(f"filters.{name}"),
                       options=list(label.get(kind, {})), format_func=lambda c, k=kind: label[k].get(c, c), placeholder=every)
    if to_query(url_filters):
        bar.button(t("filters.reset"), on_click=_reset, icon=":material/restart_alt:", type="tertiary")


def _reset() -> None:
    for name in ("places", "countries", "years", "ages", "themes", "place", "era"):
        if name in st.query_params:
            del st.query_params[name]


def option_value(name: str, codes: list[str]) -> str:
    """A page option's current code, from the URL (the first code when it is missing or unknown)."""
    current = st.query_params.get(name)
    return current if current in codes else codes[0]


def option(name: str, choices: dict[str, str], label: str, widget=st.segmented_control) -> str:
    """A page option (e.g. which indicator) kept in the URL as `name`; `choices` maps codes to labels.
    The first choice is the default and leaves the URL clean."""
    codes = list(choices)
    value = option_value(name, codes)
    extra = {"selection_mode": "single"} if widget is st.segmented_control else {"width": 320} if widget is st.selectbox else {}
    chosen = _bound(widget, name, value, lambda v: "" if v in (None, codes[0]) else v,
                    label=label, options=codes, format_func=choices.get, **extra)
    return chosen if chosen in choices else codes[0]


def choice(name: str, options: list[str], default: list[str], label: str, format_func) -> list[str]:
    """A multiple choice kept in the URL as `name` (comma-separated codes); the default leaves the URL clean."""
    current = [v for v in (st.query_params.get(name) or "").split(",") if v in options] or [v for v in default if v in options]
    return _bound(st.multiselect, name, current, lambda v: "" if list(v) == default else ",".join(v),
                  label=label, options=options, format_func=format_func)


def header(page: str) -> None:
    """The page's title and introduction, with the filter bar under them."""
    st.title(t(f"nav.{page}"))
    st.caption(t(f"page.{page}.intro"))
    if not _view.present:  # keyed when it will hold filters: its space is kept until they come (lcd/server.py)
        _view.bar_box = st.container(key="filter_slot" if FILTERS_USED[page] else None).empty()


CODED_COLUMNS = {"basis": "basis", "population_basis": "basis", "flag": "flag", "population_flag": "flag", "theme": "theme",
                 "target_age_group": "target_age_group", "age_group": "age_group", "provider_type": "provider_type", "sex": "sex",
                 "level": "level", "country_iso": "country", "category": "category", "unit": "unit"}


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


MISSING = "–"  # how a table shows a value the data does not have (e.g. an unknown start year)


def table(frame: pd.DataFrame, columns: Iterable[str], **kwargs) -> None:
    """`frame[columns]` as a table in the reader's language (see localised), missing values shown as MISSING."""
    st.dataframe(localised(frame, columns), hide_index=True, placeholder=MISSING, **kwargs)


@dataclass
class Panel:
    """One chart of a page, with the table behind it and what to say when it is empty."""

    fig: go.Figure
    frame: pd.DataFrame
    columns: list[str]
    empty_message: str | None = None
    note: str | None = None  # a caption under the chart

    @property
    def empty(self) -> bool:
        return self.frame.empty or bool((self.fig.layout.meta or {}).get("empty"))

    def figure(self) -> go.Figure:
        """The figure as this reader sees it (years in the Buddhist Era when that option is on)."""
        return charts.with_buddhist_era(self.fig, language()) if _view.buddhist_era else self.fig


View = tuple[str, Callable[[], Panel]]  # (label, builder): the builder runs only when the chart is shown or exported


def views(page_views: dict[str, View]) -> str:
    """Show one of a page's charts at a time, chosen with buttons and kept in the URL (`view=`; the first
    is the default), as a chart or as its table (`show=table`). Only the chosen chart is queried, built
    and sent to the browser, which keeps every page about as light as a one-chart page. Presentation
    mode shows the slide's chart; the meeting pack builds them all, when it is downloaded.
    Returns the chosen view's name."""
    _view.views = page_views
    names = list(page_views)
    if _view.present:
        name, as_table = names[min(_view.slide, len(names) - 1)], False
    else:
        chooser = st.container(key="chooser_slot").empty()
        name, as_table = option_value("view", names), option_value("show", list(SHOW)) == "table"
        _view.later.insert(0, lambda: _view_chooser(chooser, page_views))
    panel = _panel(name, page_views[name][1])
    _draw(panel, f"{_view.page}_{name}", as_table)
    if panel.note and not _view.present:
        st.caption(panel.note)
    return name


SHOW = ("chart", "table")
NOT_IN_PANEL = ("show", "present", "slide")  # URL parameters that change how a panel is shown, not what it holds


@st.cache_resource(max_entries=512, show_spinner=False)
def _built(key: tuple, _build: Callable[[], Panel]) -> Panel:
    """A panel built once per `key`. Building a figure in plotly costs 10-70 ms of the server's time,
    before the chart can be sent. Panels are shared between sessions, so none is changed once built."""
    return _build()


def _panel(name: str, build: Callable[[], Panel]) -> Panel:
    """The page's view `name`, from the cache of built panels. A view is a function of the page, its
    URL, the reader's language and the data it reads (the shared file's identity or the session's
    upload), which is the key."""
    src = queries.current_source()
    params = tuple(sorted((k, v) for k, v in st.query_params.to_dict().items() if k not in NOT_IN_PANEL))
    return _built((_view.page, name, language(), params, db.identity(src), str(src)), build)


def _draw(panel: Panel, key: str, as_table: bool) -> None:
    """Draw a panel's figure, or the table behind it; a click on a place selects it across pages."""
    title = md(panel.fig.layout.title.text or "")
    if panel.empty:
        st.markdown(f"**{title}**")
        st.info(panel.empty_message or t("empty.no_data"))
        return
    fig = panel.figure()
    if _view.present:
        with _view.slide_box:
            big = go.Figure(fig).update_layout(height=760, font={"size": 20}, title={"font": {"size": 30}})
            st.plotly_chart(big, key=key, config=PLOTLY_CONFIG)
        return
    if as_table:
        st.markdown(f"**{title}**")
        table(panel.frame, panel.columns)
        return
    event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points", config=PLOTLY_CONFIG)
    _view.charted = True
    images = st.container()
    _view.later.append(lambda: _image_downloads(images, fig, key))
    clicked = place_from_selection(event)
    if clicked and clicked != _view.filters.place:
        st.query_params["place"] = clicked
        st.rerun()


def _view_chooser(box, page_views: dict[str, View]) -> None:
    """The buttons that choose a page's chart (when it has more than one) and chart or table."""
    with box.container(horizontal=True, gap="medium", vertical_alignment="bottom"):
        if len(page_views) > 1:
            option("view", {n: label for n, (label, _) in page_views.items()}, t("view.label"))
        option("show", {code: t(f"tab.{code}") for code in SHOW}, t("view.show"))


def _all_figures(page_views: dict[str, View]) -> list[go.Figure]:
    """Every chart of a page that has data, as the reader sees it (for the meeting pack and deck)."""
    panels = [build() for _, build in page_views.values()]
    return [panel.figure() for panel in panels if not panel.empty]


def _deferred(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """`make` for a download built on click. Streamlit calls it later from another thread, so this
    run's language, year display and database (the shared file or the session's upload) go with it."""
    lang, era, src = language(), _view.buddhist_era, queries.current_source()

    def run() -> bytes:
        previous = language(), _view.buddhist_era
        set_language(lang)
        _view.buddhist_era = era
        try:
            with db.using(src):
                return make()
        finally:
            set_language(previous[0])
            _view.buddhist_era = previous[1]
    return run


def _image_downloads(box, fig: go.Figure, key: str) -> None:
    """PNG and SVG of one chart, rendered on the server only when asked for."""
    with box, st.popover(t("export.image"), icon=":material/image:"):
        if not export.images_available():
            st.warning(t("export.no_chromium"))
            return
        meta = view_meta([fig])
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            st.download_button(t(f"export.{fmt}"), data=lambda f=fmt: export.figure_image(fig, f, meta),
                               file_name=f"{key}.{fmt}", mime=mime, on_click="ignore", key=f"{key}_{fmt}")


def link(page: str, label: str, icon: str | None = None, **params: str) -> None:
    """A link to another page that keeps this view's filters and language, plus `params`."""
    st.page_link(PAGE_FILE[page], label=label, icon=icon, query_params={**to_query(_view.url_filters), **params})


def share_url(extra: dict | None = None) -> str:
    """The full URL of the current view (page and every query parameter)."""
    base = (st.context.url or "").split("?")[0]
    query = {**st.query_params.to_dict(), **(extra or {})}
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return base + ("?" + urlencode(query, safe=",") if query else "")


def view_meta(figures: Iterable[go.Figure] = (), frame: pd.DataFrame | None = None,
              applied: Iterable[str] | None = None) -> export.ViewMeta:
    """What exports of this view say about it: title, the filters it applies in words (`applied`: those of the
    page's filters that the exported data follows; all the page uses by default), version, URL, citation, and
    the quality flags of `figures` or of `frame`'s rows. The common part is computed once per run."""
    if _view.meta is None:
        lang = language()
        info = queries.build_info().iloc[0]
        _view.meta = export.ViewMeta(
            title=f"{t('nav.' + _view.page)} · {t('app.title')}", filters_text="", page=t("nav." + _view.page),
            data_version=info.data_version, built_at=moment(info.built_at, lang), url=share_url(), lang=lang,
            accessed=date.today().isoformat())
    lang = language()
    names = queries.places(lang).set_index("place_id").name.to_dict()
    words = describe(_view.filters, names, queries.code_names(lang), lang, tuple(applied if applied is not None else _view.used))
    flags = charts.flags_of(frame) if frame is not None else set()
    return with_flags(replace(_view.meta, filters_text=words), figures, flags)


def with_flags(meta: export.ViewMeta, figures: Iterable[go.Figure], flags: Iterable[str] = ()) -> export.ViewMeta:
    """`meta` carrying the quality flags of `figures` and `flags`."""
    found = {f for fig in figures for f in ((fig.layout.meta or {}).get("flags") or [])} | set(flags)
    return replace(meta, flags=tuple(sorted(found)))


def downloads(frame: pd.DataFrame, columns: list[str], sources: pd.DataFrame, stem: str, translate: bool = True,
              applied: Iterable[str] | None = None) -> None:
    """CSV, Excel, Parquet and zip-package downloads of exactly `frame[columns]`, with the view's metadata (the
    filters in `applied`, the quality flags of the exported rows). Files are built only when a button is clicked."""
    view = frame[columns]
    shown = localised(view, columns) if translate else view
    meta = view_meta(frame=frame, applied=applied)
    files = (("csv", "text/csv", lambda: export.csv_bytes(shown)),
             ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", lambda: export.xlsx_bytes(shown, meta, sources)),
             ("parquet", "application/vnd.apache.parquet", lambda: export.parquet_bytes(view, meta)),
             ("zip", "application/zip", lambda: export.data_package(shown, meta, sources)))
    for column, (fmt, mime, build) in zip(st.columns(len(files)), files):
        column.download_button(t(f"data.download.{fmt}"), data=build, file_name=f"{stem}.{fmt}", mime=mime, key=f"{stem}_{fmt}",
                               on_click="ignore", icon=":material/download:", disabled=view.empty)


def footer() -> None:
    """End of every page: the controls kept for later, share link, presentation mode and meeting pack;
    or the slide controls when presenting."""
    first_run = not st.session_state.get(FIRST_RUN_DONE)
    st.session_state[FIRST_RUN_DONE] = True
    if first_run and _view.charted and not _view.present:
        _await_first_paint()
    for draw in _view.later:
        draw()
    page_views = _view.views
    if _view.present:
        _present_nav(len(page_views))
        return
    st.divider()
    # A popover, not an expander: its content is drawn only when opened (an expander's content is drawn
    # while collapsed, and this one's code block and buttons cost about 0.25 s on every page load).
    with st.popover(t("share.title"), icon=":material/share:", key="share"):
        st.markdown(t("share.link"))
        st.code(share_url(), language=None, wrap_lines=True)
        st.link_button(t("share.present"), share_url({"present": "1", "slide": "1"}), icon=":material/slideshow:")
        if not page_views:
            return
        meta = view_meta()

        def pack(write: Callable[[list[go.Figure], export.ViewMeta], bytes]) -> Callable[[], bytes]:
            def make() -> bytes:
                figures = _all_figures(page_views)
                return write(figures, with_flags(meta, figures))
            return _deferred(make)

        st.markdown(t("share.pack", count=len(page_views)))
        left, right = st.columns(2)
        left.download_button(t("share.html"), data=pack(export.html_pack), file_name=f"{_view.page}.html",
                             mime="text/html", on_click="ignore", icon=":material/download:")
        if export.images_available():
            right.download_button(t("share.pptx"), data=pack(export.pptx_bytes), file_name=f"{_view.page}.pptx",
                                  mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                                  on_click="ignore", icon=":material/download:")
        else:
            right.warning(t("export.no_chromium"))


FIRST_RUN_DONE = "lcd_first_run_done"


def _await_first_paint() -> None:
    """On a session's first run (a page load) that drew a chart, hold the controls until the browser
    reports the chart drawn, at most firstpaint.WAIT seconds (lcd/firstpaint.py). Later runs do not wait."""
    token = st.context.cookies.get(firstpaint.COOKIE)
    if isinstance(token, str):  # (AppTest's context gives a stand-in object: nothing to wait for)
        firstpaint.wait(token)


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


def source_line(source_ids) -> str:
    """Readable sources of a frame's values for a chart's source line, e.g. "Thai civil registration (DOPA) 2021"."""
    names = queries.source_names(language())
    return formats.source_line(source_ids, dict(zip(names.source_id, zip(names.name, names.year))), _view.buddhist_era)


def with_detail(frame: pd.DataFrame, **columns) -> pd.DataFrame:
    """`frame` with each value's year and basis in words (charts.with_detail), in the reader's language and era."""
    return charts.with_detail(frame, queries.code_names(language()).get("basis", {}), _view.buddhist_era, **columns)


def compared_title(title: str, frame: pd.DataFrame) -> str:
    """A chart's title naming the one year and basis its places share (the caveat line says when they do not)."""
    detail = charts.comparison_label(frame)
    return t("chart.compared_title", title=title, detail=detail) if detail else title


def year_choice(candidates: pd.DataFrame, label: str) -> int | None:
    """A year kept in the URL (`year=`) for a chart that compares places; the default (no year) lets each
    country's places be compared at the year and basis most of them share (lcd.comparable)."""
    years = comparable.years(candidates)
    chosen = option("year", {"": t("compare.year_auto"), **{str(y): year_label(y) for y in years}}, label, widget=st.selectbox)
    return int(chosen) if chosen else None


def synthetic_notice() -> None:
    """One line at the top of a page whose participation figures are synthetic."""
    if queries.build_info().participation_source.iloc[0].startswith("synthetic"):
        st.warning(t("chart.synthetic_note"), icon=":material/science:")


def metric_row(items: list[tuple[str, str, str | None]]) -> None:
    """Headline numbers: (label, value, help) each, three to a row so long labels stay readable."""
    for start in range(0, len(items), 3):
        for column, (label, value, help_text) in zip(st.columns(3), items[start:start + 3]):
            column.metric(label, value, help=help_text)
