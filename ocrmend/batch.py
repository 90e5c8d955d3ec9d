"""Batches: which files, cleaned where, written how, and what happened to each.

One input goes through ``clean_input``: read (whole, or in pieces of whole
pages when it is large: ``ocrmend.stream``), clean with ``ocrmend.clean``,
render, and write to a temporary file beside its output that is renamed over
the output only when complete -- a reader, a crash or a ``kill -9`` never
leaves half a file. ``clean_input`` returns the input's *record* (a dict, one
line of the ``--report``); every problem with the input becomes a ``failed``
record rather than an exception, so one bad file never stops a batch.

``run_batch`` runs ``clean_input`` over many inputs: in this process, or in a
pool of worker processes that import ocrmend once and take the inputs in small
chunks, largest files first, so one huge file does not hold the rest back.
An input's output depends on that input alone, so it is the same whatever the
number of workers. ``ocrmend.distributed`` runs the same ``clean_input`` on a
Dask cluster.

Stopping: Ctrl-C, and SIGTERM (``Terminated``, raised by the CLI's handler),
stop the workers at once (SIGKILL: they ignore both signals, which a
terminal or a scheduler sends to the whole process group) and remove what
they were writing; a full disk (``BatchStopped``) stops a batch the same way.
Workers exit by themselves when the parent dies, removing what they were
writing.

Resuming: an output records, in an extended attribute, the ocrmend version
and options that wrote it and the size and modification time of its input.
A rerun skips an input whose output carries the record that this run would
write (``--force`` redoes it). Where the file system keeps no extended
attributes (some network mounts, macOS), an output newer than its input
counts as done.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import dataclasses
import errno
import hashlib
import json
import multiprocessing
import multiprocessing.connection
import os
import random
import re
import signal
import socket
import stat
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any, BinaryIO

import ocrmend

from .collector import collector_paused
from .decode import DecodeError, describe_bad_spans
from .model import BlockType, Document
from .options import Options
from .readers import ReaderError
from .readers.sniff import SNIFF_BYTES, sniff
from .stream import PIECE_CHARS, PIECE_LINES, PieceRenderer, read_pieces
from .writers import XML_EXTENSIONS

__all__ = [
    "EXTENSIONS",
    "BatchStopped",
    "InputProblem",
    "Job",
    "Report",
    "Settings",
    "Terminated",
    "UsageProblem",
    "clean_input",
    "explain_text",
    "plan_inputs",
    "read_path_list",
    "run_batch",
    "shown",
    "sweep_stale_temporaries",
]

EXTENSIONS = {"text": ".txt", "markdown": ".md", "json": ".json", **XML_EXTENSIONS}
RENDERERS: dict[str, Callable[[Document], str]] = {
    "text": Document.to_text,
    "markdown": Document.to_markdown,
    "json": Document.to_json,
    "alto": Document.to_alto,
    "page": Document.to_page,
}

# Below this much input a pool costs more than it saves: starting two workers
# takes about 0.3 s, in which one process cleans about 1 MB.
POOL_MIN_BYTES = 1 << 20
# A worker takes inputs in chunks of about this many bytes (and at most
# CHUNK_FILES files): one round trip per chunk, not per page.
CHUNK_BYTES = 256 << 10
CHUNK_FILES = 32
# A worker keeps at most this many characters of --explain lines of one input
# in memory; more go to a temporary file (see _ExplainLines).
EXPLAIN_SPOOL_CHARS = 8 << 20
# A file without page breaks is cut every piece; its report lists this many cuts.
MAX_CUT_WARNINGS = 10

# Where an output records what wrote it (see the module docstring).
STAMP_ATTRIBUTE = "user.ocrmend"
# Temporary outputs: ".<name>.tmp-<host>-<pid>-<random>". Hidden, and not
# ending in the output's extension, so no --glob takes them for an input; the
# host and pid tell a later run whether the writer is still alive.
HOST_TAG = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:6]
TAG_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"
TEMPORARY_RE = re.compile(r"^\..*\.tmp-(?P<host>[0-9a-f]{6})-(?P<pid>\d+)-[a-z0-9_]{8}$")
# A temporary file this old is stale whoever wrote it (another machine's
# process cannot be asked whether it is alive).
STALE_SECONDS = 24 * 3600
NO_ATTRIBUTES = {errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM, errno.EACCES}


class Terminated(KeyboardInterrupt):
    """A termination signal (SIGTERM) caught in the main process: a batch stops as at Ctrl-C.

    A ``KeyboardInterrupt``, so that everything that cleans up after Ctrl-C
    (temporary files removed, workers stopped, the report completed) does the
    same for it; ``signum`` gives the exit code, 128 + the signal's number.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


class UsageProblem(Exception):
    """Bad arguments, found before any input is read: exit 2, nothing written."""


class InputProblem(Exception):
    """One input failed; a batch goes on with the others, unless ``stops_batch``."""

    def __init__(self, message: str, stops_batch: bool = False) -> None:
        super().__init__(message)
        self.stops_batch = stops_batch


class BatchStopped(Exception):
    """Nothing more can be written (a full or read-only disk, for the outputs or
    the report): the batch stops rather than fail every input left, one by one."""


# Write errors after which no other output can be written either.
NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def _write_problem(target: str, exc: OSError, advice: str = "check free space and permissions") -> InputProblem:
    return InputProblem(f"cannot write {shown(target)}: {exc.strerror or exc}; {advice}", stops_batch=exc.errno in NO_ROOM)


# Characters that end a line for a terminal, for `str.splitlines` or for a
# log reader, or that move the cursor: a file name holding one would split
# its message, or hide part of it.
UNSHOWABLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown(name: str) -> str:
    r"""``name`` as a message shows it: unchanged, unless it holds a control
    character (a newline...), then quoted with escapes as Python's repr
    writes it, so that a message stays on one line.

    >>> shown("pages/a b.txt")
    'pages/a b.txt'
    >>> print(shown("pages/a\nb.txt"))
    'pages/a\nb.txt'
    """
    return repr(name) if UNSHOWABLE_RE.search(name) else name


