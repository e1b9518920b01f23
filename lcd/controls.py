"""URL-bound controls: the filter bar, the sidebar (language, navigation, selected place) and page options.

Every control's value comes from the URL and goes back to it in its `on_change` callback, with
codes (place ids, not names) as values, so a link reopens the same view in any language.
Streamlit's own `bind="query-params"` is not used because it writes the displayed (translated)
labels into the URL.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd
import streamlit as st

from etl.contract import ENUMS
from lcd import comparable, queries
from lcd.filters import FILTER_NAMES, is_filtered
from lcd.i18n import LANGUAGES, t
from lcd.page import NAVIGATION, PAGES_WITH_DEFAULT_PLACES, Page, page_file
from lcd.tables import md

LANGUAGE_NAMES = {"en": "English", "zh": "中文", "th": "ไทย"}  # each language's own name: not translated
COUNTRIES = ENUMS["country"]


def _write_param(name: str, widget_key: str, encode: Callable[[object], str]) -> None:
    """Widget callback: put the widget's new value into the URL (or remove it when it is the default)."""
    text = encode(st.session_state[widget_key])
    if text:
        st.query_params[name] = text
    elif name in st.query_params:
        del st.query_params[name]


def sent_by_a_browser_we_never_served(key: str) -> bool:
    """True when this run carries the browser's value for the widget `key` but this server never drew it: the
    server that did was lost, and the browser's socket reconnected here (behind nginx, another replica). Its
    click must win over the URL, which it had no chance to update. Streamlit exposes no public way to see a
    pending widget value, so this reads its session state, and says False if that ever changes shape."""
    try:
        from streamlit.runtime.state.session_state_proxy import get_session_state

        state = get_session_state()._state
        if state._key_id_mapper.get_id_from_key(key, None) is not None:
            return False  # drawn by this server before: the usual path (on_change writes the URL)
        return any(str(widget_id).endswith(f"-{key}") for widget_id in state._new_widget_state)
    except Exception:  # noqa: BLE001 (an internal that moved: behave as before)
        return False


def bound(widget, name: str, value, encode: Callable[[object], str], **kwargs):
    """A widget whose value comes from, and goes back to, the URL parameter `name`."""
    key = f"url_{name}"
    if sent_by_a_browser_we_never_served(key):
        chosen = widget(key=key, on_change=_write_param, args=(name, key, encode), **kwargs)
        if encode(chosen) != encode(value):  # the click that travelled with the reconnection: into the URL, run again
            _write_param(name, key, encode)
            st.rerun()
        return chosen
    st.session_state[key] = value
    return widget(key=key, on_change=_write_param, args=(name, key, encode), **kwargs)


def _codes(values) -> str:
    return ",".join(values)


def option_value(name: str, codes: list[str], default: str | None = None) -> str:
    """A page option's current code, from the URL (the default, else the first code, when it is missing or unknown)."""
    current = st.query_params.get(name)
    return current if current in codes else default if default in codes else codes[0]


def option(name: str, choices: dict[str, str], label: str, widget=st.segmented_control, default: str | None = None) -> str:
    """A page option (e.g. which indicator) kept in the URL as `name`; `choices` maps codes to labels.
    The default (`default`, else the first choice) leaves the URL clean."""
    codes = list(choices)
    default = default if default in choices else codes[0]
    value = option_value(name, codes, default)
    extra = {"selection_mode": "single", "required": True, "wrap": True} if widget is st.segmented_control \
        else {"width": 320} if widget is st.selectbox else {}
    chosen = bound(widget, name, value, lambda v: "" if v in (None, default) else v,
                   label=label, options=codes, format_func=choices.get, **extra)
    return chosen if chosen in choices else default


def toggle(name: str, label: str, default: bool = True) -> bool:
    """An on/off page option kept in the URL as `name` (only the non-default state is written: `name=off`)."""
    state = {"on": True, "off": False}.get(st.query_params.get(name, ""), default)
    off, on = ("off", "") if default else ("", "on")
    return bool(bound(st.toggle, name, state, lambda v: on if v else off, label=label))


def choice(name: str, options: list[str], default: list[str], label: str, format_func, placeholder: str | None = None) -> list[str]:
    """A multiple choice kept in the URL as `name` (comma-separated codes); the default leaves the URL clean."""
    current = [v for v in (st.query_params.get(name) or "").split(",") if v in options] or [v for v in default if v in options]
    return bound(st.multiselect, name, current, lambda v: "" if list(v) == default else ",".join(v),
                 label=label, options=options, format_func=format_func, placeholder=placeholder)


def year_choice(page: Page, candidates: pd.DataFrame, label: str) -> int | None:
    """A year kept in the URL (`year=`) for a chart that compares places; the default (no year) lets each
    country's places be compared at the year and basis most of them share (lcd.comparable)."""
    years = comparable.years(candidates)
    chosen = option("year", {"": t("compare.year_auto"), **{str(y): page.year(y) for y in years}}, label, widget=st.selectbox)
    return int(chosen) if chosen else None


