"""Clean a collection past one machine, with Dask: same outputs, same report as the CLI.

``pip install 'ocrmend[dask]'``, then on a machine that sees the collection
and the output folder at the same paths as the Dask workers do (a shared or
network file system)::

    from dask.distributed import Client
    from ocrmend.distributed import clean_collection

    client = Client("tcp://scheduler:8786")        # workers need ocrmend installed
    summary = clean_collection(["/archive/1998"], "/archive/clean", fmt="json",
                               client=client, report="/archive/clean-report.jsonl")

The inputs are found as ``ocrmend clean`` finds them (folders searched with
the globs, files named one by one), largest first, and put in a ``dask.bag``
whose tasks run ``ocrmend.batch.clean_input``, the function the CLI's workers
run: every output is written to a temporary file and renamed, an output that
is up to date is skipped (``force=True`` redoes it), and the report has one
JSON line per input and a summary line, written here as the tasks finish.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from typing import Any

from .batch import (
    Job,
    Report,
    Settings,
    clean_input,
    plan_inputs,
    sweep_stale_temporaries,
)
from .options import Options

__all__ = ["clean_collection"]

# Tasks per collection at most: each task is a slice of the inputs, so that a
# million files are a thousand tasks rather than a million.
MAX_TASKS = 1000
FILES_PER_TASK = 16


def clean_collection(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    fmt: str = "text",
    *,
    client: Any = None,
    options: Options | None = None,
    globs: Iterable[str] = ("*.txt",),
    report: str | os.PathLike[str] | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Clean every input under ``paths`` into ``out_dir``; return the report's summary.

    ``client``: a ``dask.distributed.Client``; without one, the default
    client if there is one, else Dask's local process scheduler. Inputs that
    fail are in the report (and counted in the summary), not raised.
    """
    try:
        import dask.bag
    except ImportError:
        raise ImportError("clean_collection needs Dask: pip install 'ocrmend[dask]'") from None
    settings = Settings(fmt=fmt, options=options or Options(), explain_on_stderr=False, force=force)
    out = os.path.abspath(out_dir)
    jobs, failures = plan_inputs([os.fspath(p) for p in paths], out, list(globs), settings.extension)
    jobs.sort(key=lambda job: job.size, reverse=True)  # the largest start first
    if os.path.isdir(out):
        sweep_stale_temporaries(out)

    with open(report, "w", encoding="utf-8") if report is not None else contextlib.nullcontext() as stream:
        tally = Report(stream)
        for path, problem in failures:
            tally.add({"path": path, "output": None, "status": "failed", "error": problem, "seconds": 0.0})
        if jobs:
            # Enough tasks to keep every worker busy to the end, few enough that
            # Dask's cost per task (a few ms) stays small beside the cleaning.
            size = max(-(-len(jobs) // MAX_TASKS), min(FILES_PER_TASK, -(-len(jobs) // 64)))
            slices = [jobs[i : i + size] for i in range(0, len(jobs), size)]
            bag = dask.bag.from_sequence(jobs, partition_size=size).map(clean_input, settings)
            client = client if client is not None else _default_client()
            if client is None:
                for record in bag.compute():
                    tally.add(record)
            else:
                tally.workers = len(client.scheduler_info().get("workers", {})) or 1
                _gather(client, bag, slices, tally)
        return tally.summary()


def _default_client() -> Any:
    try:
        from distributed import default_client
    except ImportError:
        return None
    try:
        return default_client()
    except ValueError:  # no client started
        return None


def _gather(client: Any, bag: Any, slices: list[list[Job]], tally: Report) -> None:
    """Add each slice's records to the report as its task finishes."""
    from distributed import as_completed

    futures = client.compute(bag.to_delayed())
    which = {future.key: number for number, future in enumerate(futures)}
    try:
        for future in as_completed(futures):
            try:
                records = future.result()
            except Exception as exc:  # the task's worker died (too often): its inputs failed
                records = [_lost(job, exc) for job in slices[which[future.key]]]
            for record in records:
                tally.add(record)
    except BaseException:
        client.cancel(futures)
        raise


def _lost(job: Job, exc: BaseException) -> dict[str, Any]:
    return {
        "path": job.name,
        "output": job.target,
        "status": "failed",
        "error": f"{job.name}: the Dask task cleaning it failed ({type(exc).__name__}: {exc}); "
        "run the same call again to retry what is missing",
        "seconds": 0.0,
    }