@dataclass(frozen=True)
class Settings:
    """What every input of a run is cleaned with; travels to the workers."""

    fmt: str = "text"
    options: Options = field(default_factory=Options)
    explain_on_stderr: bool = False
    # In a worker: keep the --explain lines in the record ("explain"), for the
    # parent to print, rather than write them on a stderr shared with the
    # other workers and the progress bar.
    explain_in_record: bool = False
    show_traceback: bool = False
    force: bool = False  # redo inputs whose output is up to date

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.fmt]

    def fingerprint(self) -> str:
        """Changes when the same input would give another output."""
        described = {"version": ocrmend.__version__, "format": self.fmt, "options": dataclasses.asdict(self.options)}
        return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Job:
    """One input: where to read it, how to call it, where its output goes."""

    source: str | None  # the file to read; None for stdin
    name: str  # as given: in messages, the report and the JSON "source"
    target: str | None = None  # the output file; None for stdout
    size: int = 0


# ------------------------------------------------------------------ finding the inputs
def read_path_list(stream: BinaryIO) -> list[str]:
    """Paths from a ``--from-list`` file: one a line, blank lines ignored.

    Bytes are decoded as the file system does, so any path a ``find`` printed
    can be read back.

    >>> import io
    >>> read_path_list(io.BytesIO(b"a.txt\\r\\n\\n  \\nsub/b c.txt\\n"))
    ['a.txt', 'sub/b c.txt']
    """
    return [os.fsdecode(line.rstrip(b"\r\n")) for line in stream if line.strip()]


def plan_inputs(
    paths: Iterable[str], out: str | None, globs: Iterable[str] = ("*.txt",), extension: str = ".txt"
) -> tuple[list[Job], list[tuple[str, str]]]:
    """Turn arguments into jobs, and missing paths into ``(path, message)`` failures.

    A folder's files (those matching any of ``globs``, searched recursively)
    keep their path relative to that folder under ``out``; files named one by
    one keep their path relative to the folder that holds them all. Bad
    combinations raise ``UsageProblem``.
    """
    paths = list(paths)
    globs = list(globs)
    if "-" in paths:
        if len(paths) > 1:
            raise UsageProblem("'-' (stdin) cannot be mixed with paths; clean stdin and files in separate runs")
        if out is not None:
            raise UsageProblem("--out needs PATH arguments; stdin is cleaned to stdout (redirect it with >)")
        return [Job(None, "<stdin>")], []

    folders = [p for p in paths if os.path.isdir(p)]
    if out is None:
        if folders:
            raise UsageProblem(f"{shown(folders[0])} is a folder; pass --out DIR to write one output per file")
        if len(paths) > 1:
            raise UsageProblem(f"{len(paths)} inputs need --out DIR for their outputs; or clean one file to stdout")
    if out is not None and os.path.exists(out) and not os.path.isdir(out):
        raise UsageProblem(f"--out {shown(out)} is a file; pass a folder (it is created if missing)")

    failures: list[tuple[str, str]] = []
    found: list[tuple[str, str, str, int]] = []  # (real path, name, path under --out, size)
    loose: list[tuple[str, str, str, int]] = []  # files named one by one: (real path, name, absolute path, size)
    out_root = os.path.realpath(out) if out is not None else None
    for arg in paths:
        if os.path.isdir(arg):
            unreadable = len(failures)
            matches = _files_in_folder(arg, globs, out_root, failures)
            if not matches and len(failures) == unreadable:
                patterns = " or ".join(repr(g) for g in globs)
                failures.append((arg, f"no files matching {patterns} under {shown(arg)}; pass --glob PATTERN to choose other files"))
            found.extend(matches)
            continue
        try:
            status = os.stat(arg)
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                failures.append((arg, f"{shown(arg)}: no such file or folder; check the path"))
            else:
                failures.append((arg, f"cannot read {shown(arg)}: {exc.strerror or exc}; check the path and its permissions"))
            continue
        if not stat.S_ISREG(status.st_mode):  # /dev/zero would never end, a FIFO never open
            failures.append((arg, _not_a_file(arg, status.st_mode)))
            continue
        loose.append((os.path.realpath(arg), arg, absolute_path(arg), status.st_size))
    if loose and out_root is not None:
        # `find archive -name '*.txt'` lists the outputs of an earlier run into
        # archive/clean/ too: they are not inputs (as in a folder's search).
        root = os.path.realpath(os.path.commonpath([os.path.dirname(absolute) for _, _, absolute, _ in loose]))
        if out_root != root and _is_within(out_root, root):
            loose = [entry for entry in loose if not _is_within(entry[0], out_root)]
    if loose:
        root = os.path.commonpath([os.path.dirname(absolute) for _, _, absolute, _ in loose])
        found.extend((real, name, os.path.relpath(absolute, root), size) for real, name, absolute, size in loose)

    if out is None:
        return [Job(absolute_path(name), name, None, size) for _, name, _, size in found], failures

    jobs: list[Job] = []
    claimed: dict[str, str] = {}
    inputs = {real for real, _, _, _ in found}
    done: set[str] = set()
    for real, name, relative, size in found:
        if real in done:  # named twice (a file and its folder): clean it once
            continue
        done.add(real)
        target = os.path.join(out, os.path.splitext(relative)[0] + extension)
        key = os.path.join(out_root, os.path.splitext(relative)[0] + extension)  # type: ignore[arg-type]
        if key in inputs:
            raise UsageProblem(f"{shown(name)} would be overwritten by its own output; choose another --out folder")
        if key in claimed:
            raise UsageProblem(
                f"{shown(claimed[key])} and {shown(name)} would both be written to {shown(target)}; clean them in separate runs"
            )
        claimed[key] = name
        jobs.append(Job(absolute_path(name), name, target, size))
    return jobs, failures


