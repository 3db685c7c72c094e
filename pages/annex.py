"""รายงานผล (placeholder until the annex page lands)."""
import streamlit as st

st.title("รายงานผล")
