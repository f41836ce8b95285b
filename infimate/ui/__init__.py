"""The only package that imports streamlit: cached data access and shared widgets."""
