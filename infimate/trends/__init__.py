"""Trends: element curves, lifecycle stages, breakouts, early-signal alerts and their backtest.

Owns curves and stages (:mod:`~infimate.trends.curves`), the breakout rule that is the
backtests' truth (:mod:`~infimate.trends.breakouts`), the early-signal score and its
walk-forward replay (:mod:`~infimate.trends.early_signal`), the alert feed with evidence
(:mod:`~infimate.trends.alerts`) and the backtest against a naive baseline
(:mod:`~infimate.trends.backtest`). Builds on :mod:`infimate.data`.
"""
