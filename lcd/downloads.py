"""Downloads of a view: its metadata, data files, chart images, the share link and the meeting pack.

Files are built only when a button is clicked. Streamlit builds them later in another thread, so
each builder closes over the page and runs inside `page.activated()` (its language and data).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Callable, Iterable
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lcd import charts, export, queries
from lcd.filters import describe
from lcd.formats import day, moment
from lcd.i18n import t
from lcd.page import Page
from lcd.tables import localised, with_names


def share_url(extra: dict | None = None) -> str:
    """The full URL of the current view (page and every query parameter)."""
    base = (st.context.url or "").split("?")[0]
    query = {**st.query_params.to_dict(), **(extra or {})}
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return base + ("?" + urlencode(query, safe=",") if query else "")


def sources_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of `sources` that a frame's values cite (its source_ids)."""
    used = {s for ids in frame.get("source_ids", []) for s in (list(ids) if ids is not None and not isinstance(ids, float) else [])}
    listed = queries.sources()
    return listed[listed.source_id.isin(used)]


def view_meta(page: Page, figures: Iterable[go.Figure] = (), frame: pd.DataFrame | None = None,
              applied: Iterable[str] | None = None, summary: str | None = None, more: Iterable[str] = ()) -> export.ViewMeta:
    """What exports of this view say about it: title, the filters it applies in words (`applied`: those of the
    page's filters the exported data follows; the ones it offers by default), version, URL, citation, and the
    quality flags of `figures` or of `frame`'s rows; `more`: words of choices beyond the shared filters."""
    lang = page.lang
    info = queries.build_info().iloc[0]
    names = queries.places(lang).set_index("place_id").name.to_dict()
    words = describe(page.filters, names, queries.code_names(lang), lang, tuple(applied if applied is not None else page.offered),
                     page.buddhist_era, more)
    today = date.today()
    meta = export.ViewMeta(title=f"{t('nav.' + page.name)} · {t('app.title')}", filters_text=words, page=t("nav." + page.name),
                           data_version=info.data_version, built_at=moment(info.built_at, lang, page.buddhist_era), url=share_url(),
                           lang=lang, accessed=today.isoformat(),
                           accessed_text=day(today, lang, True) if page.buddhist_era else "", summary=summary or "")
    return with_flags(meta, figures, charts.flags_of(frame) if frame is not None else ())


def with_flags(meta: export.ViewMeta, figures: Iterable[go.Figure], flags: Iterable[str] = ()) -> export.ViewMeta:
    """`meta` carrying the quality flags of `figures` and `flags`."""
    found = {f for fig in figures for f in ((fig.layout.meta or {}).get("flags") or [])} | set(flags)
    return replace(meta, flags=tuple(sorted(found)))


def later(page: Page, make: Callable[[], bytes]) -> Callable[[], bytes]:
    """`make` for a download built on click, later and in another thread: inside the page's context."""
    def run() -> bytes:
        with page.activated():
            return make()
    return run


def glossary(lang: str) -> pd.DataFrame:
    """The quality flags and population bases with their names and meaning in `lang` (an Excel sheet)."""
    vocab = queries.vocabulary(lang)
    rows = vocab[vocab.kind.isin(["flag", "basis"])]
    return localised(rows.assign(kind=rows.kind.map({"flag": t("col.flag"), "basis": t("col.basis")})),
                     ["kind", "code", "name", "description"], lang)


def data(page: Page, frame: pd.DataFrame, columns: list[str], sources: pd.DataFrame, stem: str, translate: bool = True,
         applied: Iterable[str] | None = None, summary: str | None = None, more: Iterable[str] = ()) -> None:
    """CSV, Excel, Parquet and zip-package downloads of exactly `frame[columns]`, with the view's metadata (the
    filters in `applied` and `more` words, the quality flags of the exported rows). Coded values read as names,
    with the codes kept in columns of their own; translated: headers in the reader's language too."""
    view = frame[columns]
    shown = localised(view, columns, page.lang, page.buddhist_era, keep_codes=True) if translate else with_names(view, page.lang)
    meta = view_meta(page, frame=frame, applied=applied, summary=summary, more=more)
    files = (("csv", "text/csv", lambda: export.csv_bytes(shown)),
             ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              lambda: export.xlsx_bytes(shown, meta, sources, glossary(page.lang))),
             ("parquet", "application/vnd.apache.parquet", lambda: export.parquet_bytes(view, meta)),
             ("zip", "application/zip", lambda: export.data_package(shown, meta, sources)))
    for column, (fmt, mime, build) in zip(st.columns(len(files)), files):
        column.download_button(t(f"data.download.{fmt}"), data=build, file_name=f"{stem}.{fmt}", mime=mime, key=f"{stem}_{fmt}",
                               on_click="ignore", icon=":material/download:", disabled=view.empty)


def images(page: Page, fig: go.Figure, key: str) -> None:
    """PNG and SVG of one chart, rendered on the server only when asked for."""
    with st.popover(t("export.image"), icon=":material/image:"):
        if not export.images_available():
            st.warning(t("export.no_chromium"))
            return
        meta = view_meta(page, [fig], summary=export.summary_of(fig))
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            st.download_button(t(f"export.{fmt}"), data=later(page, lambda f=fmt: export.figure_image(fig, f, meta)),
                               file_name=f"{key}.{fmt}", mime=mime, on_click="ignore", key=f"{key}_{fmt}")


def share(page: Page) -> None:
    """The view's link, presentation mode, and the meeting pack of every chart of the page (HTML and PPTX).
    A popover, not an expander: its content is drawn only when opened."""
    from lcd.panels import all_figures

    with st.popover(t("share.title"), icon=":material/share:", key="share"):
        st.markdown(t("share.link"))
        st.code(share_url(), language=None, wrap_lines=True)
        st.link_button(t("share.present"), share_url({"present": "1", "slide": "1"}), icon=":material/slideshow:")
        if not page.views:
            return
        meta = view_meta(page)

        def pack(write: Callable[[list[go.Figure], export.ViewMeta], bytes]) -> Callable[[], bytes]:
            def make() -> bytes:
                figures = all_figures(page)
                flagged = with_flags(meta, figures)
                return write(export.page_slides(figures, flagged), flagged)
            return later(page, make)

        st.markdown(t("share.pack", count=len(page.views)))
        st.download_button(t("share.html"), data=pack(export.html_pack), file_name=f"{page.name}.html",
                           mime="text/html", on_click="ignore", icon=":material/download:")
        if export.images_available():
            st.download_button(t("share.pptx"), data=pack(export.pptx_bytes), file_name=f"{page.name}.pptx",
                               mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                               on_click="ignore", icon=":material/download:")
        else:
            st.warning(t("export.no_chromium"))
