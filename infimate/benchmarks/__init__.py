"""Benchmarks: ``python -m infimate bench [NAME] [--json] [--save]``.

One module per benchmark, each with a ``bench_<name>(args) -> dict`` function registered
in :mod:`~infimate.benchmarks.runner`. Results are JSON; they are written to
``bench/results/NAME.json`` only when asked (``--save``).
"""
