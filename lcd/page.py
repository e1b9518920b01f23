"""The page object: what one run of one page shows, and for whom.

Every page begins with `page = ui.start("<name>", filters=(...))`. The page declares the shared
filters it uses; `page.filters` holds those as the URL has them and every other filter at its
default, so a page can never apply a filter it does not show. The object carries the reader's
language and era, the data the session reads (the shared file or its upload) and presentation
mode; functions that draw, build or download take it, and a download that runs later in another
thread re-enters it with `page.activated()`, the one place that sets the per-thread state.

Pages live in `pages/` and Streamlit runs them in its folder-based multipage mode (see the
README's architecture section), so each page calls `start()` itself instead of relying on an
entry script. The navigation order is `NAVIGATION`; each page's declared filters are read from its
own `start()` call (`declared_filters`), so links carry only what the target page uses.
"""

from __future__ import annotations

import ast
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

import pandas as pd
import streamlit as st

from lcd import charts, db, formats, queries
from lcd.config import ROOT
from lcd.filters import FILTER_NAMES, Filters, from_query, language_from_locale, restrict, to_query
from lcd.i18n import LANGUAGES, set_language, t

NAVIGATION = ("overview", "participation", "ageing", "programs", "framework", "compare", "place", "map", "coverage", "story",
              "sources", "data", "contract", "upload")
PAGES_WITH_DEFAULT_PLACES = ("ageing", "compare")
# A view of uploaded data says so in its URL (`data=upload`): the upload lives only in one server's memory,
# so a browser that comes back to another server (a replica lost) learns that its files are gone.
UPLOADED = "data"  # pages that show a few default places when none is chosen
_build_lock = threading.Lock()
# On a tablet (about 1024 px) Streamlit's wide layout keeps 5rem of padding and a 300 px sidebar, which
# pushed the chart below the fold and clipped the chart chooser: tighter margins and headings there.
COMPACT_CSS = """<style>
@media (max-width: 1280px) {
  [data-testid="stMainBlockContainer"] { padding: 1.5rem 1.25rem 2rem 1.25rem; }
  [data-testid="stSidebar"][aria-expanded="true"] { min-width: 220px; max-width: 220px; }
  h1 { font-size: 2rem !important; padding-top: 0.25rem !important; }
}
</style>"""


def page_file(name: str) -> str:
    """The script of a page, relative to the app's root (the overview is the entry script)."""
    return "dashboard.py" if name == "overview" else f"pages/{name}.py"


PAGES = tuple((name, page_file(name)) for name in NAVIGATION)  # (name, script) of every page, in navigation order


