"""UNESCO framework (`/framework`): which of the Key Features of Learning Cities each place's programmes
serve (building blocks 2.x, areas of benefit 1.x), where the gaps are, a place against the other
country's places, and the fundamental conditions (3.x) as a sourced checklist.

The tags are this project's reading of the programme descriptions unless a source states the link;
the page says so, and never attributes an assessment to UNESCO."""

import streamlit as st

from lcd import charts, framework, queries as q, summaries, ui
from lcd.controls import COUNTRIES
from lcd.filters import places_in_scope
from lcd.i18n import t

VIEWS = ("network", "place", "compare")

page = ui.start("framework", filters=("countries", "places", "themes"))
filters, lang = page.filters, page.lang
ui.header(page)
st.caption(t("framework.assessed_note"))
words = page.words()
places = q.places(lang)
place_names = places.set_index("place_id").name.to_dict()
country_of = places.set_index("place_id").country_iso.to_dict()
features = q.key_features(lang)
feature_names = dict(zip(features.feature_id, features.name))
every_tag = q.framework_tags(None, (), filters.themes, lang)
tagged = list(dict.fromkeys(every_tag.sort_values(["country_iso", "place_id"]).place_id))  # places with tagged programmes
chosen = [p for p in places_in_scope(filters, zip(places.place_id, places.country_iso), tagged) if p in set(tagged)]
tags = every_tag[every_tag.place_id.isin(chosen)]
columns = ["place", "feature", "programmes", "programme_names", "assessed_by", "source_ids"]
order = [*framework.BLOCKS, *framework.BENEFITS]

assessors = q.code_names(lang).get("assessor", {})
view = ui.option_value("view", list(VIEWS))
candidates = list(dict.fromkeys([*chosen, *tagged]))  # the place of the place and compare views: the filtered ones first
focus = ui.option_value("place", candidates) if candidates else None
if view != "network" and candidates:
    with st.container(horizontal=True, vertical_alignment="bottom"):
        focus = ui.option("place", {p: place_names.get(p, p) for p in candidates}, t("framework.place"), widget=st.selectbox)


def cells_of(place_ids: list[str]):
    cells = framework.served(every_tag[every_tag.place_id.isin(place_ids)], place_ids, order)
    return cells.assign(place=cells.place_id.map(place_names), feature=cells.feature_id.map(feature_names),
                        assessed_by=[[assessors.get(a, a) for a in who] for who in cells.assessed_by])


def matrix(place_ids: list[str], title: str) -> tuple:
    cells = cells_of(place_ids)
    fig = charts.heatmap(cells, x="place_id", y="feature_id", value="programmes", x_names=place_names, y_names=feature_names,
                         title=title, unit=t("axis.programmes"), source=page.source_line(cells.source_ids), lang=lang,
                         x_order=place_ids, y_order=order)
    return cells, fig


def network() -> ui.Panel:
    cells, fig = matrix(chosen, t("framework.network_title"))
    return ui.Panel(fig, cells, columns, t("framework.empty"), note=t("framework.network_note"),
                    summary=summaries.framework_network(cells, words, feature_names))


def place() -> ui.Panel:
    cells = cells_of([focus] if focus else [])
    fig = charts.category_bars(cells, category="feature_id", value="programmes", names=feature_names,
                               title=t("framework.place_title", place=place_names.get(focus, "")), unit=t("axis.programmes"),
                               source=page.source_line(cells.source_ids), lang=lang, order=order)
    return ui.Panel(fig, cells, columns, t("framework.empty"),
                    summary=summaries.framework_place(cells, words, place_names.get(focus, ""), feature_names,
                                                      framework.gaps(cells, focus)))


def compare() -> ui.Panel:
    other = [p for p in tagged if country_of.get(p) != country_of.get(focus)]
    cells, fig = matrix(([focus] if focus else []) + other,
                        t("framework.compare_title", place=place_names.get(focus, ""),
                          country=t(f"vocab.country.{next((c for c in COUNTRIES if c != country_of.get(focus)), 'TH')}")))
    return ui.Panel(fig, cells, columns, t("framework.empty"), note=t("framework.compare_note"),
                    summary=summaries.framework_compare(cells, words, focus, feature_names))


ui.views(page, {"network": (t("framework.view.network"), network), "place": (t("framework.view.place"), place),
                "compare": (t("framework.view.compare"), compare)})
if view == "place" and focus and not page.present:
    st.subheader(t("framework.conditions_title", place=place_names.get(focus, focus)))
    checklist = framework.checklist(q.place_conditions((focus,), lang), focus, feature_names, lang)
    ui.table(page, checklist, ["condition", "status", "statement", "source_ids"], static=True)
    st.caption(t("framework.conditions_note"))
ui.footer(page)
