"""Story (`/story`): the saved views of a meeting, in order, with captions; played full-screen across
pages, shared as a link or a JSON file, and downloaded as one deck or offline pack."""

import streamlit as st

from lcd import downloads, export, queries as q, story, storyboard, ui
from lcd.i18n import t
from lcd.page import page_file

page = ui.start("story")
lang = page.lang
ui.header(page)

linked = storyboard.from_url(st.query_params.get("story"))
if linked is not None and linked != storyboard.current():
    storyboard.keep(linked)  # the link is the story: a reader who opens it gets exactly it


def save(made: story.Story) -> None:
    storyboard.keep(made)
    if made.steps:
        st.query_params["story"] = story.encode(made)
    else:
        st.query_params.pop("story", None)


def upload() -> None:
    file = st.session_state.get("story_file")
    if file is None:
        return
    try:
        save(story.from_json(file.getvalue(), storyboard.STORY_PAGES))
        st.session_state.pop("story_error", None)
    except story.StoryError as refused:  # nothing changes: the story in hand stays as it was
        st.session_state["story_error"] = t(refused.key, **refused.detail)


made = storyboard.current()
if not made.steps:
    st.info(t("story.empty"), icon=":material/playlist_add:")
else:
    with st.container(key="story_steps"):
        for index, step in enumerate(made.steps):
            with st.container(border=True, key=f"story_step_{index}"):
                head, up, down, drop = st.columns([8, 1, 1, 1], vertical_alignment="bottom")
                head.markdown(f"**{index + 1}. {ui.md(t('nav.' + step.page))}** · {ui.md(storyboard.filters_words(step, lang))}")
                up.button("↑", key=f"story_up_{index}", on_click=lambda i=index: save(storyboard.current().move(i, -1)),
                          disabled=index == 0, help=t("story.up"))
                down.button("↓", key=f"story_down_{index}", on_click=lambda i=index: save(storyboard.current().move(i, 1)),
                            disabled=index == len(made.steps) - 1, help=t("story.down"))
                drop.button("✕", key=f"story_remove_{index}", on_click=lambda i=index: save(storyboard.current().remove(i)),
                            help=t("story.remove"))
                key = f"story_caption_{index}"
                st.session_state[key] = step.caption
                st.text_input(t("story.caption"), key=key, max_chars=story.MAX_CAPTION,
                              on_change=lambda i=index, k=key: save(storyboard.current().caption(i, st.session_state[k])))
                missing = storyboard.missing_words(step, lang)
                if missing:
                    st.warning(missing, icon=":material/warning:")
                st.page_link(page_file(step.page), label=t("story.open"), query_params=step.query, icon=":material/open_in_new:")

    st.subheader(t("story.share_title"))
    base = storyboard.app_base()
    with st.container(horizontal=True, vertical_alignment="center"):
        st.page_link(page_file(made.steps[0].page), label=t("story.play"), query_params=storyboard.step_query(made, 0),
                     icon=":material/slideshow:")
        st.download_button(t("story.json"), data=story.to_json(made), file_name="story.json", mime="application/json",
                           on_click="ignore", icon=":material/download:")
    st.markdown(t("story.link"))
    st.code(f"{base}/story?story={story.encode(made)}", language=None, wrap_lines=True)

    meta = ui.view_meta(page)

    def pack(write):
        return downloads.later(page, lambda: write(storyboard.slides(made, lang, base), meta))

    st.caption(t("story.pack_note", count=len(made.steps)))
    with st.container(horizontal=True):
        st.download_button(t("share.html"), data=pack(export.html_pack), file_name="story.html", mime="text/html",
                           on_click="ignore", icon=":material/download:")
        if export.images_available():
            st.download_button(t("share.pptx"), data=pack(export.pptx_bytes), file_name="story.pptx",
                               mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                               on_click="ignore", icon=":material/download:")

st.subheader(t("story.upload_title"))
st.file_uploader(t("story.upload"), type=["json"], key="story_file", on_change=upload, max_upload_size=1)
if st.session_state.get("story_error"):
    st.error(st.session_state["story_error"], icon=":material/error:")
st.caption(t("story.version_note", version=made.data_version or q.build_info().iloc[0].data_version))
ui.footer(page)