@cache
def declared_filters(name: str) -> tuple[str, ...]:
    """The filters a page declares in its `start("<name>", filters=(...))` call, read from its source, so
    that links from other pages can carry exactly those (the page file is the one place they are written)."""
    tree = ast.parse((ROOT / page_file(name)).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "start" \
                and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == name:
            for keyword in node.keywords:
                if keyword.arg == "filters":
                    return tuple(ast.literal_eval(keyword.value))
            return ()
    raise LookupError(f"{page_file(name)} does not call start({name!r}, ...)")


@dataclass
class Page:
    """One run of one page: its declared filters, the reader's language and era, the data it reads."""

    name: str
    declared: tuple[str, ...]  # the shared filters the page uses (and shows)
    url_filters: Filters  # every filter as the URL has it (the place selection included)
    lang: str
    buddhist_era: bool
    source: db.Source
    present: bool = False
    slide: int = 0
    story: str = ""  # presentation mode playing a story (`story=<code>&step=N`): the story's code
    offered: tuple[str, ...] = ()  # the declared filters the current view uses (a view may use fewer)
    views: dict = field(default_factory=dict)
    nav_box: object = None  # presentation mode: the slide navigation's place at the top

    @property
    def filters(self) -> Filters:
        """The filters this page applies: the ones it offers now, as the URL has them; the others at their defaults."""
        return restrict(self.url_filters, self.offered)

    def offer(self, *names: str) -> None:
        """Narrow the filters the current view uses (e.g. age groups only for rates); the others are not applied."""
        self.offered = tuple(n for n in self.declared if n in names)

    @contextmanager
    def activated(self):
        """This page's language and data in the current thread (a download runs later, in another one)."""
        with db.using(self.source):
            previous = set_language(self.lang)
            try:
                yield self
            finally:
                set_language(previous)

    def year(self, value) -> str:
        """A year as the reader wants it: CE, or the Buddhist Era when chosen."""
        return formats.year(value, self.buddhist_era)

    def source_line(self, source_ids) -> str:
        """Readable sources of a frame's values for a chart's source line ("Thai civil registration (DOPA) 2021")."""
        names = queries.source_names(self.lang)
        return formats.source_line(source_ids, dict(zip(names.source_id, zip(names.name, names.year))), self.buddhist_era,
                                   separator=t("list.sources_separator"))

    def with_detail(self, frame: pd.DataFrame, **columns) -> pd.DataFrame:
        """`frame` with each value's year and basis in words (charts.with_detail), in the reader's language and era."""
        return charts.with_detail(frame, queries.code_names(self.lang).get("basis", {}), self.buddhist_era, lang=self.lang, **columns)

    def words(self):
        """What a plain-language summary needs from this page: language, era, names of bases and flags."""
        from lcd.summaries import Words

        names = queries.code_names(self.lang)
        return Words(self.lang, self.year, names.get("basis", {}), names.get("flag", {}))

    def compared_title(self, title: str, frame: pd.DataFrame) -> str:
        """A chart's title naming the one year and basis its places share (the caveat line says when they do not)."""
        detail = charts.comparison_label(frame)
        return t("chart.compared_title", title=title, detail=detail) if detail else title

    def no_participation(self) -> str:
        """What an empty participation chart says: which years have records, in the reader's era."""
        years = queries.participation_years().year
        first, last = (self.year(years.min()), self.year(years.max())) if not years.empty else ("–", "–")
        return t("empty.participation", first=first, last=last)

    def link_query(self, target: str, **extra: str) -> dict[str, str]:
        """The URL query of a link to `target`: the filters it uses, the place, language and era, plus `extra`."""
        carried = restrict(self.url_filters, declared_filters(target))
        uploaded = {UPLOADED: "upload"} if isinstance(self.source, db.Overlay) else {}
        return {**to_query(carried), **uploaded, **extra}


def _ensure_database() -> None:
    """Build the database on first start (or when data/raw is newer), with a visible message."""
    if not db.needs_build():
        return
    from etl.problems import BuildFailed

    with _build_lock, st.spinner(t("build.running")):
        if not db.needs_build():  # another session built it while this one waited
            return
        try:
            db.build_default()
        except BuildFailed as failed:
            st.error(t("build.failed" if db.database_path().exists() else "build.missing"))
            st.code("\n".join(str(p) for p in failed.problems), language=None)
            if not db.database_path().exists():
                st.stop()


def start(name: str, filters: tuple[str, ...] = ()) -> Page:
    """Set up a page: language, page config, database, the filter state from the URL, and the sidebar.
    `filters` are the shared filters the page uses: the only ones it offers and applies."""
    unknown = set(filters) - set(FILTER_NAMES)
    if unknown:
        raise ValueError(f"unknown filters {sorted(unknown)} (expected some of {FILTER_NAMES})")
    chosen = st.query_params.get("lang")
    lang = set_language(chosen if chosen in LANGUAGES else language_from_locale(st.context.locale))
    st.set_page_config(page_title=f"{t('nav.' + name)} · {t('app.title')}", layout="wide", initial_sidebar_state="auto")
    _ensure_database()
    url_filters = from_query(st.query_params.to_dict(), queries.places().place_id)
    slide = st.query_params.get("slide", "1")
    page = Page(name=name, declared=tuple(filters), offered=tuple(filters), url_filters=url_filters, lang=lang,
                buddhist_era=url_filters.buddhist_era and lang == "th", source=queries.current_source(),
                present=st.query_params.get("present") == "1", slide=max(int(slide) - 1, 0) if slide.isdigit() else 0,
                story=st.query_params.get("story", "") if st.query_params.get("present") == "1" else "")
    from lcd import controls, presenting

    if page.present:
        page.nav_box = presenting.chrome()
    else:
        st.html(COMPACT_CSS)
        controls.sidebar(page)
    _upload_state(page)
    return page


def _upload_state(page: Page) -> None:
    """Keep `data=upload` in the URL while the session reads its upload; when the URL says so but the
    upload is gone (this server never had it: the one that did was lost or restarted), say so plainly
    and offer to upload again. The view then shows the shared data."""
    uploaded = isinstance(page.source, db.Overlay)
    if uploaded and st.query_params.get(UPLOADED) != "upload":
        st.query_params[UPLOADED] = "upload"
    elif not uploaded and st.query_params.get(UPLOADED) == "upload":
        st.warning(t("upload.lost"), icon=":material/cloud_off:")
        if page.name != "upload":
            st.page_link(page_file("upload"), label=t("upload.again"), icon=":material/upload_file:",
                         query_params=page.link_query("upload"))


def header(page: Page) -> None:
    """The page's title and introduction, with the filter bar under them."""
    st.title(t(f"nav.{page.name}"))
    st.caption(t(f"page.{page.name}.intro"))
    if not page.present:
        from lcd import controls

        controls.filter_bar(page)


def footer(page: Page) -> None:
    """End of every page: share link, presentation mode and meeting pack; or the slide controls when presenting."""
    from lcd import downloads, presenting

    if page.present:
        presenting.navigation(page)
        return
    st.divider()
    downloads.share(page)


def synthetic_notice() -> None:
    """One line at the top of a page whose participation figures are synthetic."""
    if queries.build_info().participation_source.iloc[0].startswith("synthetic"):
        st.warning(t("chart.synthetic_note"), icon=":material/science:")


def metric_row(items: list[tuple[str, str, str | None]]) -> None:
    """Headline numbers: (label, value, help) each, three to a row so long labels stay readable."""
    for first in range(0, len(items), 3):
        for column, (label, value, help_text) in zip(st.columns(3), items[first:first + 3]):
            column.metric(label, value, help=help_text)