def _files_in_folder(
    folder: str, globs: list[str], out_root: str | None, failures: list[tuple[str, str]]
) -> list[tuple[str, str, str, int]]:
    """The files under ``folder`` that match a glob: (real path, name, path relative to ``folder``, size).

    Symbolic links to folders are followed (an archive spread over disks is
    often joined by links), each real folder once, so a link that loops
    back is harmless. A folder that cannot be listed is a failure, added to
    ``failures``, not a silent gap in the batch.
    """
    real_root = os.path.realpath(folder)
    # Outputs of an earlier run under pages/cleaned/ are not inputs of this one.
    skip = out_root if out_root is not None and out_root != real_root and _is_within(out_root, real_root) else None
    seen: set[str] = set()
    found = []

    def unreadable(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else folder
        failures.append((where, f"cannot read the folder {shown(where)}: {exc.strerror or exc}; check its permissions"))

    for parent, folders, names in os.walk(folder, onerror=unreadable, followlinks=True):
        real_parent = os.path.realpath(parent)
        if real_parent in seen or (skip is not None and _is_within(real_parent, skip)):
            folders[:] = []  # a link back to a folder already searched, or the output folder
            continue
        seen.add(real_parent)
        folders.sort()
        relative_parent = os.path.relpath(parent, folder)
        for name in names:
            relative = name if relative_parent == os.curdir else os.path.join(relative_parent, name)
            if TEMPORARY_RE.match(name) or not any(PurePath(relative).match(pattern) for pattern in globs):
                continue
            path = os.path.join(parent, name)
            try:
                status = os.stat(path)
            except OSError:
                continue  # vanished, or a broken link: not a file to clean
            if stat.S_ISREG(status.st_mode):
                found.append((os.path.join(real_parent, name), path, relative, status.st_size))
            else:  # a FIFO, a socket or a device that matches: a failure, never opened
                failures.append((path, _not_a_file(path, status.st_mode)))
    found.sort(key=lambda entry: entry[2])
    return found


def absolute_path(path: str) -> str:
    """``path`` made absolute as the file system resolves it, to open it or name it.

    ``os.path.abspath`` drops ``link/..`` as text, but the file system goes
    up from where the link points: ``in/link/../z.txt`` is ``deep/z.txt`` when
    ``in/link`` is ``deep/sub``, not ``in/z.txt``. So what comes up to the
    last ``..`` is resolved (``os.path.realpath``) and the rest is kept as
    written, links included, so that files reached through linked folders
    keep the names they were given.

    >>> absolute_path("/archive/./1998//p1.txt")
    '/archive/1998/p1.txt'
    """
    parts = path.split(os.sep)
    if os.pardir not in parts:
        return os.path.abspath(path)  # without "..", only "." and doubled separators go
    last = len(parts) - 1 - parts[::-1].index(os.pardir)
    head = os.sep.join(parts[: last + 1]) or os.sep
    return os.path.normpath(os.path.join(os.path.realpath(head), *parts[last + 1 :]))


def _not_a_file(name: str, mode: int) -> str:
    """The message for a path that is no regular file: reading it might never end (/dev/zero) or never start (a FIFO)."""
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket"
        return f"{shown(name)} is {kind}, not a regular file; to clean what comes through it, redirect it to stdin: ocrmend clean < {shown(name)}"
    kind = "a character device" if stat.S_ISCHR(mode) else "a block device" if stat.S_ISBLK(mode) else "not a file"
    return f"{shown(name)} is {kind}, not a regular file; pass a text file"


def _is_within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


# ------------------------------------------------------------------ one input
def clean_input(job: Job, settings: Settings) -> dict[str, Any]:
    """Clean one input to its output (or stdout); return its report record.

    Whatever goes wrong with the input -- running out of memory, or a bug,
    included -- becomes a ``failed`` record, never an exception: one bad
    input never stops a batch.
    """
    start = time.perf_counter()
    record: dict[str, Any] = {"path": job.name, "output": job.target or "<stdout>", "status": "ok"}
    problem: InputProblem | None = None
    explained = None
    try:
        explained = _ExplainLines(job) if settings.explain_in_record and settings.explain_on_stderr else None
        explain = explained if explained is not None else _print_explained
        if job.target is None:
            outcome = _clean_to_stdout(job, settings, explain)
        else:
            outcome = _clean_to_file(job, settings, explain)
        if outcome is None:
            record["status"] = "skipped"
        else:
            record.update(outcome)
    except InputProblem as exc:
        problem = exc
    except MemoryError as exc:  # what was allocated for this input is free again once the record is made
        problem = _out_of_memory(job)
        problem.__cause__ = exc
    except Exception as exc:  # noqa: BLE001 -- a bug outside the cleaning stages must not take the batch down either
        problem = _internal_error(job, exc)
        problem.__cause__ = exc
    finally:
        if explained is not None:
            record.update(explained.result())
    if problem is not None:
        record["status"] = "failed"
        record["error"] = str(problem)
        if problem.stops_batch:
            record["stop"] = True
        cause = problem.__cause__ or problem.__context__
        if settings.show_traceback and cause is not None:
            record["traceback"] = "".join(traceback.format_exception(cause))
        del problem, cause
    record["seconds"] = round(time.perf_counter() - start, 4)
    return record


def _out_of_memory(job: Job) -> InputProblem:
    return InputProblem(
        f"{shown(job.name)}: out of memory while cleaning it; free some memory (or clean with fewer --jobs) "
        "and run the same command again"
    )


def _internal_error(job: Job, exc: BaseException) -> InputProblem:
    return InputProblem(
        f"{shown(job.name)}: internal error ({type(exc).__name__}: {exc}); rerun with --traceback and report it"
    )


def _clean_to_file(job: Job, settings: Settings, explain: Callable[[str], object]) -> dict[str, Any] | None:
    assert job.target is not None
    source_stat = _stat_input(job)
    stamp = f"{settings.fingerprint()} {source_stat.st_size} {source_stat.st_mtime_ns}".encode()
    if not settings.force and _is_up_to_date(job.target, stamp, source_stat.st_mtime_ns):
        return None
    with _atomic_output(job.target, stamp) as write:
        return _clean(job, settings, write, source_stat, explain)


def _clean_to_stdout(job: Job, settings: Settings, explain: Callable[[str], object]) -> dict[str, Any]:
    if sys.stdout is None:  # `ocrmend clean page.txt >&-`: Python found no file descriptor 1
        raise InputProblem(
            "cannot write the output to stdout: it is closed; redirect it (> clean.txt), or pass --out DIR"
        )
    stdout = sys.stdout.buffer

    def write(text: str) -> None:
        try:
            stdout.write(text.encode("utf-8", SURROGATES))
        except BrokenPipeError:
            raise
        except OSError as exc:  # `> /dev/full`, a full disk
            raise _stdout_problem(exc) from None

    status = None if job.source is None else _stat_input(job)
    try:
        outcome = _clean(job, settings, write, status, explain)
        try:
            stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _stdout_problem(exc) from None
    except BrokenPipeError:  # `ocrmend clean big.txt | head`: the reader has all it wants
        _silence_stdout()
        return {}
    return outcome


def _stdout_problem(exc: OSError) -> InputProblem:
    _silence_stdout()  # or the flush at exit fails again, with a traceback
    return InputProblem(f"cannot write the output to stdout: {exc.strerror or exc}; check where stdout goes and its free space")


def _stat_input(job: Job) -> os.stat_result:
    """The input's status, before it is opened: only a regular file is read
    (a device may never end, a FIFO with no writer never opens)."""
    assert job.source is not None
    try:
        status = os.stat(job.source)
    except OSError as exc:
        raise _read_problem(job, exc) from exc
    if not stat.S_ISREG(status.st_mode):
        raise InputProblem(_not_a_file(job.name, status.st_mode))
    return status


def _read_problem(job: Job, exc: OSError) -> InputProblem:
    return InputProblem(f"cannot read {shown(job.name)}: {exc.strerror or exc}; check the path and its permissions")


class _InputFile:
    """An input file open for reading, that notices being changed while it is read.

    It is opened without blocking (a FIFO put in its place since the stat
    opens at once instead of waiting for a writer) and checked to be the
    regular file that was stat'ed. ``read`` counts the bytes: more than the
    file had when it was stat'ed fail the input at once (a file that keeps
    growing would never end); ``check``, at the end, fails it if fewer were
    read or the file's size or time changed meanwhile. An input written while
    it is cleaned is never reported ok with part of its text.
    """

    def __init__(self, job: Job, status: os.stat_result) -> None:
        assert job.source is not None
        self.job = job
        self.status = status
        self.count = 0
        fd = os.open(job.source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            now = os.fstat(fd)
            if not stat.S_ISREG(now.st_mode):
                raise InputProblem(_not_a_file(job.name, now.st_mode))
            if (now.st_dev, now.st_ino) != (status.st_dev, status.st_ino):
                raise self.changed(now)  # replaced since the stat (the stamp would not be its own)
            os.set_blocking(fd, True)
            self.file = os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.count += len(data)
        if self.count > self.status.st_size:
            raise self.changed()
        return data

    def check(self) -> None:
        """Every byte the stat promised was read, and the file is still as it was stat'ed."""
        now = os.fstat(self.file.fileno())
        if self.count != self.status.st_size or (now.st_size, now.st_mtime_ns) != (
            self.status.st_size,
            self.status.st_mtime_ns,
        ):
            raise self.changed(now)

    def changed(self, now: os.stat_result | None = None) -> InputProblem:
        if now is None:
            with contextlib.suppress(OSError, ValueError):
                now = os.fstat(self.file.fileno())
        size = f"{now.st_size:,} now" if now is not None else "more now"
        return InputProblem(
            f"{shown(self.job.name)} changed while it was read ({self.status.st_size:,} bytes when it was opened, "
            f"{size}, {self.count:,} read); clean it again once nothing writes to it any more"
        )

    def close(self) -> None:
        self.file.close()


def _clean(
    job: Job,
    settings: Settings,
    write: Callable[[str], object],
    status: os.stat_result | None,
    explain: Callable[[str], object],
) -> dict[str, Any]:
    """``_read_clean_write`` with the cyclic collector paused: reading,
    cleaning and rendering a page make many objects and no cycle."""
    with collector_paused():
        return _read_clean_write(job, settings, write, status, explain)


def _read_clean_write(
    job: Job,
    settings: Settings,
    write: Callable[[str], object],
    status: os.stat_result | None,
    explain: Callable[[str], object],
) -> dict[str, Any]:
    """Read, clean, render and write one input (``status``, the input's stat, is None for stdin).

    Every failure becomes an InputProblem; running out of memory stays a MemoryError.
    """
    size = None if status is None else status.st_size
    source: _InputFile | None = None
    try:
        if job.source is None:  # stdin: as much as one piece, then we know
            if sys.stdin is None:  # `ocrmend clean <&-`: Python found no file descriptor 0
                raise InputProblem("cannot read stdin: it is closed; pipe the text in (ocrmend clean < page.txt), or pass a PATH")
            stream: BinaryIO = sys.stdin.buffer
            data = stream.read(PIECE_CHARS + 1)
            whole = len(data) <= PIECE_CHARS
        else:
            assert status is not None and size is not None
            source = _InputFile(job, status)
            whole = size <= PIECE_CHARS
            data = source.read(size + 1) if whole else source.read(SNIFF_BYTES)  # (one more: a file that grew is noticed)
            if not whole and _is_layout(data, settings.options):
                data += source.read(size + 1 - len(data))  # (a layout file is read whole, whatever its size)
                whole = True
            if whole:
                source.check()
            stream = source  # type: ignore[assignment]
    except BaseException as exc:
        if source is not None:
            source.close()
        if isinstance(exc, OSError):
            raise _read_problem(job, exc) from exc
        raise
    try:
        return _clean_read(job, settings, write, explain, source, stream, data, whole, size)
    finally:
        if source is not None:
            source.close()


def _clean_read(
    job: Job,
    settings: Settings,
    write: Callable[[str], object],
    explain: Callable[[str], object],
    source: _InputFile | None,
    stream: BinaryIO,
    data: bytes,
    whole: bool,
    size: int | None,
) -> dict[str, Any]:
    """Clean and write what ``_read_clean_write`` opened (and read, if ``whole``)."""
    options = settings.options
    written = 0

    def counted(text: str) -> None:
        nonlocal written
        write(text)
        written += len(text)

    blocks: collections.Counter[BlockType] = collections.Counter()  # (counted by member: str() of each costs an enum lookup)
    warnings: list[str] = []
    decode_warnings: list[str] = []  # bad bytes shown as U+FFFD, a guessed encoding: in the report, and on stderr
    chars_in = 0
    if whole and data.count(b"\n") > PIECE_LINES and not _is_layout(data, settings.options):
        whole = False  # (short lines: in pieces of PIECE_LINES lines, to bound the memory; ``data`` is their head)
    try:
        if whole:
            doc = ocrmend.clean(data, source=job.name, options=options)
            output = RENDERERS[settings.fmt](doc)
            encoding = doc.encoding
            decode_warnings += doc.warnings
            blocks.update([b.type for b in doc.blocks])
            chars_in = _decoded_length(data, encoding)
            counted(output)
            _explain(job.name, doc, 0, settings, explain)
        else:
            encoding, pieces = read_pieces(stream, options.encoding, head=data, piece_chars=PIECE_CHARS, repair=True)
            renderer = PieceRenderer(settings.fmt, counted, job.name, encoding)
            count = cuts = 0
            bad: list[tuple[int, int]] = []
            for piece in pieces:
                bad += piece.bad
                doc = ocrmend.clean(piece.text, source=job.name, options=options)
                renderer.add(doc, piece.line_offset)
                blocks.update([b.type for b in doc.blocks])
                chars_in += len(piece.text) + piece.dropped
                _explain(job.name, doc, piece.line_offset, settings, explain)
                if piece.warning:
                    cuts += 1
                    if cuts <= MAX_CUT_WARNINGS:
                        warnings.append(piece.warning)
                count += 1
            renderer.close()
            if bad:
                decode_warnings.append(describe_bad_spans(tuple(bad), encoding))
            if cuts > MAX_CUT_WARNINGS:
                warnings.append(f"and {cuts - MAX_CUT_WARNINGS} more cuts inside pages")
            if count > 1:
                whole_pages = " of whole pages" if not cuts else ""
                warnings.insert(0, f"cleaned in {count} pieces{whole_pages} (each at most {PIECE_CHARS:,} characters or {PIECE_LINES:,} lines)")
        if source is not None:
            source.check()  # the file as it was stat'ed, all of it, and nothing written to it meanwhile
    except (InputProblem, BrokenPipeError):  # a write that failed, a reader that left, an input that changed
        raise
    except (DecodeError, ReaderError) as exc:
        raise InputProblem(f"{shown(job.name)}: {exc}") from exc
    except OSError as exc:
        raise _read_problem(job, exc) from exc
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception as exc:  # a bug in a stage must not take the batch down
        raise _internal_error(job, exc) from exc
    return {
        "encoding": encoding,
        "blocks": dict(sorted((str(kind), n) for kind, n in blocks.items())),
        "bytes_in": size if size is not None else (len(data) if whole else None),
        "chars_in": chars_in,
        "chars_out": written,
        "warnings": decode_warnings + warnings,
        "decode_warnings": decode_warnings,
    }


def _is_layout(head: bytes, options: Options) -> bool:
    """The input is a layout file (ALTO, PAGE XML, hOCR, PDF): read whole
    and by its reader, never cut into text pieces."""
    kind = options.input_format or sniff(head)
    return kind is not None and kind != "text"


def _decoded_length(data: bytes, encoding: str) -> int:
    """Characters of the text the cleaner read: decoded, CRLF as one, no BOM."""
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        return len(data)
    return len(text) - text.count("\r\n") - text.startswith("\ufeff")


def _explain(
    name: str, doc: Document, line_offset: int, settings: Settings, explain: Callable[[str], object]
) -> None:
    """One stderr line per decision (why a block starts and has its type), then per edit."""
    if not settings.explain_on_stderr:
        return
    name = shown(name)  # a newline in a file name must not split its lines
    for block in doc.blocks:
        line = block.first + line_offset if block.first > 0 else block.first
        for rule, evidence in block.why:
            explain(f"{name}:{line}: {rule} {block.type}: {evidence}\n")
    edits = doc.edits
    for edit in edits:
        before, after = (json.dumps(s, ensure_ascii=False) for s in (edit.before, edit.after))
        line = edit.line + line_offset if edit.line > 0 else edit.line
        explain(f"{name}:{line}: {edit.rule} {before} -> {after}\n")


def _print_explained(line: str) -> None:
    sys.stderr.write(line)


class _ExplainLines:
    """The --explain lines of one input cleaned in a worker, for the parent to print.

    A worker's stderr is the terminal the parent draws its progress bar on,
    and the other workers' too: lines written there directly land in the
    middle of the bar, or of each other. So a worker keeps them and returns
    them in the input's record (``"explain"``); past ``EXPLAIN_SPOOL_CHARS``
    (a very large file with many edits) they go to a temporary file beside
    the output (``"explain_file"``) that the parent prints and removes, and
    that is swept like any temporary output if the run is killed first.
    """

    def __init__(self, job: Job) -> None:
        self.job = job
        self.parts: list[str] = []
        self.chars = 0
        self.spool: IO[str] | None = None
        self.spool_path = ""

    def __call__(self, line: str) -> None:
        if self.spool is not None:
            self.spool.write(line)
            return
        self.parts.append(line)
        self.chars += len(line)
        if self.chars > EXPLAIN_SPOOL_CHARS and self.job.target is not None:
            folder, name = os.path.split(self.job.target)
            with contextlib.suppress(OSError):
                os.makedirs(folder or ".", exist_ok=True)
                with _writing_lock:  # removed, like a temporary output, if the parent dies
                    fd, self.spool_path = tempfile.mkstemp(
                        dir=folder or ".", prefix=f".{name[:90]}.explain.tmp-{HOST_TAG}-{os.getpid()}-"
                    )
                    _writing.add(self.spool_path)
                self.spool = open(fd, "w", encoding="utf-8")
                self.spool.write("".join(self.parts))
                self.parts, self.chars = [], 0

    def result(self) -> dict[str, str]:
        if self.spool is not None:
            self.spool.close()
            return {"explain_file": self.spool_path}
        return {"explain": "".join(self.parts)} if self.parts else {}


def explain_text(record: dict[str, Any], block_chars: int = 1 << 20) -> Iterator[str]:
    """The --explain lines a worker returned in ``record``, in blocks of whole lines.

    Removes the record's spool file, if any, once read.
    """
    if record.get("explain"):
        yield record["explain"]
    path = record.get("explain_file")
    if path:
        try:
            with open(path, encoding="utf-8") as spool:
                while True:
                    block = spool.read(block_chars)
                    if not block:
                        break
                    rest = spool.readline()
                    yield block + rest
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the flush at exit stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file descriptor (in-process tests)
        pass


# ------------------------------------------------------------------ writing outputs whole
class _Writer:
    """Encodes text into a binary file; write errors become InputProblems."""

    def __init__(self, stream: IO[bytes], target: str) -> None:
        self.stream = stream
        self.target = target

    def __call__(self, text: str) -> None:
        try:
            self.stream.write(text.encode("utf-8", SURROGATES))
        except OSError as exc:
            raise _write_problem(self.target, exc) from None


@contextlib.contextmanager
def _atomic_output(target: str, stamp: bytes) -> Iterator[Callable[[str], object]]:
    """Write to a temporary file beside the target, then rename it over the target:
    a reader (or a crash, or Ctrl-C, or kill -9) never sees half a file.

    The temporary's name is chosen before the file is made, so a Ctrl-C or
    SIGTERM arriving at any point (even as the file is being created) finds
    the name to remove."""
    folder, name = os.path.split(target)
    temporary = ""
    try:
        try:
            os.makedirs(folder or ".", exist_ok=True)
            while True:
                temporary = os.path.join(folder or ".", f".{name[:100]}.tmp-{HOST_TAG}-{os.getpid()}-{_random_tag()}")
                try:
                    fd = _create_temporary(temporary)
                    break
                except FileExistsError:
                    continue
        except OSError as exc:
            raise _write_problem(target, exc, "check that --out is a writable folder") from None
        with os.fdopen(fd, "wb") as stream:
            yield _Writer(stream, target)
        os.chmod(temporary, 0o666 & ~_umask())  # made 0600; outputs are ordinary files
        _set_stamp(temporary, stamp)
        os.replace(temporary, target)
    except BaseException as exc:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _write_problem(target, exc) from None
        raise
    finally:
        _writing.discard(temporary)


# The temporary files this process is making, for a worker whose parent died
# to remove before it exits (``_exit_with_parent``); the lock makes creating
# one and noting it a single step for that worker's watcher.
_writing: set[str] = set()
_writing_lock = threading.Lock()


def _create_temporary(path: str) -> int:
    """Create ``path`` (it must not exist) and note it in ``_writing``; return its descriptor."""
    with _writing_lock:
        _writing.add(path)
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        except BaseException:
            _writing.discard(path)
            raise


def _random_tag() -> str:
    """Eight random characters of the kind tempfile uses (TEMPORARY_RE expects them)."""
    return "".join(random.choices(TAG_CHARS, k=8))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _set_stamp(path: str, stamp: bytes) -> None:
    try:
        os.setxattr(path, STAMP_ATTRIBUTE, stamp)
    except AttributeError:  # no extended attributes on this platform
        pass
    except OSError as exc:
        if exc.errno not in NO_ATTRIBUTES:
            raise


def _is_up_to_date(target: str, stamp: bytes, source_mtime_ns: int) -> bool:
    try:
        target_mtime_ns = os.stat(target).st_mtime_ns
    except OSError:
        return False
    try:
        return os.getxattr(target, STAMP_ATTRIBUTE) == stamp
    except AttributeError:
        pass
    except OSError as exc:
        if exc.errno not in NO_ATTRIBUTES:
            return False  # no record: written by someone else, or by an older ocrmend
    return target_mtime_ns >= source_mtime_ns


def sweep_stale_temporaries(folder: str, gone: Iterable[int] = (), busy: list[str] | None = None) -> int:
    """Remove temporary outputs left by runs that died (kill -9, power cut); return how many.

    A temporary file is stale when the process that wrote it, on this
    machine, is gone (or is one of ``gone``: workers this process stopped,
    which may not have been reaped yet), or when it is more than a day old.
    The temporaries whose writer is still alive are added to ``busy``.
    """
    gone = set(gone)
    removed = 0
    for parent, _, names in os.walk(folder):
        removed += _sweep(parent, names, gone, busy)
    return removed


def _sweep(parent: str, names: Iterable[str], gone: set[int], busy: list[str] | None = None) -> int:
    removed = 0
    now = time.time()
    for name in names:
        match = TEMPORARY_RE.match(name)
        if not match:
            continue
        path = os.path.join(parent, name)
        try:
            mine = match["host"] == HOST_TAG
            pid = int(match["pid"])
            if (mine and (pid in gone or not _is_alive(pid))) or now - os.stat(path).st_mtime > STALE_SECONDS:
                os.unlink(path)
                removed += 1
            elif busy is not None:
                busy.append(path)
        except OSError:
            pass
    return removed


def _sweep_again(busy: list[str]) -> None:
    """At the end of a run, the folders where a living process was writing at
    its start: what a writer that has died since left there goes too (the
    workers of a run killed just before this one started)."""
    for folder in sorted({os.path.dirname(path) for path in busy}):
        with contextlib.suppress(OSError):
            _sweep(folder, os.listdir(folder), set())


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


# ------------------------------------------------------------------ the report
# A file name that is not UTF-8 (GBK names copied from Windows) is a str with
# lone surrogates (os.fsdecode); in JSON -- the report, the "source" of JSON
# output -- they are written as \udcXX escapes, which JSON readers accept and
# Python reads back to the same str (os.fsencode gives the file's name).
SURROGATES = "backslashreplace"

# Keys of a record that are for this process, not for the report.
PRIVATE_KEYS = frozenset({"traceback", "explain", "explain_file", "stop", "decode_warnings"})  # (decode_warnings: also in "warnings")


class Report:
    """Counts the records of a run and writes them as JSON lines, each as it comes.

    Each line is written at once, whole or not at all: a run that is killed
    leaves a report of what it finished, and a full disk never leaves half a
    line that a JSON-lines reader would choke on. The last line is
    ``{"summary": {...}}``.
    """

    def __init__(self, stream: IO[str] | None = None, workers: int = 1) -> None:
        self.stream = stream
        self.workers = workers
        self.counts: collections.Counter[str] = collections.Counter()
        self.blocks: collections.Counter[str] = collections.Counter()
        self.totals: collections.Counter[str] = collections.Counter()
        self.start = time.perf_counter()

    def add(self, record: dict[str, Any]) -> None:
        self.counts[record["status"]] += 1
        self.blocks.update(record.get("blocks", {}))
        for key in ("bytes_in", "chars_in", "chars_out"):
            self.totals[key] += record.get(key) or 0
        if self.stream is not None:
            line = {key: value for key, value in record.items() if key not in PRIVATE_KEYS}
            self._write(json.dumps(line, ensure_ascii=False) + "\n")

    def _write(self, line: str) -> None:
        assert self.stream is not None
        data = line.encode("utf-8", SURROGATES)  # a file name that is not UTF-8: \udcXX escapes
        try:
            self.stream.flush()
            try:
                fd = self.stream.fileno()
            except (AttributeError, OSError, ValueError):  # not a file (io.StringIO)
                self.stream.write(data.decode("utf-8"))
                self.stream.flush()
            else:
                _write_whole(fd, data)
        except OSError as exc:
            name = getattr(self.stream, "name", "the report")
            stream, self.stream = self.stream, None  # no more lines, and no summary, to a broken report
            with contextlib.suppress(OSError):
                stream.close()
            raise BatchStopped(
                f"cannot write --report {shown(str(name))}: {exc.strerror or exc}; free some space and run the same "
                "command again: it goes on where this one stopped"
            ) from None

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    def summary(
        self, interrupted: bool = False, signal_name: str | None = None, error: str | None = None
    ) -> dict[str, Any]:
        """The totals, written as the report's last line.

        ``signal_name`` says what interrupted the run; ``error``, what stopped it
        (``BatchStopped``), which counts as interrupted too.
        """
        interrupted = interrupted or error is not None
        seconds = time.perf_counter() - self.start
        done = self.counts["ok"] + self.counts["failed"]
        summary = {
            "inputs": sum(self.counts.values()),
            "ok": self.counts["ok"],
            "failed": self.counts["failed"],
            "skipped": self.counts["skipped"],
            "interrupted": interrupted,
            "signal": signal_name if interrupted else None,
            "blocks": dict(sorted(self.blocks.items())),
            "bytes_in": self.totals["bytes_in"],
            "chars_in": self.totals["chars_in"],
            "chars_out": self.totals["chars_out"],
            "seconds": round(seconds, 3),
            "files_per_s": round(done / seconds, 2) if seconds else None,
            "mb_per_s": round(self.totals["bytes_in"] / 1e6 / seconds, 3) if seconds else None,
            "workers": self.workers,
        }
        if error is not None:
            summary["error"] = error
        if self.stream is not None:
            self._write(json.dumps({"summary": summary}, ensure_ascii=False) + "\n")
        return summary


def _write_whole(fd: int, data: bytes) -> None:
    """Write ``data`` at the end of the file ``fd``, all of it or none of it.

    One ``os.write`` normally takes it all (the CLI opens the report with
    O_APPEND); one that takes only part (a disk that fills up on the way)
    is followed by others for the rest, and if one fails, the file is cut
    back to where it ended before.
    """
    try:
        before = os.lseek(fd, 0, os.SEEK_END)
    except OSError:  # a pipe or a terminal: nothing to cut back
        before = None
    view = memoryview(data)
    try:
        while view:
            done = os.write(fd, view)
            if done <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            view = view[done:]
    except BaseException:
        if before is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, before)
                os.lseek(fd, before, os.SEEK_SET)
        raise


# ------------------------------------------------------------------ many inputs
def plan_workers(jobs: list[Job], requested: int) -> int:
    """How many worker processes to start: none (1: this process) for small batches."""
    if requested <= 1 or len(jobs) < 2 or sum(job.size for job in jobs) < POOL_MIN_BYTES:
        return 1
    return min(requested, len(jobs))


def run_batch(
    jobs: list[Job],
    settings: Settings,
    workers: int = 1,
    on_record: Callable[[dict[str, Any]], object] = lambda record: None,
    out: str | None = None,
) -> None:
    """Clean every job, calling ``on_record`` in this process as each input is done.

    ``workers`` as ``plan_workers`` gives it: 1 cleans here, in the jobs'
    order. ``out``, the output folder, is first cleared of temporary files
    that runs killed earlier left behind; at the end, so are the temporary
    files whose writers were still alive at the start but have exited since
    (the workers of a run killed just before). A ``KeyboardInterrupt`` stops the
    workers at once and is raised again once the records of finished inputs
    are in; the temporary files of the inputs it cut short are removed.
    An output that cannot be written for want of room (a full disk or quota,
    a read-only file system) stops the batch the same way with
    ``BatchStopped``, after its record: every input left would fail alike.
    So does an exception from ``on_record`` (the report's ``BatchStopped``).
    """
    busy: list[str] = []  # temporaries whose writers are alive: looked at again at the end
    if out is not None and os.path.isdir(out):
        sweep_stale_temporaries(out, busy=busy)
    try:
        _run_batch(jobs, settings, workers, on_record, out)
    finally:
        if busy:
            _sweep_again(busy)


def _run_batch(
    jobs: list[Job],
    settings: Settings,
    workers: int,
    on_record: Callable[[dict[str, Any]], object],
    out: str | None,
) -> None:
    deliver = on_record

    def on_record(record: dict[str, Any]) -> None:  # noqa: F811 -- on_record, and a stop on a full disk
        deliver(record)
        if record.get("stop"):
            reason = record["error"].split(";")[0]
            raise BatchStopped(
                f"stopped: {reason}, so no other output can be written either; free some space (or make "
                "--out writable) and run the same command again: it goes on where this one stopped"
            )

    if workers <= 1:
        for job in jobs:
            on_record(clean_input(job, settings))
        return
    stopped = True
    killed: list[int] = []  # the workers stopped mid-input: they write no more
    try:
        stopped = _run_in_pool(jobs, settings, workers, on_record, killed)
    finally:
        if stopped and out is not None:  # stopped workers leave their temporary files
            sweep_stale_temporaries(out, gone=killed)


def chunk_jobs(jobs: list[Job]) -> list[list[Job]]:
    """Largest inputs first, small ones grouped into chunks of about ``CHUNK_BYTES``."""
    chunks: list[list[Job]] = []
    chunk: list[Job] = []
    chunk_bytes = 0
    for job in sorted(jobs, key=lambda j: j.size, reverse=True):
        chunk.append(job)
        chunk_bytes += job.size
        if chunk_bytes >= CHUNK_BYTES or len(chunk) >= CHUNK_FILES:
            chunks.append(chunk)
            chunk, chunk_bytes = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


_worker_settings: Settings | None = None


def _start_worker(settings: Settings, parent_alive: multiprocessing.connection.Connection) -> None:
    """Set up a worker: its settings, its signals, and its end when the parent ends.

    Ctrl-C and SIGTERM reach a whole process group (a terminal, ``timeout``,
    a batch scheduler), workers included; they are the parent's to handle: it
    stops the workers itself, and a worker dying of the signal would look to
    it like one that crashed. A worker whose parent is gone (``kill -9``)
    exits at once rather than linger: ``parent_alive`` is the read end of a
    pipe whose only write end the parent holds, so it reads end of file when
    the parent exits however it exits.
    """
    global _worker_settings
    _worker_settings = dataclasses.replace(settings, explain_in_record=True)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent_alive,), daemon=True).start()


