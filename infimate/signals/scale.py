"""Out-of-core, incremental tagging + aggregation over a directory of Parquet post files.

``tag_directory(input_dir, output_dir)`` produces the same ``signals`` (weekly share of
voice per element × segment, every grouping set of
:data:`infimate.signals.share_of_voice.GROUPING_SETS`) and ``segments`` (SoV
denominators) as :func:`infimate.signals.share_of_voice.signals_and_segments` on all
posts at once — exactly equal, row for row — without ever holding all posts or all
mentions in memory.

1. Each new or changed file is tagged a batch at a time and reduced to partial
   aggregates (:mod:`infimate.signals.partials`) in the state's persistent codes
   (:mod:`infimate.signals.codebook`).
2. The new partials are added to running totals (:mod:`infimate.signals.totals`): sums
   add; exact distinct authors change only where a new (author, element, week) meets
   one seen before. Adding a file costs that file plus one scan of the older files'
   (author, cell) pairs, not a regrouping of everything.
3. ``signals.parquet`` and ``segments.parquet`` are written from the totals.

**Incremental**: ``output_dir/state.json`` lists every processed input file with its
SHA-256 content hash, row counts and partial key (:class:`FileEntry`), and the
codebook; ``totals/keys.json`` the partials the totals hold (the totals directory is
swapped in whole, so it never holds a file half). On the next run only new or changed
files are tagged and added; a deleted or changed file makes the totals be rebuilt
from the stored partials (no re-tagging); a changed lexicon (:func:`lexicon_sha256`)
re-tags everything. Nothing changed: nothing is merged.

**Photos**: a post's ``image_path`` (relative to ``input_dir``, confined to it) adds the
colours read from its photo as mentions, as ``tag`` does
(:func:`~infimate.elements.photo_mentions.with_photo_colours`; an unreadable photo is
skipped with a warning). A file is re-read when its bytes change, not when only a photo
it points to does.

Outputs in ``output_dir``: ``signals.parquet`` (columns of
:data:`infimate.signals.share_of_voice.SIGNAL_COLUMNS`), ``segments.parquet``,
``state.json``, ``parts/``, ``authors/``, ``totals/``. Load the signals into a dataset
with ``python -m infimate ingest --dataset D --signals OUT/signals.parquet``.

Example
-------
>>> import tempfile
>>> from infimate.data import samples
>>> posts = samples.posts()
>>> tmp = tempfile.TemporaryDirectory()
>>> src, out = Path(tmp.name) / "posts", Path(tmp.name) / "out"
>>> src.mkdir()
>>> posts.write_parquet(src / "a.parquet")
>>> r = tag_directory(src, out)
>>> r.files_tagged, r.files_skipped
(1, 0)
>>> tag_directory(src, out).files_tagged  # nothing new
0
>>> posts.head(1).with_columns(post_id=pl.lit("3")).write_parquet(src / "b.parquet")
>>> r = tag_directory(src, out)  # only the new file is tagged and added to the totals
>>> r.files_tagged, r.files_skipped, r.posts_total
(1, 1, 3)
>>> tmp.cleanup()
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

from infimate.data.datasets import atomic_write_bytes, file_sha256
from infimate.elements.lexicon import load_lexicon
from infimate.errors import DataFileError, InfimateError
from infimate.signals.codebook import Authors, Codebook, load_json
from infimate.signals.partials import drop_partials, part_paths, partials_for_file, write_partials
from infimate.signals.totals import held_keys, merge_files, swap_in, write_outputs

STATE_VERSION = 3  # 3: post photos' colours are mentions (as in ``tag``)


@dataclass(frozen=True)
class FileEntry:
    """One processed input file in ``state.json``."""

    sha256: str
    key: str
    posts: int
    mentions: int
    size: int = -1  # bytes and mtime (ns) when hashed: unchanged, no need to hash again
    mtime_ns: int = -1


@dataclass(frozen=True)
class ScaleReport:
    """What :func:`tag_directory` did."""

    files_seen: int
    files_tagged: int
    files_skipped: int
    files_removed: int
    posts_tagged: int
    mentions_tagged: int
    posts_total: int
    merged: bool
    signals_rows: int
    segments_rows: int
    tag_seconds: float
    merge_seconds: float
    seconds: float
    output: str


def lexicon_sha256(lexicon: pl.DataFrame) -> str:
    """Content hash of a lexicon frame (a change re-tags every file)."""
    rows = json.dumps(lexicon.sort("element_id").to_dicts(), sort_keys=True, default=str)
    return hashlib.sha256(rows.encode("utf-8")).hexdigest()


@dataclass
class _State:
    lexicon: str
    book: Codebook
    files: dict[str, FileEntry]

    def save(self, path: Path) -> None:
        body = {
            "version": STATE_VERSION,
            "lexicon_sha256": self.lexicon,
            "codebook": self.book.to_json(),
            "files": {k: asdict(v) for k, v in sorted(self.files.items())},
        }
        atomic_write_bytes(path, (json.dumps(body, indent=1) + "\n").encode("utf-8"))


def _load_state(out: Path, lex_hash: str, elements: list[str]) -> _State:
    """The saved state, or a fresh one (old version, other lexicon: old files removed)."""
    path = out / "state.json"
    raw = load_json(path)
    try:
        if raw and raw.get("version") == STATE_VERSION and raw["lexicon_sha256"] == lex_hash:
            files = {k: FileEntry(**v) for k, v in raw["files"].items()}
            return _State(lex_hash, Codebook.from_json(raw["codebook"]), files)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(
            path, f"unreadable incremental state ({exc}); delete it to rebuild"
        ) from exc
    for sub in ("parts", "authors", "totals"):
        shutil.rmtree(out / sub, ignore_errors=True)
    return _State(lex_hash, Codebook(elements=elements), {})


def tag_directory(
    input_dir: str | Path,
    output_dir: str | Path,
    *,
    lexicon: pl.DataFrame | None = None,
    pattern: str = "*.parquet",
    batch_rows: int = 1_000_000,
    progress: Callable[[float, str], None] | None = None,
) -> ScaleReport:
    """Tag every new/changed Parquet post file under ``input_dir``; update the signals.

    Parameters
    ----------
    input_dir
        Directory of post files (DESIGN.md posts contract), matched with ``pattern``.
    output_dir
        Where ``signals.parquet``, ``segments.parquet`` and the state go.
    lexicon
        Element lexicon; the built-in one by default.
    batch_rows
        Posts tagged at a time (bounds memory of the tagging step).
    progress
        Called with (fraction done, what is happening) along the way.

    Example
    -------
    >>> import tempfile
    >>> from infimate.data import samples
    >>> posts = samples.posts()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (Path(tmp) / "posts").mkdir()
    ...     posts.write_parquet(Path(tmp) / "posts" / "a.parquet")
    ...     r = tag_directory(Path(tmp) / "posts", Path(tmp) / "out")
    ...     sorted(p.name for p in (Path(tmp) / "out").iterdir())
    ['authors', 'parts', 'segments.parquet', 'signals.parquet', 'state.json', 'totals']
    >>> r.posts_tagged, r.mentions_tagged, r.merged
    (2, 2, True)
    """
    say = progress or (lambda frac, msg: None)
    t0 = time.perf_counter()
    src, out = Path(input_dir), Path(output_dir)
    if not src.is_dir():
        raise DataFileError(src, "input is not a directory of Parquet post files")
    if batch_rows < 1:
        raise InfimateError("batch_rows must be at least 1")
    # the whole lexicon: posts' words are read with its post elements (tag_posts leaves
    # out the catalogue-only words), photos with all its colours, as ``tag`` reads them
    lex = lexicon if lexicon is not None else load_lexicon()
    out.mkdir(parents=True, exist_ok=True)
    state = _load_state(out, lexicon_sha256(lex), sorted(lex["element_id"].to_list()))
    parts, state_path = out / "parts", out / "state.json"
    found = {p.relative_to(src).as_posix(): p for p in sorted(src.glob(pattern)) if p.is_file()}
    removed = [name for name in state.files if name not in found]
    for name in removed:
        drop_partials(parts, state.files.pop(name).key)
    authors = Authors(out / "authors")
    tagged = skipped = posts_tagged = mentions_tagged = 0
    for i, (name, path) in enumerate(found.items()):
        entry = state.files.get(name)
        stat = path.stat()
        same = entry is not None and (entry.size, entry.mtime_ns) == (
            stat.st_size,
            stat.st_mtime_ns,
        )
        digest = entry.sha256 if same and entry is not None else file_sha256(path)
        have = entry is not None and all(p.exists() for p in part_paths(parts, entry.key).values())
        if entry is not None and entry.sha256 == digest and have:
            if not same:  # touched, same bytes: remember the new mtime
                state.files[name] = FileEntry(
                    digest, entry.key, entry.posts, entry.mentions, stat.st_size, stat.st_mtime_ns
                )
            skipped += 1
            continue
        say(0.85 * i / max(1, len(found)), f"tagging {name} ({i + 1} of {len(found)})")
        p = partials_for_file(path, lex, state.book, authors, batch_rows=batch_rows, photos=src)
        key = hashlib.sha256(f"{name}\0{digest}".encode()).hexdigest()[:16]
        write_partials(parts, key, p)
        authors.save_new()
        if entry is not None and entry.key != key:
            drop_partials(parts, entry.key)
        state.files[name] = FileEntry(
            digest, key, p.n_posts, p.n_mentions, stat.st_size, stat.st_mtime_ns
        )
        state.save(state_path)  # progress survives an interrupted run
        tagged += 1
        posts_tagged += p.n_posts
        mentions_tagged += p.n_mentions
    t_tag = time.perf_counter() - t0
    sig_path, seg_path = out / "signals.parquet", out / "segments.parquet"
    keys = sorted(e.key for e in state.files.values())
    held = held_keys(out / "totals")
    merged = held != keys or not (sig_path.exists() and seg_path.exists())
    state.save(state_path)
    if merged and keys:
        _merge(out, state, held, authors.size, say=say)
    elif merged:
        sig_path.unlink(missing_ok=True)
        seg_path.unlink(missing_ok=True)
        shutil.rmtree(out / "totals", ignore_errors=True)
    say(1.0, "done")

    def rows(path: Path) -> int:
        return pl.scan_parquet(path).select(pl.len()).collect().item() if path.exists() else 0

    return ScaleReport(
        files_seen=len(found),
        files_tagged=tagged,
        files_skipped=skipped,
        files_removed=len(removed),
        posts_tagged=posts_tagged,
        mentions_tagged=mentions_tagged,
        posts_total=sum(e.posts for e in state.files.values()),
        merged=merged,
        signals_rows=rows(sig_path),
        segments_rows=rows(seg_path),
        tag_seconds=round(t_tag, 3),
        merge_seconds=round(time.perf_counter() - t0 - t_tag, 3),
        seconds=round(time.perf_counter() - t0, 3),
        output=str(out),
    )


def _merge(
    out: Path,
    state: _State,
    held: list[str] | None,
    authors: int,
    *,
    say: Callable[[float, str], None],
) -> None:
    """Add the files the totals do not hold yet (all of them when a held file is gone or
    changed), write the totals and the outputs."""
    totals, parts = out / "totals", out / "parts"
    current = {e.key for e in state.files.values()}
    fresh = held is None or not set(held) <= current
    old = [] if fresh else sorted(set(held or []))
    new = sorted(current - set(old))
    target = out / "totals.new"
    if new:
        merge_files(
            state.book,
            None if fresh else totals,
            [part_paths(parts, k) for k in new],
            [part_paths(parts, k) for k in old],
            target,
            authors=authors,
            out=out,
            say=lambda msg: say(0.9, f"merging {len(new)} file(s): {msg}"),
        )
        swap_in(target, totals, sorted(current))
    else:
        say(0.95, "writing signals and segments")
        write_outputs(state.book, totals, out)