def sidebar(page: Page) -> None:
    """Title, language, navigation (links carry what each target page uses), the uploaded-data notice."""
    with st.sidebar:
        st.markdown(f"### {t('app.title')}")
        bound(st.segmented_control, "lang", page.lang, str, label=t("filters.language"), options=list(LANGUAGES),
              format_func=LANGUAGE_NAMES.get, selection_mode="single", required=True)
        if page.lang == "th":
            bound(st.toggle, "era", page.buddhist_era, lambda on: "be" if on else "", label=t("filters.buddhist_era"))
        for name in NAVIGATION:
            st.page_link(page_file(name), label=t(f"nav.{name}"), query_params=page.link_query(name), disabled=name == page.name)
        if isinstance(page.source, queries.Overlay):
            st.warning(t("upload.in_use"), icon=":material/upload_file:")
            st.page_link(page_file("upload"), label=t("upload.manage"), query_params=page.link_query("upload"))


def _summary(values: list[str], names: dict, empty: str, shown: int = 2) -> str:
    """A filter's value in a few words for its button: "Tak, Yala +3", or `empty` when nothing is chosen."""
    if not values:
        return empty
    words = [names.get(v, v) for v in values[:shown]]
    return t("list.separator").join(words) + (f" +{len(values) - shown}" if len(values) > shown else "")


def filter_bar(page: Page) -> None:
    """The filters the page offers, one button each showing its current value; the widgets open in a popover.
    Nothing when the page offers none."""
    offered, filters = page.offered, page.filters
    if not offered:
        return
    label = queries.code_names(page.lang)
    places = queries.places(page.lang)
    names = places.set_index("place_id").name.to_dict()
    country_names = {c: t(f"vocab.country.{c}") for c in COUNTRIES}
    every = t("filters.all")
    bar = st.container(horizontal=True, gap="small", key="filter_bar")

    def pop(name: str, title: str, value: str):
        return bar.popover(f"{title}: {md(value)}", key=f"filter_{name}", icon=":material/filter_list:")

    if "countries" in offered:
        with pop("countries", t("filters.countries"), _summary(list(filters.countries), country_names, every)):
            bound(st.multiselect, "countries", list(filters.countries), _codes, label=t("filters.countries"),
                  options=list(country_names), format_func=country_names.get, placeholder=every)
    if "places" in offered:
        options = places[places.country_iso.isin(filters.countries or COUNTRIES)].place_id.tolist()
        chosen = [p for p in filters.places if p in options]
        default = page.name in PAGES_WITH_DEFAULT_PLACES  # else no place chosen means every place
        with pop("places", t("filters.places"), _summary(chosen, names, t("filters.default_places_short") if default else every)):
            bound(st.multiselect, "places", chosen, _codes, label=t("filters.places"), options=options,
                  format_func=lambda p: names.get(p, p), placeholder=t("filters.default_places") if default else every)
    if "years" in offered:
        low, high = queries.year_range()
        shown = (max(filters.years[0], low), min(filters.years[1], high))
        with pop("years", t("filters.years"), f"{page.year(shown[0])}–{page.year(shown[1])}"):
            years(page, shown, list(range(low, high + 1)))
    for name, kind in (("ages", "age_group"), ("themes", "theme")):
        if name in offered:
            with pop(name, t(f"filters.{name}"), _summary(list(getattr(filters, name)), label.get(kind, {}), every)):
                bound(st.multiselect, name, list(getattr(filters, name)), _codes, label=t(f"filters.{name}"),
                      options=list(label.get(kind, {})), format_func=lambda c, k=kind: label[k].get(c, c), placeholder=every)
    if is_filtered(filters):  # only when a filter the page offers is set
        bar.button(t("filters.reset"), on_click=clear_filters, icon=":material/restart_alt:", type="tertiary")


def _write_years(available: list[int]) -> None:
    """Callback of the two year selects: both ends into `years=` (none when they span every year)."""
    low, high = sorted((st.session_state["url_years_from"], st.session_state["url_years_to"]))
    if (low, high) == (available[0], available[-1]):
        st.query_params.pop("years", None)
    else:
        st.query_params["years"] = f"{low}-{high}"


def years(page: Page, value: tuple[int, int], available: list[int]) -> None:
    """The years filter: two selects, "from" and "to", over the data's years in the reader's era. A year is
    chosen exactly in one step, by click, keyboard or typing, where a slider over decades moved by ones."""
    adopted = False
    for key, year in (("url_years_from", value[0]), ("url_years_to", value[1])):
        if sent_by_a_browser_we_never_served(key):
            adopted = True  # see bound()
        else:
            st.session_state[key] = year
    left, right = st.columns(2)
    low = left.selectbox(t("filters.year_from"), available, key="url_years_from", format_func=page.year,
                         on_change=_write_years, args=(available,))
    high = right.selectbox(t("filters.year_to"), available, key="url_years_to", format_func=page.year,
                           on_change=_write_years, args=(available,))
    if adopted and tuple(sorted((low, high))) != tuple(value):
        _write_years(available)
        st.rerun()


def clear_filters() -> None:
    """Remove every shared filter from the URL; the language, era, selected place and page options stay."""
    for name in FILTER_NAMES:
        st.query_params.pop(name, None)
