"""Batches (ocrmend/batch.py) when things go wrong: kill -9, Ctrl-C, and how work is shared out."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ocrmend
from ocrmend import batch
from ocrmend.cli import ExitCode, app

REPO = Path(__file__).resolve().parent.parent
SEED = (REPO / "samples" / "seed-page.txt").read_text(encoding="utf-8")


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def ocrmend_process(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "ocrmend", "clean", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=REPO, env=env, **kwargs,
    )  # fmt: skip


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not batch.TEMPORARY_RE.match(p.name)
    }


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if batch.TEMPORARY_RE.match(p.name)]


def wait_for_outputs(folder: Path, count: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if folder.exists() and len(outputs(folder)) >= count:
            return
        time.sleep(0.01)
    raise AssertionError(f"no {count} outputs in {timeout} s (exit {process.poll()})")


@pytest.fixture(scope="module")
def folder_of_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 pages of different lengths, in four folders."""
    root = tmp_path_factory.mktemp("pages")
    for number in range(200):
        page = root / f"{number % 4}" / f"page{number:03d}.txt"
        page.parent.mkdir(exist_ok=True)
        page.write_text(SEED[: 1500 + 10 * number], encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def uninterrupted(folder_of_pages: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference")
    result = run("clean", str(folder_of_pages), "-o", str(out), "--jobs", "1", "-q")
    assert result.exit_code == ExitCode.OK, result.stderr
    return outputs(out)


def test_kill_9_leaves_no_partial_output_and_a_rerun_completes_the_batch(
    folder_of_pages: Path, uninterrupted: dict[str, bytes], tmp_path: Path
) -> None:
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    args = (str(folder_of_pages), "-o", str(out), "--jobs", "1", "--report", str(report))
    process = ocrmend_process(*args)
    wait_for_outputs(out, 20, process)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    done = outputs(out)
    assert 20 <= len(done) < len(uninterrupted), "the batch finished before it was killed"
    assert all(done[name] == uninterrupted[name] for name in done)  # every output is whole
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]  # each line whole
    assert lines and all(line["status"] == "ok" for line in lines)

    result = run("clean", *args)  # the same command again
    assert result.exit_code == ExitCode.OK, result.stderr
    assert outputs(out) == uninterrupted
    assert temporaries(out) == []  # what the killed run was writing is gone
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()][:-1]
    assert sum(r["status"] == "skipped" for r in records) >= len(done)
    assert sum(r["status"] == "ok" for r in records) <= len(uninterrupted) - len(done)


@pytest.fixture(scope="module")
def pool_sized_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 copies of the seed page (18 MB): over POOL_MIN_BYTES, so that a pool runs; enough to
    outlast a cleaner many times faster than today's (the tests stop the batch early)."""
    pages = tmp_path_factory.mktemp("pool-pages")
    for number in range(1000):
        (pages / f"{number:03d}.txt").write_text(SEED, encoding="utf-8")
    return pages


def stop_batch(folder: Path, tmp_path: Path, jobs: str, signum: int) -> tuple[int, str, dict, list, dict]:
    """Start a batch over ``folder``, send ``signum`` once a few outputs are written, and
    check what every stop must leave: no traceback, some outputs (not all), every one
    whole, no temporary file. Returns the exit code, stderr's last line, the outputs,
    the report's records and its summary line."""
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    process = ocrmend_process(str(folder), "-o", str(out), "--jobs", jobs, "--report", str(report))
    wait_for_outputs(out, 4, process)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    assert b"Traceback" not in stderr
    done = outputs(out)
    assert 4 <= len(done) < 1000, "the batch finished before the signal"
    assert len(set(done.values())) == 1  # the same page everywhere: every output whole
    assert temporaries(out) == []
    *records, last = (json.loads(line) for line in report.read_text(encoding="utf-8").splitlines())
    return process.returncode, stderr.decode().splitlines()[-1], {str(out / name) for name in done}, records, last


