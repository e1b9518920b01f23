"""The baseline for browser timings: a bare Streamlit page with one plotly chart and one selectbox."""

import plotly.graph_objects as go
import streamlit as st

st.title("Bare page")
st.selectbox("Choose", ["a", "b", "c"])
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