def _exit_with_parent(parent_alive: multiprocessing.connection.Connection) -> None:
    """Wait for the parent to end; then remove what this worker was writing, and exit.

    The worker's main thread may be anywhere: between making a temporary
    file and noting it, or about to make the next one. Holding
    ``_writing_lock`` to the end (``os._exit`` ends every thread) means that
    every temporary made so far is noted, and no other is made. A rerun
    started at once, while this worker still lives, cannot sweep its
    temporaries (their writer is alive); so the worker removes them itself.
    """
    with contextlib.suppress(EOFError, OSError):
        while True:
            parent_alive.recv_bytes()
    _writing_lock.acquire()
    for path in list(_writing):
        with contextlib.suppress(OSError):
            os.unlink(path)
    os._exit(1)


def _clean_chunk(chunk: list[Job]) -> list[dict[str, Any]]:
    assert _worker_settings is not None
    return [clean_input(job, _worker_settings) for job in chunk]


def _pool_context() -> multiprocessing.context.BaseContext:
    # Not fork: a forked copy of a process with threads (a progress bar's, a
    # test runner's) can deadlock. A fork server imports ocrmend once and forks
    # each worker from that clean state.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["ocrmend.batch"])
        return context
    return multiprocessing.get_context("spawn")


def _run_in_pool(
    jobs: list[Job],
    settings: Settings,
    workers: int,
    on_record: Callable[[dict[str, Any]], object],
    killed: list[int],
) -> bool:
    """Run the jobs in worker processes; return whether a worker died on the way."""
    pending = collections.deque(chunk_jobs(jobs))
    context = _pool_context()
    died = False
    parent_alive, alive = context.Pipe(duplex=False)  # the workers read parent_alive; this process holds alive
    try:
        while pending:
            died = _run_pool_once(pending, context, settings, workers, on_record, parent_alive, killed) or died
    finally:
        alive.close()
        parent_alive.close()
    return died