def test_ctrl_c_stops_the_workers_and_flushes_the_report(pool_sized_folder: Path, tmp_path: Path) -> None:
    code, message, done, records, last = stop_batch(pool_sized_folder, tmp_path, "2", signal.SIGINT)
    assert code == ExitCode.INTERRUPTED
    assert message == "ocrmend: interrupted"
    assert last["summary"]["interrupted"] is True and last["summary"]["workers"] == 2
    assert {r["output"] for r in records if r["status"] == "ok"} <= done


def test_sigterm_stops_the_batch_as_ctrl_c_does_and_exits_143(pool_sized_folder: Path, tmp_path: Path) -> None:
    code, message, done, records, last = stop_batch(pool_sized_folder, tmp_path, "1", signal.SIGTERM)
    assert code == ExitCode.TERMINATED == 143, (message, last)
    assert message == "ocrmend: interrupted (SIGTERM)"
    assert last["summary"]["interrupted"] is True and last["summary"]["signal"] == "SIGTERM"
    assert last["summary"]["workers"] == 1
    assert {r["output"] for r in records if r["status"] == "ok"} <= done


def test_sigterm_to_the_process_group_stops_workers_too(pool_sized_folder: Path, tmp_path: Path) -> None:
    """As `timeout` or a batch scheduler sends it: to the parent and its workers at once."""
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    process = ocrmend_process(str(pool_sized_folder), "-o", str(out), "--jobs", "2", "--report", str(report), start_new_session=True)
    wait_for_outputs(out, 4, process)
    os.killpg(process.pid, signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == ExitCode.TERMINATED, stderr
    assert b"Traceback" not in stderr and b"died" not in stderr  # the workers were stopped, not taken for crashed
    assert temporaries(out) == []
    done = outputs(out)
    assert 4 <= len(done) < 1000 and len(set(done.values())) == 1
    summary = json.loads(report.read_text(encoding="utf-8").splitlines()[-1])["summary"]
    assert summary["interrupted"] is True and summary["signal"] == "SIGTERM"
    assert summary["failed"] == 0 and summary["workers"] == 2
    assert _group_is_gone(process.pid)


def test_workers_do_not_outlive_a_killed_parent(pool_sized_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = ocrmend_process(str(pool_sized_folder), "-o", str(out), "--jobs", "2", start_new_session=True)
    wait_for_outputs(out, 1, process)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert _group_is_gone(process.pid)  # workers, fork server and resource tracker too
    assert temporaries(out) == []  # each worker removed what it was writing before it exited


def test_a_rerun_at_once_after_kill_9_leaves_no_temporary_file(pool_sized_folder: Path, tmp_path: Path) -> None:
    """The rerun starts while the killed run's workers may still live: it cannot sweep their
    temporary files (their writers are alive), so they remove them themselves, and the
    rerun looks again at the end at those whose writers were alive when it started."""
    out = tmp_path / "out"
    process = ocrmend_process(str(pool_sized_folder), "-o", str(out), "--jobs", "2", start_new_session=True)
    wait_for_outputs(out, 2, process)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    first = min(pool_sized_folder.glob("*.txt"))
    result = run("clean", str(first), "-o", str(out), "-q")  # at once: a small rerun into the same folder
    assert result.exit_code == ExitCode.OK, result.stderr
    assert _group_is_gone(process.pid)
    assert temporaries(out) == []


def test_a_run_removes_at_its_end_what_a_writer_alive_at_its_start_left(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    writer = subprocess.Popen(["sleep", "60"])  # a worker of a killed run, still alive at the start of this one
    left = out / f".a.txt.tmp-{batch.HOST_TAG}-{writer.pid}-abcd1234"
    left.write_bytes(b"")
    page = tmp_path / "page.txt"
    page.write_text(SEED[:2000], encoding="utf-8")
    real_clean_input = batch.clean_input

    def clean_input(job, settings):
        if writer.poll() is None:
            assert left.exists()  # its writer lives: not swept at the start
            writer.kill()  # ... and dies during this run, leaving its temporary file
            writer.wait()
        return real_clean_input(job, settings)

    monkeypatch.setattr(batch, "clean_input", clean_input)
    try:
        result = run("clean", str(page), "-o", str(out), "-q")
    finally:
        writer.kill()
        writer.wait()
    assert result.exit_code == ExitCode.OK, result.stderr
    assert temporaries(out) == []
    assert outputs(out).keys() == {"page.txt"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_put_in_place_of_an_input_after_planning_is_never_opened_for_good(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Planning saw a file; by the time it is cleaned a FIFO with no writer took its place."""
    page = tmp_path / "page.txt"
    page.write_text(SEED[:2000], encoding="utf-8")
    [job], _ = batch.plan_inputs([str(page)], str(tmp_path / "out"))
    status = os.stat(page)
    page.unlink()
    os.mkfifo(page)

    def timeout(signum, frame):
        raise TimeoutError("blocked opening a FIFO")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(10)
    try:
        record = batch.clean_input(job, batch.Settings())
        assert record["status"] == "failed" and "is a FIFO (named pipe), not a regular file" in record["error"]
        # Even past the check before opening (a FIFO made between the stat and the open): no wait.
        monkeypatch.setattr(batch, "_stat_input", lambda job: status)
        record = batch.clean_input(job, batch.Settings())
        assert record["status"] == "failed" and "is a FIFO (named pipe), not a regular file" in record["error"]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert temporaries(tmp_path / "out") == []


def _group_is_gone(group: int, timeout: float = 10) -> bool:
    """Whether every process of the group has exited (zombies waiting for init to reap them count as gone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _live_members(group):
            return True
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)  # leave nothing behind for the next test
    return False


def _live_members(group: int) -> list[int]:
    if not os.path.isdir("/proc/self"):
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return []
        return [group]
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                state, _, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
                if int(pgrp) == group and state not in "ZX":
                    members.append(int(entry))
    return members


def test_explain_lines_from_workers_never_land_inside_the_progress_bar(pool_sized_folder: Path, tmp_path: Path) -> None:
    """On a terminal, the workers' --explain lines are printed by the parent, whole, above the bar."""
    pty = pytest.importorskip("pty")
    pytest.importorskip("rich")
    pages = sorted(pool_sized_folder.glob("*.txt"))[:59]  # just over POOL_MIN_BYTES: a pool still runs
    listed = tmp_path / "list"
    listed.write_text("".join(f"{p}\n" for p in pages), encoding="utf-8")
    doc = ocrmend.clean(SEED, explain=True)
    edits = doc.edits
    assert edits, "the seed page needs edits to explain"
    expected = sorted(
        [
            f"{p}:{e.line}: {e.rule} {json.dumps(e.before, ensure_ascii=False)} -> {json.dumps(e.after, ensure_ascii=False)}"
            for p in pages
            for e in edits
        ]
        + [f"{p}:{b.first}: {rule} {b.type}: {evidence}" for p in pages for b in doc.blocks for rule, evidence in b.why]
    )

    main, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "ocrmend", "clean", "--from-list", str(listed), "-o", str(tmp_path / "out"), "--jobs", "2", "--explain"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal, cwd=REPO, env=env,
    )  # fmt: skip
    os.close(terminal)
    shown = bytearray()
    with contextlib.suppress(OSError):  # EIO once the process has closed the terminal
        while chunk := os.read(main, 1 << 16):
            shown += chunk
    os.close(main)
    assert process.wait(timeout=60) == ExitCode.OK
    assert process.stdout is not None and process.stdout.read() == b""

    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace"))
    segments = re.split(r"\r\n|\r|\n", text)
    assert "files" in text  # the bar was drawn
    explained = sorted(segment for segment in segments if ".txt:" in segment)
    assert explained == expected  # each line whole, at a line start, none lost, none doubled


def test_a_workers_explain_lines_come_back_in_the_record_or_a_spool_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(SEED, encoding="utf-8")
    settings = batch.Settings(options=ocrmend.Options(explain=True), explain_on_stderr=True, explain_in_record=True)
    doc = ocrmend.clean(SEED, explain=True)
    expected = "".join(
        [f"{page}:{b.first}: {rule} {b.type}: {evidence}\n" for b in doc.blocks for rule, evidence in b.why]
        + [
            f"{page}:{e.line}: {e.rule} {json.dumps(e.before, ensure_ascii=False)} -> {json.dumps(e.after, ensure_ascii=False)}\n"
            for e in doc.edits
        ]
    )
    record = batch.clean_input(batch.Job(str(page), str(page), str(tmp_path / "out" / "a.txt")), settings)
    assert record["explain"] == expected and "".join(batch.explain_text(record)) == expected

    monkeypatch.setattr(batch, "EXPLAIN_SPOOL_CHARS", 100)  # a huge file's many edits: on disk, not in memory
    record = batch.clean_input(batch.Job(str(page), str(page), str(tmp_path / "out" / "b.txt"), 0), dataclasses.replace(settings, force=True))
    spool = Path(record["explain_file"])
    assert "explain" not in record and batch.TEMPORARY_RE.match(spool.name) and spool.parent == tmp_path / "out"
    assert "".join(batch.explain_text(record, block_chars=50)) == expected
    assert not spool.exists()
    report = batch.Report(stream := io.StringIO())
    report.add(record)
    assert not {"explain", "explain_file"} & json.loads(stream.getvalue()).keys()


# ------------------------------------------------------------------ sharing out the work
def job(size: int, name: str = "") -> batch.Job:
    return batch.Job(f"/in/{name or size}", name or str(size), f"/out/{name or size}", size)


def test_chunks_start_with_the_largest_inputs() -> None:
    jobs = [job(size) for size in (10, 5_000_000, 300_000, 20, 100_000, 200_000, 30)]
    chunks = batch.chunk_jobs(jobs)
    assert [[j.size for j in chunk] for chunk in chunks] == [[5_000_000], [300_000], [200_000, 100_000], [30, 20, 10]]


def test_chunks_hold_at_most_so_many_files() -> None:
    chunks = batch.chunk_jobs([job(1, str(n)) for n in range(100)])
    assert [len(c) for c in chunks] == [32, 32, 32, 4]


@pytest.mark.parametrize(
    ("sizes", "requested", "workers"),
    [
        ([1 << 20, 1], 4, 2),  # no more workers than inputs
        ([1 << 19, 1 << 19], 2, 2),
        ([1 << 19, 1 << 18], 2, 1),  # under 1 MB: starting workers costs more than it saves
        ([1 << 30], 8, 1),  # one input: nothing to share
        ([1 << 20] * 10, 1, 1),
    ],
)
def test_plan_workers(sizes: list[int], requested: int, workers: int) -> None:
    assert batch.plan_workers([job(size, str(n)) for n, size in enumerate(sizes)], requested) == workers


def test_an_interruption_as_the_temporary_is_made_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C or SIGTERM may land right after the temporary file is created,
    before its name is kept: the name is chosen first, so it is removed."""
    from ocrmend import batch

    real_open = os.open

    def open_then_interrupt(path, flags, mode=0o777, *args, **kwargs):
        os.close(real_open(path, flags, mode, *args, **kwargs))
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(os, "open", open_then_interrupt)
        with pytest.raises(KeyboardInterrupt), batch._atomic_output(str(tmp_path / "page.txt"), b"stamp") as write:
            write("never written")
    assert list(tmp_path.iterdir()) == []


def test_a_signal_inside_a_held_section_comes_after_it() -> None:
    """Ctrl-C or SIGTERM during a pool's submit is delivered once the submit
    is done (a worker it started is then on the list of workers to stop)."""
    from ocrmend import batch

    steps = []

    def on_term(signum, frame):
        steps.append("handler")
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        with pytest.raises(KeyboardInterrupt):
            with batch._signals_held():
                os.kill(os.getpid(), signal.SIGTERM)
                steps.append("inside, after the signal")
        assert steps == ["inside, after the signal", "handler"]
        assert signal.getsignal(signal.SIGTERM) is on_term
    finally:
        signal.signal(signal.SIGTERM, previous)
