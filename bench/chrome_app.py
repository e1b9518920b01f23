"""A reference for browser timings: the bare page with the controls every dashboard page has (sidebar title,
language, ten navigation links; title and intro; four filter buttons; a chart chooser and a selectbox; the
chart; an image and a share button), and none of the dashboard's code. Our pages are compared with it to
tell Streamlit's cost of drawing those controls from ours."""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(layout="wide")
with st.sidebar:
    st.markdown("### Learning Cities Dashboard")
    st.segmented_control("Language", ["en", "zh", "th"], default="en", required=True)
    for i in range(10):
        st.markdown(f"[Page {i}](/?page={i})")
st.title("Page with the same controls")
st.caption("An introduction of one line.")
with st.container(horizontal=True):
    for i in range(4):
        st.popover(f"Filter {i}: All")
st.segmented_control("Chart", ["one", "two", "three", "four"], default="one")
st.selectbox("Choose", ["a", "b", "c"])
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
st.popover("Image")
st.divider()
st.popover("Share", key="share")
