"""Stories in the app: the session's story, "Add to story" under every chart, playing a story across
pages, and its deck and offline pack. The story itself (steps, links, files, validation) is lcd.story.

The story being made lives in the session (`st.session_state["story"]`) while the reader moves between
pages; the story page writes it into its own URL (`?story=`), so that page's link reopens it anywhere.
Playing it is presentation mode with `story=<code>&step=N` on each step's page.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from lcd import export, queries, story
from lcd.filters import describe, from_query
from lcd.i18n import t
from lcd.page import NAVIGATION, Page, declared_filters

SESSION_KEY = "story"
STORY_PAGES = tuple(name for name in NAVIGATION if name not in ("story", "upload"))  # pages a step may show


def current() -> story.Story:
    found = st.session_state.get(SESSION_KEY)
    return found if isinstance(found, story.Story) else story.Story()


def keep(made: story.Story) -> None:
    st.session_state[SESSION_KEY] = made


def from_url(text: str | None) -> story.Story | None:
    """The story a link carries, or None (with the reason shown) when it cannot be read."""
    if not text:
        return None
    try:
        return story.decode(text, STORY_PAGES)
    except story.StoryError as refused:
        st.error(t(refused.key, **refused.detail))
        return None


def add_button(page: Page, title: str) -> None:
    """"Add to story": the current view (its page and URL), captioned with its chart's title."""
    def add() -> None:
        try:
            made = current().add(story.step_of(page.name, st.query_params.to_dict(), _plain(title)))
        except story.StoryError as refused:
            st.toast(t(refused.key, **refused.detail), icon=":material/error:")
            return
        info = queries.build_info().iloc[0]
        keep(made if made.data_version else story.Story(made.steps, info.data_version, page.lang))
        st.toast(t("story.added", count=len(made.steps)), icon=":material/playlist_add:")

    st.button(t("story.add"), on_click=add, icon=":material/playlist_add:", key=f"story_add_{page.name}")


def _plain(title: str) -> str:
    """A chart title without its HTML (subtitles, line breaks)."""
    import re

    return re.sub(r"<[^>]+>", " ", title.split("<br")[0]).strip()


def step_query(made: story.Story, index: int) -> dict[str, str]:
    """The URL query that plays step `index` (0-based) of a story."""
    return {**made.steps[index].query, "present": "1", "story": story.encode(made), "step": str(index + 1)}


def step_url(base: str, step: story.Step) -> str:
    """The full link of one step's view."""
    path = "" if step.page == "overview" else step.page
    return f"{base.rstrip('/')}/{path}" + ("?" + urlencode(step.query, safe=",") if step.params else "")


def app_base() -> str:
    """The app's root URL, as the reader reached it."""
    url = (st.context.url or "").split("?")[0]
    name = url.rstrip("/").rsplit("/", 1)[-1]
    return url.rstrip("/").rsplit("/", 1)[0] if name in NAVIGATION else url.rstrip("/")


def missing_words(step: story.Step, lang: str) -> str:
    """What a step names that the data no longer has, in words ("" when nothing is missing)."""
    places = queries.places(lang)
    gone = story.gone(step, places.place_id, queries.indicators(lang).indicator_id)
    if not gone:
        return ""
    return t("story.gone", things=t("list.separator").join([*gone.places, *gone.indicators]))


def filters_words(step: story.Step, lang: str) -> str:
    """The filters a step's page applies, in words."""
    places = queries.places(lang)
    return describe(from_query(step.query, places.place_id), places.set_index("place_id").name.to_dict(), queries.code_names(lang), lang,
                    declared_filters(step.page))


def slides(made: story.Story, lang: str, base: str) -> list[export.Slide]:
    """Every step of a story as a slide, drawn now from the shared database (lcd.render): its caption, chart,
    filters in words, data version and link, the summary in its notes; a step whose place or indicator is
    gone, or whose page draws no chart, says so instead of breaking the story."""
    from lcd import db
    from lcd.render import render

    version = queries.build_info().iloc[0].data_version
    drawn = render([(s.page, s.query) for s in made.steps], db.database_path())
    out = []
    for number, (step, (figure, summary)) in enumerate(zip(made.steps, drawn), start=1):
        missing = missing_words(step, lang)
        title = step.caption or (_plain(figure.layout.title.text) if figure is not None and figure.layout.title.text
                                 else t(f"nav.{step.page}"))
        lines = (t("story.slide_line", number=number, count=len(made.steps), page=t(f"nav.{step.page}"),
                   filters=filters_words(step, lang)), f"{t('export.meta.version')} {version}", step_url(base, step))
        message = missing or ("" if figure is not None else t("story.no_chart"))
        out.append(export.Slide(figure, title, lines, summary, message, url=step_url(base, step)))
    return out

