"""Plain-language summaries of chart views, in the reader's language: deterministic templates filled from
the data the chart draws, never a language model.

A summary respects bases and flags: it states a change over time only within one series (one basis),
says so when places sit on different bases or years, and says "synthetic" wherever the figures are.
Numbers use the reader's locale and years the reader's era. Each function takes the frame a chart was
built from and a `Words` (language, year formatter, names) and returns a few sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from lcd import formats
from lcd.changes import changes
from lcd.charts.base import comparison_label
from lcd.charts.places import bubble_rows, opening_year
from lcd.framework import BLOCKS
from lcd.i18n import t


@dataclass(frozen=True)
class Words:
    """What a summary needs besides the data: the language, the year formatter, and display names."""

    lang: str
    year: Callable[[object], str] = str
    basis: dict = field(default_factory=dict)  # basis code → name
    flag: dict = field(default_factory=dict)  # flag code → name

    def number(self, value, unit: str = "") -> str:
        if unit == "percent":
            return formats.percent(value, self.lang)
        digits = 1 if isinstance(value, float) and abs(value) < 100 and value != int(value) else 0
        return formats.number(value, self.lang, digits)

    def join(self, items) -> str:
        """Items listed as the language lists them (", " / "、" / a space)."""
        return t("list.separator", lang=self.lang).join(str(i) for i in items)

    def ordinal(self, rank: int) -> str:
        if self.lang != "en":
            return t("summary.ordinal", lang=self.lang, rank=rank)
        suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
        return f"{rank}{suffix}"


def _join(sentences: list[str | None]) -> str:
    """Sentences as one paragraph: a space between them, none after a Chinese full stop."""
    text = ""
    for sentence in filter(None, sentences):
        text += ("" if not text or text.endswith(("。", "！", "？")) else " ") + sentence
    return text


def _synthetic(frame: pd.DataFrame, words: Words) -> str | None:
    from lcd.charts import flags_of

    return t("summary.synthetic", lang=words.lang) if "synthetic" in flags_of(frame) else None


def _mixed(frame: pd.DataFrame, words: Words) -> str | None:
    """The sentence that says places are not on one year and basis (when they are not)."""
    if "detail" in frame and frame.detail.nunique() > 1:
        return t("summary.mixed", lang=words.lang)
    if {"basis", "place_id"} <= set(frame.columns) and frame.groupby("place_id").basis.first().nunique() > 1:
        return t("summary.mixed", lang=words.lang)
    return None


def series(frame: pd.DataFrame, words: Words, indicator: str, unit: str = "percent",
           peers: pd.DataFrame | None = None, focus: str | None = None) -> str:
    """A time chart of an indicator per place and basis (rows of queries.series). Names the focal place (the
    selected one, else the highest latest value among the headline series), its latest value, year, basis and
    flag; its change on the same basis since the first year shown; its rank among the places shown; and, when
    `peers` (comparable.pick of its country's places) holds it, its rank among them."""
    shown = frame[frame.flag != "projection"] if not frame.empty else frame
    if shown.empty:
        return t("summary.empty", lang=words.lang)
    headline = shown[shown.headline] if "headline" in shown and shown.headline.any() else shown
    latest = headline.sort_values("year").groupby("place_id").tail(1).sort_values("value", ascending=False)
    row = latest[latest.place_id == focus].iloc[0] if focus in set(latest.place_id) else latest.iloc[0]
    sentences = [t("summary.latest", lang=words.lang, place=row.place, indicator=indicator, value=words.number(row.value, unit),
                   year=words.year(row.year), basis=words.basis.get(row.basis, row.basis), flag=words.flag.get(row.flag, row.flag))]
    change = changes(shown[shown.series_id == row.series_id], ["series_id"])
    if not change.empty and pd.notna(change.change.iloc[0]):  # a one-year series has no change
        first = change.iloc[0]
        key = "summary.change_up" if first.change > 0 else "summary.change_down" if first.change < 0 else "summary.change_none"
        sentences.append(t(key, lang=words.lang, first=words.number(first.first_value, unit), first_year=words.year(first.first_year)))
    if len(latest) > 1:
        rank = int((latest.value > row.value).sum()) + 1
        sentences.append(t("summary.rank_shown", lang=words.lang, rank=words.ordinal(rank), n=len(latest)))
    if peers is not None and row.place_id in set(peers.place_id):
        mine = peers[peers.place_id == row.place_id].iloc[0]
        same = peers[(peers.country_iso == mine.country_iso) & (peers.year == mine.year) & (peers.basis == mine.basis)]
        if len(same) > 2:
            rank = int((same.value > mine.value).sum()) + 1
            sentences.append(t("summary.rank_peers", lang=words.lang, rank=words.ordinal(rank), n=len(same), year=words.year(mine.year),
                               basis=words.basis.get(mine.basis, mine.basis)))
    return _join(sentences + [_mixed(latest, words), _synthetic(frame, words)])


def ranking(frame: pd.DataFrame, words: Words, value: str, measure: str, unit: str = "") -> str:
    """A chart that puts places (or programmes) side by side: the highest and the lowest, how many, whether
    they share a year and basis, whether the figures are synthetic."""
    if frame.empty:
        return t("summary.empty", lang=words.lang)
    totals = frame.groupby("place", sort=False)[value].sum().sort_values(ascending=False)
    sentences = [t("summary.ranking", lang=words.lang, top=totals.index[0], top_value=words.number(totals.iloc[0], unit),
                   measure=measure, n=len(totals))]
    if len(totals) > 1:
        sentences.append(t("summary.lowest", lang=words.lang, bottom=totals.index[-1], value=words.number(totals.iloc[-1], unit)))
    shared = comparison_label(frame)
    if shared:
        sentences.append(t("summary.all_at", lang=words.lang, detail=shared))
    return _join(sentences + [_mixed(frame, words), _synthetic(frame, words)])


def position(frame: pd.DataFrame, words: Words, place_id: str, measure: str, unit: str = "") -> str:
    """A place among its peers: its value, year and basis, and its rank among the places shown."""
    mine = frame[frame.place_id == place_id]
    if mine.empty:
        return ranking(frame, words, "value", measure, unit)
    row = mine.iloc[0]
    rank = int((frame.value > row.value).sum()) + 1
    return _join([t("summary.position", lang=words.lang, place=row.place, measure=measure, value=words.number(row.value, unit),
                    detail=row.get("detail", ""), rank=words.ordinal(rank), n=len(frame)), _mixed(frame, words)])


def trend(frame: pd.DataFrame, words: Words, value: str, measure: str, flag: str = "flags") -> str:
    """Lines of a count per place over the years: the place with the most in the last year, its first and last
    year, and the direction (synthetic said where it is)."""
    if frame.empty:
        return t("summary.empty", lang=words.lang)
    change = changes(frame.rename(columns={value: "value"}), ["place"], flag=flag if flag in frame else "flag")
    change = change.dropna(subset=["last_value"]).sort_values("last_value", ascending=False)
    top = change.iloc[0]
    sentences = [t("summary.trend", lang=words.lang, place=top.place, measure=measure, last=words.number(top.last_value),
                   last_year=words.year(top.last_year), first=words.number(top.first_value), first_year=words.year(top.first_year))]
    if len(change) > 1:
        sentences.append(t("summary.places_shown", lang=words.lang, n=len(change)))
    return _join(sentences + [_synthetic(frame, words)])


def counts(frame: pd.DataFrame, words: Words, key: str, names: dict, value: str, what: str) -> str:
    """A chart of counts per category (programmes per theme × age, per provider type): the total and the largest."""
    if frame.empty:
        return t("summary.empty", lang=words.lang)
    totals = frame.groupby(key)[value].sum().sort_values(ascending=False)
    return t("summary.counts", lang=words.lang, top=names.get(totals.index[0], totals.index[0]), count=words.number(totals.iloc[0]),
             what=what, n=len(totals))


def timeline(frame: pd.DataFrame, words: Words) -> str:
    """Programme start years: how many have one, the first and the last, and the busiest year."""
    dated = frame.dropna(subset=["start_year"])
    if dated.empty:
        return t("summary.empty", lang=words.lang)
    busiest = dated.start_year.value_counts().sort_index(ascending=False).idxmax()
    return t("summary.timeline", lang=words.lang, n=len(dated), first=words.year(dated.start_year.min()),
             last=words.year(dated.start_year.max()), busiest=words.year(busiest), total=len(frame))


def gaps(frame: pd.DataFrame, words: Words, threshold: float) -> str:
    """The ageing-gap chart: the places past the threshold with no programme for older adults."""
    if frame.empty:
        return t("summary.empty", lang=words.lang)
    gap = frame[(frame.share_60plus_pct >= threshold) & (frame.older_programmes == 0)].sort_values("share_60plus_pct", ascending=False)
    names = words.join(gap.place.head(4)) + (" …" if len(gap) > 4 else "")
    sentence = t("summary.gaps", lang=words.lang, n=len(frame), k=len(gap), pct=threshold, names=names) if len(gap) else \
        t("summary.no_gaps", lang=words.lang, n=len(frame), pct=threshold)
    return _join([sentence, _mixed(frame, words)])


def published(frame: pd.DataFrame, words: Words, measure: str) -> str:
    """Published figures of one measure: how many, how many undated, the largest dated outturn."""
    if frame.empty:
        return t("summary.empty", lang=words.lang)
    dated = frame[frame.year.notna() & (frame.status == "outturn")].sort_values("value", ascending=False)
    sentences = [t("summary.published", lang=words.lang, n=len(frame), measure=measure, undated=int(frame.year.isna().sum()))]
    if not dated.empty:
        top = dated.iloc[0]
        sentences.append(t("summary.published_top", lang=words.lang, value=words.number(top.value), unit=top.unit, place=top.place,
                           year=words.year(top.year)))
    return _join(sentences)


def network(points: pd.DataFrame, words: Words, countries: dict) -> str:
    """The network map: how many places, per country."""
    if points.empty:
        return t("summary.empty", lang=words.lang)
    per = points.country_iso.value_counts()
    return t("summary.network", lang=words.lang, n=len(points),
             countries=words.join(f"{countries.get(c, c)} {n}" for c, n in per.items()))


def growth(frame: pd.DataFrame, words: Words, countries: dict) -> str:
    """Network growth: members per country by the latest year, and members whose join year is unknown."""
    if frame.empty:
        return t("summary.empty", lang=words.lang)
    last = frame.sort_values("year").groupby("country_iso").tail(1)
    parts = [t("summary.growth_country", lang=words.lang, country=countries.get(r.country_iso, r.country_iso), members=r.members,
               year=words.year(r.year)) for r in last.itertuples()]
    return _join(parts + [t("summary.growth_unknown", lang=words.lang, n=int(frame.unknown_join.max()))
                          if frame.unknown_join.max() else None])


def coverage(cells: pd.DataFrame, words: Words) -> str:
    """The coverage matrix: how many cells are comparable with their column, on another basis or year,
    model estimates only, or empty; the best and the least covered indicator."""
    if cells.empty:
        return t("summary.empty", lang=words.lang)
    count = cells.status.value_counts()
    sentences = [t("summary.coverage", lang=words.lang, places=cells.place_id.nunique(), indicators=cells.indicator_id.nunique(),
                   same=int(count.get("same", 0)), other=int(count.get("other_basis", 0)),
                   estimate=int(count.get("estimate_only", 0)), none=int(count.get("none", 0)))]
    filled = cells[cells.status != "none"].groupby("indicator", sort=False).place_id.nunique().sort_values(ascending=False)
    if len(filled) > 1:
        sentences.append(t("summary.coverage_best", lang=words.lang, best=filled.index[0], n=int(filled.iloc[0]),
                           least=filled.index[-1], k=int(filled.iloc[-1]), total=cells.place_id.nunique()))
    return _join(sentences)


def breaks(cells: pd.DataFrame, marks: pd.DataFrame, words: Words, indicator: str) -> str:
    """Places × years of one indicator: how many places and years, and the places whose series changes
    basis (a definition break), with the first such break in words."""
    if cells.empty:
        return t("summary.empty", lang=words.lang)
    sentences = [t("summary.years", lang=words.lang, indicator=indicator, n=cells.place_id.nunique(),
                   first=words.year(cells.year.min()), last=words.year(cells.year.max()))]
    if marks.empty:
        sentences.append(t("summary.no_breaks", lang=words.lang))
    else:
        first = marks.sort_values(["year_after", "y"]).iloc[0]
        sentences.append(t("summary.breaks", lang=words.lang, k=marks.place_id.nunique(), place=first.y,
                           before=words.basis.get(first.basis_before, first.basis_before),
                           after=words.basis.get(first.basis_after, first.basis_after), year=words.year(first.year_after)))
    return _join(sentences)


def _blocks(cells: pd.DataFrame) -> pd.DataFrame:
    return cells[cells.feature_id.isin(BLOCKS)]


def framework_network(cells: pd.DataFrame, words: Words, names: dict) -> str:
    """The places × building blocks heatmap: how many places, the block served in the most places and the
    one in the fewest; always that the tags are this project's assessment."""
    blocks = _blocks(cells)
    if blocks.empty or not blocks.programmes.any():
        return t("summary.empty", lang=words.lang)
    reach = blocks[blocks.programmes > 0].groupby("feature_id").place_id.nunique().reindex(
        sorted(set(blocks.feature_id)), fill_value=0).sort_values(ascending=False, kind="stable")
    return _join([t("summary.framework_network", lang=words.lang, n=blocks.place_id.nunique(), most=names.get(reach.index[0]),
                    k=int(reach.iloc[0]), least=names.get(reach.index[-1]), m=int(reach.iloc[-1])),
                  t("summary.framework_assessed", lang=words.lang)])


def framework_place(cells: pd.DataFrame, words: Words, place: str, names: dict, gaps: list[str]) -> str:
    """One place: how many of the six building blocks its programmes serve, and the gaps by name."""
    blocks = _blocks(cells)
    if blocks.empty or not blocks.programmes.any():
        return t("summary.empty", lang=words.lang)
    covered = int((blocks.programmes > 0).sum())
    sentence = t("summary.framework_place", lang=words.lang, place=place, k=covered, n=len(blocks))
    gap = t("summary.framework_gaps", lang=words.lang, gaps=words.join(names.get(g, g) for g in gaps)) if gaps else \
        t("summary.framework_no_gaps", lang=words.lang)
    return _join([sentence, gap, t("summary.framework_assessed", lang=words.lang)])


def framework_compare(cells: pd.DataFrame, words: Words, focus: str, names: dict) -> str:
    """A place against the other country's places: its blocks served, theirs on average, and the blocks it
    serves that none of them does (or the other way round)."""
    blocks = _blocks(cells)
    mine, others = blocks[blocks.place_id == focus], blocks[blocks.place_id != focus]
    if mine.empty or others.empty:
        return t("summary.empty", lang=words.lang)
    served_by_others = set(others.feature_id[others.programmes > 0])
    own = set(mine.feature_id[mine.programmes > 0])
    average = others[others.programmes > 0].groupby("place_id").size().reindex(sorted(set(others.place_id)), fill_value=0).mean()
    sentences = [t("summary.framework_compare", lang=words.lang, place=mine.place.iloc[0], k=len(own),
                   n=others.place_id.nunique(), average=words.number(round(float(average), 1)))]
    only_mine, only_theirs = sorted(own - served_by_others), sorted(served_by_others - own)
    if only_mine:
        sentences.append(t("summary.framework_only_mine", lang=words.lang, blocks=words.join(names.get(b, b) for b in only_mine)))
    if only_theirs:
        sentences.append(t("summary.framework_only_theirs", lang=words.lang, blocks=words.join(names.get(b, b) for b in only_theirs)))
    return _join(sentences + [t("summary.framework_assessed", lang=words.lang)])


def bubbles(frame: pd.DataFrame, words: Words, y: str, measure: str) -> str:
    """The moving bubbles, in the year they open on (the latest with the most places): how many places, the oldest (share aged 60+, its basis)
    and the one with the most of `measure`; years shown; synthetic where the measure is."""
    shown = bubble_rows(frame, y)  # what the chart draws, and the year it opens on
    if shown.empty:
        return t("summary.empty", lang=words.lang)
    year = opening_year(shown)
    latest = shown[shown.year == year]
    oldest = latest.sort_values("share60", ascending=False).iloc[0]
    most = latest.sort_values(y, ascending=False).iloc[0]
    sentences = [t("summary.bubbles", lang=words.lang, year=words.year(year), n=len(latest), first=words.year(shown.year.min()),
                   oldest=oldest.place, share=words.number(oldest.share60, "percent"), basis=words.basis.get(oldest.basis, oldest.basis),
                   most=most.place, measure=measure, value=words.number(round(float(most[y]), 2)))]
    synthetic = y == "rate_per_1000" and "synthetic" in set(shown.get("rate_flag", pd.Series(dtype=str)).dropna())
    return _join(sentences + [t("summary.synthetic", lang=words.lang) if synthetic else None, _mixed(latest, words)])


def change_map(diff: pd.DataFrame, words: Words, years: tuple[int, int]) -> str:
    """A change map (one basis in both years): how many places rose, and the largest rise."""
    if diff.empty:
        return t("summary.empty", lang=words.lang)
    top = diff.sort_values("value", ascending=False).iloc[0]
    return t("summary.change_map", lang=words.lang, before=words.year(years[0]), after=words.year(years[1]),
             basis=words.basis.get(top.basis, top.basis), k=int((diff.value > 0).sum()), n=len(diff), place=top.place,
             value=words.number(round(float(top.value), 1)))


def two_maps(before: pd.DataFrame, after: pd.DataFrame, words: Words, years: tuple[int, int]) -> str:
    """Two maps side by side: the range of each, and whether they share a basis (if not, they are not a change)."""
    if before.empty or after.empty:
        return t("summary.empty", lang=words.lang)

    def side(frame: pd.DataFrame, year: int) -> str:
        bases = words.join(words.basis.get(b, b) for b in sorted(set(frame.basis)))
        return t("summary.map_side", lang=words.lang, year=words.year(year), basis=bases, n=len(frame),
                 low=words.number(frame.value.min(), "percent"), high=words.number(frame.value.max(), "percent"))
    same = set(before.basis) == set(after.basis) and before.basis.nunique() == 1
    return _join([side(before, years[0]), side(after, years[1]),
                  t("summary.maps_same_basis" if same else "summary.maps_other_basis", lang=words.lang)])
