"""Presentation mode (`?present=1&slide=N`, or a story's `?present=1&story=…&step=N`): no sidebar, filters
or Streamlit chrome; one chart filling the screen in large type; a bar fixed at the bottom with the slide
number, previous, next and exit, which the arrow, PageUp/PageDown and space keys that clickers send also
work; still driven by the URL."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from lcd import story, storyboard
from lcd.i18n import t
from lcd.page import Page, page_file
from lcd.panels import PLOTLY_CONFIG
from lcd.tables import md

CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > :not(:has(> .st-key-slide)):not(:has(> .st-key-present_nav))
{ display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.75rem 2rem 5.5rem 2rem; max-width: 100%; }
.st-key-slide h2 { font-size: 2.2rem; padding: 0 0 .25rem 0; }
.st-key-slide [data-testid="stMarkdownContainer"] p { font-size: 1.35rem; }
.st-key-present_nav { position: fixed; left: 0; right: 0; bottom: 0; z-index: 999990; background: #fff;
  border-top: 1px solid #ddd; padding: .6rem 2rem; }
.st-key-present_nav p, .st-key-present_nav button, .st-key-present_nav a { font-size: 1.4rem; }
</style>"""
# Keys a presentation clicker sends, mapped to the bar's buttons (they are links or buttons keyed below).
KEYS_JS = """<script>
if (!window.__lcdPresentKeys) {
  window.__lcdPresentKeys = true;
  document.addEventListener("keydown", (event) => {
    if (!document.querySelector(".st-key-present_nav") || /INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) return;
    const target = {ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "previous", PageUp: "previous",
                    Escape: "exit"}[event.key];
    const control = target && document.querySelector(`.st-key-present_${target} a, .st-key-present_${target} button`);
    if (control && !control.disabled && control.getAttribute("aria-disabled") !== "true") { event.preventDefault(); control.click(); }
  });
}
</script>"""
FONT_MIN = 18  # the smallest text on a slide, in px: readable from the back of a room at 1920×1080
MILESTONE_ROWS, MILESTONE_STEP = 8, 0.058  # rows of milestone labels on a slide, and their spacing (share of the plot)


def chrome():
    """Hide everything but the slide and its navigation; returns the navigation's place (navigation() fills
    it once the page's views are known)."""
    st.html(CSS)
    st.html(KEYS_JS, unsafe_allow_javascript=True)
    return st.container(key="present_nav")


def large(fig: go.Figure) -> go.Figure:
    """A figure for a screen across a room: taller, and no text smaller than FONT_MIN."""
    big = go.Figure(fig).update_layout(height=840, font={"size": 22}, title={"font": {"size": 32}},
                                       legend={"font": {"size": FONT_MIN + 2}})
    subtitle = big.layout.title.subtitle
    if subtitle and subtitle.text:
        big.update_layout(title={"subtitle": {"font": {"size": FONT_MIN}}})
    for note in big.layout.annotations:
        if note.font.size is None or note.font.size < FONT_MIN:
            note.font.size = FONT_MIN
    # Milestone labels grow with the text, so the chart's four shared rows would run into each other: on a
    # slide each label gets a row of its own (up to MILESTONE_ROWS, then they share again).
    milestones = [note for note in big.layout.annotations if note.name == "milestone"]
    for row, note in enumerate(milestones):
        note.y = 1 - MILESTONE_STEP * (row % MILESTONE_ROWS)
    lines = subtitle.text.count("<br") if subtitle and subtitle.text else 0  # a long source line wraps into more lines
    big.update_layout(margin={"t": (big.layout.margin.t or 80) + 40 + FONT_MIN * lines})
    return big


def slide(page: Page, panel, key: str) -> None:
    """The slide: a story step's caption, then the chart, large (or what stands in for it)."""
    from lcd import downloads

    with st.container(key="slide"):
        step = _step(page)
        if step is not None:
            made, index = step
            if made.steps[index].caption:
                st.markdown(f"## {md(made.steps[index].caption)}")
            missing = storyboard.missing_words(made.steps[index], page.lang)
            if missing:
                st.warning(missing, icon=":material/warning:")
        if panel.empty:
            st.info(panel.empty_message or t("empty.no_data"))
            return
        fig = panel.figure(page)
        st.plotly_chart(large(fig), key=key, config=PLOTLY_CONFIG)
        downloads.images(page, fig, key)  # the slide as PNG or SVG, Thai and Chinese fonts embedded


def _step(page: Page) -> tuple[story.Story, int] | None:
    """The story being played and the index of this step, when presentation mode plays one."""
    if not page.story:
        return None
    try:
        made = story.decode(page.story, storyboard.STORY_PAGES)
    except story.StoryError:
        return None
    number = st.query_params.get("step", "1")
    index = int(number) - 1 if number.isdigit() else 0
    return (made, min(max(index, 0), len(made.steps) - 1)) if made.steps else None


def _goto(number: int) -> None:
    st.query_params["slide"] = str(number)


def _leave() -> None:
    for name in story.NOT_KEPT:
        st.query_params.pop(name, None)


def navigation(page: Page) -> None:
    """The bar at the bottom: previous, "3 / 7" and where, next, exit. A story steps across pages; a page's
    own slides step through its charts; a page without charts says so instead of "chart 1 of 0"."""
    step = _step(page)
    with page.nav_box:
        back, where, forward, leave = st.columns([1, 4, 1, 1], vertical_alignment="center")
        if step is not None:
            made, index = step
            count = len(made.steps)
            where.markdown(t("present.story_position", current=index + 1, count=count, page=t("nav." + made.steps[index].page)))
            for column, target, name, icon in ((back, index - 1, "previous", ":material/arrow_back:"),
                                               (forward, index + 1, "next", ":material/arrow_forward:")):
                with column.container(key=f"present_{name}"):
                    if 0 <= target < count:
                        st.page_link(page_file(made.steps[target].page), label=t(f"present.{name}"), icon=icon,
                                     query_params=storyboard.step_query(made, target))
            with leave.container(key="present_exit"):
                st.page_link(page_file("story"), label=t("present.exit"), query_params={"story": story.encode(made)},
                             icon=":material/close:")
            return
        count = len(page.views)
        current = min(page.slide, max(count - 1, 0)) + 1
        with back.container(key="present_previous"):
            st.button(t("present.previous"), on_click=_goto, args=(current - 1,), disabled=current <= 1 or not count,
                      icon=":material/arrow_back:")
        where.markdown(t("present.position", page=t("nav." + page.name), current=current, count=count) if count
                       else t("present.no_charts"))
        with forward.container(key="present_next"):
            st.button(t("present.next"), on_click=_goto, args=(current + 1,), disabled=current >= count,
                      icon=":material/arrow_forward:")
        with leave.container(key="present_exit"):
            st.button(t("present.exit"), on_click=_leave, icon=":material/close:")
