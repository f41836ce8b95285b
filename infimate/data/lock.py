"""The dataset write lock, the sweep of leftovers, and the crash hooks of the write path.

Every write to a dataset (ingest, :meth:`~infimate.data.datasets.Dataset.write`, the
manifest) happens while holding ``<dataset>/.lock`` with ``fcntl.flock``: writers in other
processes *and* other threads queue (an ``flock`` belongs to an open file, so two threads
with their own open file exclude each other too). The lock is re-entrant within a thread.
A writer that cannot get the lock within ``wait`` seconds (default 60, environment
``INFIMATE_LOCK_WAIT``) gets :class:`DatasetBusy`, naming the writer that holds it (pid,
host and what it is doing are written into the lock file). The kernel releases the lock
of a killed process, so a ``kill -9`` never leaves the dataset locked. The holder removes
the lock file when it is done (a waiter that then wins the old, unlinked file notices and
locks the new one), so an idle dataset has no ``.lock``.

Temporary files are named ``.<target>.<pid>.<random>.tmp``: :func:`sweep_temp` (run by
the next writer, under the lock) removes those whose process is gone.

Crash hooks: :func:`crash_point` calls ``os._exit(137)`` when the environment variable
``INFIMATE_CRASH_AT`` names that point — the crash tests use it to stop an ingest
subprocess at each step of a commit (points: see :data:`CRASH_POINTS`). Unset, it costs
one dictionary lookup.

Example
-------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     with write_lock(tmp, what="example"):
...         with write_lock(tmp):  # re-entrant in the same thread
...             holder(tmp)["what"]
'example'
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from infimate.errors import InfimateError

LOCK_NAME = ".lock"
DEFAULT_WAIT = 60.0
#: a temp file of a live process is still swept when older than this (pid reuse)
STALE_AFTER = 24 * 3600.0
#: where ``INFIMATE_CRASH_AT`` can stop a write, in commit order
CRASH_POINTS: tuple[str, ...] = (
    "locked",  # lock held, leftovers swept, nothing written yet
    "upload",  # the upload copy is written
    "quarantine",  # the quarantine CSV is written
    "staged",  # the new table is written to its temp file
    "pending",  # the new manifest is written as .manifest.pending.json
    "table",  # the table is renamed into place, the manifest not yet
    "committed",  # the manifest is renamed into place, the lock still held
)

_TMP = re.compile(r"^\..+\.tmp$")
_TMP_PID = re.compile(r"\.(\d+)\.[^.]+\.tmp$")
_held = threading.local()


class DatasetBusy(InfimateError):
    """Another writer held the dataset's lock for longer than this writer would wait."""


def crash_point(name: str) -> None:
    """Test hook: end the process at once when ``INFIMATE_CRASH_AT`` is ``name``."""
    if os.environ.get("INFIMATE_CRASH_AT") == name:
        os._exit(137)


def lock_wait() -> float:
    """Seconds a writer waits for the lock: ``INFIMATE_LOCK_WAIT`` or 60."""
    try:
        return float(os.environ.get("INFIMATE_LOCK_WAIT", DEFAULT_WAIT))
    except ValueError:
        return DEFAULT_WAIT


def holder(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Who holds (or last held) the lock: pid, host, what, since — {} when unknown."""
    try:
        info = json.loads((Path(path) / LOCK_NAME).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _describe(info: dict[str, Any]) -> str:
    if not info:
        return "another writer"
    since = info.get("since")
    held = f", for {time.time() - since:.0f} s" if isinstance(since, int | float) else ""
    return f"{info.get('what') or 'a write'} by pid {info.get('pid')} on {info.get('host')}{held}"


def _counts() -> dict[str, int]:
    counts: dict[str, int] | None = getattr(_held, "counts", None)
    if counts is None:
        counts = {}
        _held.counts = counts
    return counts


def is_held(path: str | os.PathLike[str]) -> bool:
    """True when this thread holds the dataset's write lock."""
    return _counts().get(os.path.realpath(path), 0) > 0


@contextmanager
def write_lock(
    path: str | os.PathLike[str],
    *,
    what: str = "",
    wait: float | None = None,
    blocking: bool = True,
) -> Iterator[bool]:
    """Hold the dataset's write lock (yields True), queueing up to ``wait`` seconds.

    With ``blocking=False`` it yields False at once when another writer holds the lock
    (readers use this to repair the manifest only when nobody is writing).

    Raises
    ------
    DatasetBusy
        The lock stayed taken for ``wait`` seconds (the message names the holder).
    """
    key = os.path.realpath(path)
    counts = _counts()
    if counts.get(key, 0):
        counts[key] += 1
        try:
            yield True
        finally:
            counts[key] -= 1
        return
    Path(key).mkdir(parents=True, exist_ok=True)
    limit = lock_wait() if wait is None else wait
    deadline = time.monotonic() + limit
    lock_path = Path(key) / LOCK_NAME
    while True:
        fh = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 - held open
        try:
            while not _try_lock(fh.fileno()):
                if not blocking:
                    yield False
                    return
                if time.monotonic() >= deadline:
                    raise DatasetBusy(
                        f"{key}: busy — {_describe(holder(key))}; gave up after waiting "
                        f"{limit:g} s (INFIMATE_LOCK_WAIT). Try again when it has finished."
                    )
                time.sleep(0.02)
            if not _same_file(fh.fileno(), lock_path):
                continue  # the previous holder removed this lock file: lock the new one
            info = {"pid": os.getpid(), "host": socket.gethostname(), "what": what}
            fh.seek(0)
            fh.truncate()
            fh.write(json.dumps({**info, "since": time.time()}))
            fh.flush()
            counts[key] = 1
            try:
                yield True
            finally:
                counts.pop(key, None)
                lock_path.unlink(missing_ok=True)  # no lock file lingers between writes
            return
        finally:
            fh.close()  # closing the file releases the flock


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_temp(directory: Path) -> list[Path]:
    """Remove ``.*.tmp`` files left by killed writers in ``directory`` (not recursive).

    A temp file is stale when its writer's pid (in the name) is gone, when its name has
    no pid (older versions), or when it is older than a day. Call under the lock.
    """
    removed: list[Path] = []
    if not directory.is_dir():
        return removed
    now = time.time()
    for p in directory.iterdir():
        if not _TMP.match(p.name) or not p.is_file():
            continue
        m = _TMP_PID.search(p.name)
        try:
            old = now - p.stat().st_mtime > STALE_AFTER
        except OSError:
            continue
        if m is None or not _alive(int(m.group(1))) or old:
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed
