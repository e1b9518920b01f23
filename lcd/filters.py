"""The one filter state shared by every page, and its URL form.

Pure functions only: `from_query` reads a query-string mapping (as `st.query_params` gives it)
into a `Filters`, dropping anything unknown; `to_query` writes it back, leaving defaults out so
links stay short. URL values are short ASCII codes (place ids, not names):

    /ageing?places=shanghai,tak&countries=TH&years=2010-2024&ages=age_65_plus&themes=digital&place=tak&lang=th&era=be
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from etl.contract import ENUMS, YEAR_MAX, YEAR_MIN
from lcd.i18n import LANGUAGES

FILTER_NAMES = ("countries", "places", "years", "ages", "themes")  # the shared filters a page may declare


@dataclass(frozen=True)
class Filters:
    places: tuple[str, ...] = ()  # empty: each chart's default places
    countries: tuple[str, ...] = ()  # empty: both countries
    years: tuple[int, int] = (YEAR_MIN, YEAR_MAX)  # every year a value can have (the contract's range)
    ages: tuple[str, ...] = ()  # participation age groups; empty: all
    themes: tuple[str, ...] = ()  # programme themes; empty: all
    place: str | None = None  # the selected place (chart click, profile page)
    lang: str | None = None  # None: not chosen, follow the browser's locale
    buddhist_era: bool = False  # Thai readers' option: years as CE + 543 on axes and in tables


def _one(value) -> str:
    """A query value as one string (Streamlit gives the last value of a repeated key)."""
    if isinstance(value, (list, tuple)):
        return str(value[-1]) if value else ""
    return "" if value is None else str(value)


def _codes(value, allowed: Iterable[str]) -> tuple[str, ...]:
    allowed = set(allowed)
    seen: list[str] = []
    for part in _one(value).split(","):
        part = part.strip()
        if part in allowed and part not in seen:
            seen.append(part)
    return tuple(seen)


def _years(value) -> tuple[int, int]:
    text = _one(value)
    try:
        low, high = (int(x) for x in text.split("-", 1))
    except ValueError:
        return (YEAR_MIN, YEAR_MAX)
    low, high = max(YEAR_MIN, min(low, high)), min(YEAR_MAX, max(low, high))
    return (low, high) if low <= high else (YEAR_MIN, YEAR_MAX)


def from_query(query: Mapping[str, object], place_ids: Iterable[str]) -> Filters:
    """The filter state a URL describes; unknown places, codes and languages are ignored."""
    place_ids = tuple(place_ids)
    place = _one(query.get("place"))
    lang = _one(query.get("lang"))
    return Filters(
        places=_codes(query.get("places"), place_ids),
        countries=_codes(query.get("countries"), ENUMS["country"]),
        years=_years(query.get("years")),
        ages=_codes(query.get("ages"), ENUMS["age_group"]),
        themes=_codes(query.get("themes"), ENUMS["theme"]),
        place=place if place in place_ids else None,
        lang=lang if lang in LANGUAGES else None,
        buddhist_era=_one(query.get("era")) == "be",
    )


def to_query(filters: Filters) -> dict[str, str]:
    """The URL query of a filter state, without the values that are defaults."""
    query = {
        "places": ",".join(filters.places),
        "countries": ",".join(filters.countries),
        "years": "" if filters.years == (YEAR_MIN, YEAR_MAX) else f"{filters.years[0]}-{filters.years[1]}",
        "ages": ",".join(filters.ages),
        "themes": ",".join(filters.themes),
        "place": filters.place or "",
        "lang": filters.lang or "",
        "era": "be" if filters.buddhist_era else "",
    }
    return {key: value for key, value in query.items() if value}


def is_filtered(filters: Filters) -> bool:
    """True when any shared filter is set (the selection, language and era are not filters)."""
    default = Filters()
    return any(getattr(filters, name) != getattr(default, name) for name in FILTER_NAMES)


def restrict(filters: Filters, names: Iterable[str]) -> Filters:
    """`filters` with only the shared filters in `names` kept; the others at their defaults (no restriction).
    The place selection, language and era are not filters and stay."""
    default = Filters()
    return replace(filters, **{name: getattr(default, name) for name in FILTER_NAMES if name not in set(names)})


def describe(filters: Filters, place_names: Mapping[str, str], code_names: Mapping[str, Mapping[str, str]], lang: str,
             applied: Iterable[str] = FILTER_NAMES, buddhist_era: bool = False, more: Iterable[str] = ()) -> str:
    """The `applied` filters in words, in `lang` and the reader's era, for exports and slides (e.g. "Places: Tak,
    Yala; Years: 2010–2017"); a filter the view does not apply is never described. `more`: words of a page's
    own choices that narrow the rows too (e.g. /data's indicators), after the shared filters."""
    from lcd.formats import year
    from lcd.i18n import t

    applied = set(applied)
    sep = t("list.separator", lang=lang)
    parts = []
    if filters.countries and "countries" in applied:
        parts.append(f"{t('filters.countries', lang=lang)}: {sep.join(t(f'vocab.country.{c}', lang=lang) for c in filters.countries)}")
    if "places" in applied:
        chosen = sep.join(place_names.get(p, p) for p in filters.places) or t("filters.all_places", lang=lang)
        parts.append(f"{t('filters.places', lang=lang)}: {chosen}")
    if filters.years != (YEAR_MIN, YEAR_MAX) and "years" in applied:
        parts.append(f"{t('filters.years', lang=lang)}: {year(filters.years[0], buddhist_era)}–{year(filters.years[1], buddhist_era)}")
    for name, kind in (("ages", "age_group"), ("themes", "theme")):
        chosen = getattr(filters, name)
        if chosen and name in applied:
            parts.append(f"{t(f'filters.{name}', lang=lang)}: {sep.join(code_names.get(kind, {}).get(c, c) for c in chosen)}")
    return "; ".join([*parts, *more]) or t("filters.none", lang=lang)


def language_from_locale(locale: str | None) -> str:
    """The app language for a browser locale such as `th-TH` or `zh-Hans-CN` (English otherwise)."""
    prefix = (locale or "").lower()[:2]
    return prefix if prefix in LANGUAGES else "en"


def clicked_data(event: Mapping | None) -> list[str] | None:
    """The customdata of the first clicked point of a plotly selection event, as a list of strings
    (a place id first, for charts of places), if any."""
    if not event:
        return None
    points = (event.get("selection") or {}).get("points") or []
    for point in points:
        custom = point.get("customdata")
        if isinstance(custom, (list, tuple)) and len(custom):
            return [str(c) for c in custom]
        if isinstance(custom, str):
            return [custom]
    return None


def places_in_scope(filters: Filters, places: Iterable[tuple[str, str]], default: Iterable[str] = ()) -> tuple[str, ...]:
    """The places a chart should show: the chosen ones, else `default` (else all), limited to the chosen countries.

    `places` are (place_id, country_iso) pairs.
    """
    country = dict(places)
    chosen = filters.places or tuple(default) or tuple(country)
    if filters.countries:
        chosen = tuple(p for p in chosen if country.get(p) in filters.countries)
    return chosen