def _run_pool_once(
    pending: collections.deque[list[Job]],
    context: multiprocessing.context.BaseContext,
    settings: Settings,
    workers: int,
    on_record: Callable[[dict[str, Any]], object],
    parent_alive: multiprocessing.connection.Connection,
    killed: list[int],
) -> bool:
    """Run chunks in one pool until they are done or a worker dies; return whether one died."""
    died = False
    pool = concurrent.futures.ProcessPoolExecutor(workers, context, _start_worker, (settings, parent_alive))
    running: dict[concurrent.futures.Future, list[Job]] = {}
    try:
        while pending or running:
            while pending and len(running) < 2 * workers and not died:
                chunk = pending.popleft()
                with _signals_held():  # (submit may start a worker: it must be on the list _stop_pool kills)
                    running[pool.submit(_clean_chunk, chunk)] = chunk
            if not running:
                break
            finished, _ = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in finished:
                chunk = running.pop(future)
                try:
                    records = future.result()
                except concurrent.futures.process.BrokenProcessPool:
                    died = True  # a worker died (out of memory?): a new pool takes the rest
                    records = [_died(job) for job in chunk]
                except Exception as exc:  # noqa: BLE001 -- the chunk's records could not come back (out of memory?)
                    records = [_lost(job, exc) for job in chunk]
                for record in records:
                    on_record(record)
    except BaseException:
        killed.extend(_stop_pool(pool))
        raise
    pool.shutdown(wait=True)
    return died


