"""Apache Spark job: the tag + aggregate pipeline beyond one machine (optional pyspark).

The job reads post Parquet files (DESIGN.md posts contract) into a Spark DataFrame, tags
them on the executors with the polars tagger and aggregates every grouping set in Spark
with exact distinct-author counts (the plan: :mod:`infimate.signals.spark_rollup`). The
executors write the result to ``OUTPUT`` — a local path, ``hdfs://`` or ``s3a://``; the
driver only plans the job and reads the output's row counts back.

Outputs, the names and columns ``scale-tag`` writes (:mod:`infimate.signals.scale`):

* ``OUTPUT/signals.parquet`` — the columns of
  :data:`infimate.signals.share_of_voice.SIGNAL_COLUMNS`, sorted by element, date, segment;
* ``OUTPUT/segments.parquet`` — the share-of-voice denominators, sorted by date, segment.

Each is a Parquet *dataset directory* of part files written in parallel (Spark's layout;
``scale-tag`` writes one file under the same name). ``pl.read_parquet`` /
``pl.scan_parquet``, ``pyarrow.parquet.read_table`` and Spark read either at the same
path; the part files, in name order, hold the rows in the sorted order. ``ingest
--signals`` takes one file: write one first (``pl.scan_parquet("OUT/signals.parquet")
.sink_parquet("signals.parquet")``). ``scale-tag``'s incremental state (``state.json``,
``parts/``) has no Spark counterpart: every run reads every post. Post photos
(``image_path``) are not read here: ``tag`` and ``scale-tag`` add their colours.

pyspark is optional (``pip install -r requirements-spark.txt``; Java 17+); it is only
imported inside functions. Polars and pyarrow must be installed on the executors too;
README.md "Running the Spark job on a cluster" shows ``spark-submit`` on a standalone
cluster and on Kubernetes.

Example (not run: needs pyspark and a Java runtime)
---------------------------------------------------
>>> report = run_spark_job("posts/", "out/", master="local[2]")   # doctest: +SKIP
>>> report.signals_rows > 0                                        # doctest: +SKIP
True
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from infimate.data.schema import SEGMENT_COLS
from infimate.errors import InfimateError
from infimate.signals.spark_rollup import spark_signals

#: Settings the job starts with; ``--conf k=v`` overrides any of them.
DEFAULT_CONF: dict[str, str] = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.maxRecordsPerBatch": "100000",
    "spark.ui.showConsoleProgress": "false",
    # no hidden .crc files beside local part files (polars reads the directory as a dataset)
    "spark.hadoop.fs.file.impl": "org.apache.hadoop.fs.RawLocalFileSystem",
}
#: ``(date, element)`` partitions of the tagged rows on a ``local`` master (on a cluster:
#: ``spark.sql.shuffle.partitions``, Spark's 200 unless set with ``--conf``).
LOCAL_PARTITIONS = 8


@dataclass(frozen=True)
class SparkReport:
    """What :func:`run_spark_job` did (row counts read back from the written output)."""

    posts: int
    signals_rows: int
    segments_rows: int
    seconds: float
    output: str
    master: str
    partitions: int


def _require_pyspark() -> Any:
    try:
        import pyspark
    except ImportError as exc:
        raise InfimateError(
            "pyspark is not installed: pip install -r requirements-spark.txt (needs Java 17+)"
        ) from exc
    return pyspark


def parse_conf(pairs: Sequence[str]) -> dict[str, str]:
    """``["k=v", …]`` (repeated ``--conf``) -> ``{k: v}``; a pair without "=" is an error.

    Example
    -------
    >>> parse_conf(["spark.executor.memory=4g", "spark.sql.shuffle.partitions=64"])
    {'spark.executor.memory': '4g', 'spark.sql.shuffle.partitions': '64'}
    >>> parse_conf(["spark.executor.memory"])
    Traceback (most recent call last):
    infimate.errors.InfimateError: --conf needs KEY=VALUE, got 'spark.executor.memory'
    """
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InfimateError(f"--conf needs KEY=VALUE, got {pair!r}")
        out[key.strip()] = value.strip()
    return out


_ERROR_LINE = re.compile(r"^[\w.]*(Error|Exception)(: |$)")


def _reason(exc: Exception, *, first: bool = False) -> str:
    """One line of a Spark error: its first line, or the error a Python worker raised (the
    last ``...Error: message`` line not from the JVM), else the first line.

    >>> _reason(Exception("Job aborted\\n  File x.py\\nValueError: bad ts\\n\\tat org.a"))
    'ValueError: bad ts'
    """
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()] or [type(exc).__name__]
    if not first:
        python = [
            ln
            for ln in lines
            if _ERROR_LINE.match(ln) and not ln.startswith(("org.", "java.", "scala.", "py4j."))
        ]
        if python:
            return python[-1][:300]
    return lines[0][:300]


def package_zip(dest_dir: str | Path) -> Path:
    """Zip the ``infimate`` package (for ``--py-files`` / ``addPyFile``).

    Example
    -------
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     "infimate/elements/tagging.py" in zipfile.ZipFile(package_zip(tmp)).namelist()
    True
    """
    root = Path(__file__).resolve().parents[1]  # the infimate package
    out = Path(dest_dir) / "infimate.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            if (
                path.is_file()
                and "__pycache__" not in path.parts
                and path.suffix in (".py", ".csv")
            ):
                # fixed timestamps: the same code gives the same zip, which Spark accepts
                # again when a second job in one session adds it
                info = zipfile.ZipInfo(str(Path("infimate") / path.relative_to(root)))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())
    return out


def _session(master: str | None, driver_memory: str | None, conf: dict[str, str]) -> Any:
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("infimate-spark-tag")
    for key, value in {**DEFAULT_CONF, **conf}.items():
        builder = builder.config(key, value)
    if driver_memory:
        # takes effect when this process starts the JVM (python -m infimate spark-tag);
        # under spark-submit the driver is already running: pass --driver-memory there
        builder = builder.config("spark.driver.memory", driver_memory)
    if master:
        builder = builder.master(master)
    # without --master, spark-submit (which sets PYSPARK_GATEWAY_PORT) decides the master
    local = master.startswith("local") if master else "PYSPARK_GATEWAY_PORT" not in os.environ
    if local:
        # local workers must run this interpreter (polars, pyarrow), and a local job talks
        # to itself over loopback only; pyspark reads both from the environment when the
        # context starts
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    return builder.getOrCreate()


def _partitions(spark: Any, conf: dict[str, str]) -> int:
    if "spark.sql.shuffle.partitions" in conf:
        return int(conf["spark.sql.shuffle.partitions"])
    if spark.sparkContext.master.startswith("local"):
        # Spark's 200 tiny tasks per shuffle (the sort, the denominators) dominate locally
        spark.conf.set("spark.sql.shuffle.partitions", str(LOCAL_PARTITIONS))
        return LOCAL_PARTITIONS
    return int(spark.conf.get("spark.sql.shuffle.partitions"))


def run_spark_job(
    input_path: str,
    output_path: str,
    *,
    master: str | None = None,
    driver_memory: str | None = None,
    conf: dict[str, str] | None = None,
    lexicon: pl.DataFrame | None = None,
    ship_code: bool = True,
) -> SparkReport:
    """Tag + aggregate posts with Spark; executors write ``signals.parquet`` and
    ``segments.parquet`` under ``output_path`` (overwritten).

    ``master`` defaults to the spark-submit master (or ``local[*]`` when run directly); an
    active session (a notebook's, a test's) is used and left running, with ``conf`` applied;
    ``driver_memory`` (e.g. "4g") and ``conf`` (Spark settings, over :data:`DEFAULT_CONF`)
    pass through to the session. ``ship_code`` adds a zip of this package to the job so
    executors can import it (not needed when it is installed on them).

    Example (not run: needs pyspark and a Java runtime)
    ---------------------------------------------------
    >>> run_spark_job("posts/", "out/", master="local[2]").posts       # doctest: +SKIP
    5000
    """
    _require_pyspark()
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    from infimate.elements.lexicon import load_lexicon

    t0 = time.perf_counter()
    settings = dict(conf or {})
    lex = lexicon if lexicon is not None else load_lexicon()
    own = SparkSession.getActiveSession() is None  # else: a caller's session, left running
    spark = _session(master, driver_memory, settings)
    out = output_path.rstrip("/")
    kept: list[Any] = []
    zip_dir = ""
    try:
        partitions = _partitions(spark, settings)
        if own and spark.sparkContext.master.startswith("local"):
            # a local run reports a failure itself, in one line (InfimateError); Spark's
            # log would print the same failure again as Java and Python stack traces
            spark.sparkContext.setLogLevel("FATAL")
        if ship_code and not any(f.endswith("/infimate.zip") for f in spark.sparkContext.listFiles):
            # kept until the session stops: executors that join later fetch it too
            zip_dir = tempfile.mkdtemp(prefix="infimate-spark-")
            spark.sparkContext.addPyFile(str(package_zip(zip_dir)))
        try:
            posts = spark.read.parquet(input_path)
        except (PySparkException, Py4JJavaError) as exc:
            raise InfimateError(
                f"{input_path}: not readable as Parquet posts ({_reason(exc, first=True)})"
            ) from exc
        plan = spark_signals(posts, lex, partitions=partitions)
        kept = plan.kept
        try:
            plan.segments.write.mode("overwrite").parquet(f"{out}/segments.parquet")
            plan.signals.write.mode("overwrite").parquet(f"{out}/signals.parquet")
        except (PySparkException, Py4JJavaError) as exc:
            raise InfimateError(f"the Spark job failed: {_reason(exc)}") from exc
        written = spark.read.parquet(f"{out}/segments.parquet")
        n_seg = written.count()
        everyone = written.filter(F.col(SEGMENT_COLS[0]) == "all")
        for c in SEGMENT_COLS[1:]:
            everyone = everyone.filter(F.col(c) == "all")
        n_posts = everyone.agg(F.sum("posts")).first()[0] or 0
        n_sig = spark.read.parquet(f"{out}/signals.parquet").count()
        used_master = spark.sparkContext.master
    finally:
        for frame in kept:
            frame.unpersist()
        if own:
            spark.stop()
            if zip_dir:
                shutil.rmtree(zip_dir, ignore_errors=True)
    return SparkReport(
        posts=int(n_posts),
        signals_rows=int(n_sig),
        segments_rows=int(n_seg),
        seconds=round(time.perf_counter() - t0, 3),
        output=output_path,
        master=used_master,
        partitions=partitions,
    )
