"""Infimate: trend intelligence for fast fashion.

Turns social posts and search/sales series into fashion *elements* and answers:
what is rising, what is about to rise, will this style sell, and how do we say it.
Nothing in this package imports streamlit except :mod:`infimate.ui`.
"""

__version__ = "0.1.0"