def _died(job: Job) -> dict[str, Any]:
    return _worker_failed(job, "the worker process cleaning it (or an input beside it) died, perhaps out of memory")


def _lost(job: Job, exc: BaseException) -> dict[str, Any]:
    what = "out of memory" if isinstance(exc, MemoryError) else f"{type(exc).__name__}: {exc}"
    return _worker_failed(job, f"the worker process cleaning it could not send back its result ({what})")


def _worker_failed(job: Job, what: str) -> dict[str, Any]:
    """The record of an input whose worker failed it: a rerun retries it."""
    return {
        "path": job.name,
        "output": job.target or "<stdout>",
        "status": "failed",
        "error": f"{shown(job.name)}: {what}; rerun the same command to retry what is missing",
        "seconds": 0.0,
    }


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C or SIGTERM arriving inside is delivered again at the end.

    ``ProcessPoolExecutor.submit`` may start a worker and only then put it on
    the list of its processes; a stop raised between the two would leave that
    worker unknown to ``_stop_pool``, running on and writing a temporary file
    that no sweep removes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(signum)
        if handler is not None:  # (None: set outside Python, left alone)
            previous[signum] = signal.signal(signum, lambda number, frame: held.append(number))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if held:
            signal.raise_signal(held[0])


def _stop_pool(pool: concurrent.futures.ProcessPoolExecutor) -> list[int]:
    """Stop the workers now, mid-input: a pool's shutdown would wait for them.

    SIGKILL, since workers ignore SIGTERM (see ``_start_worker``); what they
    were writing stays behind as temporary files, which ``run_batch`` removes.
    Returns the workers' process ids.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    kill = getattr(pool, "kill_workers", None)  # Python 3.14
    if kill is not None:
        with contextlib.suppress(Exception):
            kill()
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)
    pool.shutdown(wait=False, cancel_futures=True)
    return [process.pid for process in processes if process.pid is not None]
