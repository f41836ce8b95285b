"""Forecast: statsmodels-shaped models, rolling-origin backtests, combination, intervals.

Owns the models (:mod:`~infimate.forecast.models`), one series' forecast
(:mod:`~infimate.forecast.series`), the rolling-origin backtest and combination rule
(:mod:`~infimate.forecast.backtest`), evaluation over many series
(:mod:`~infimate.forecast.evaluate`), calibrated intervals
(:mod:`~infimate.forecast.intervals`), long signals -> weekly arrays
(:mod:`~infimate.forecast.weekly`) and the calibration saved beside a dataset
(:mod:`~infimate.forecast.calibration_store`). Builds on :mod:`infimate.data` and
:mod:`infimate.trends`.
"""
