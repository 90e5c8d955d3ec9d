"""ocrmend.distributed: a collection cleaned on a (local) Dask cluster gives the CLI's outputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocrmend.cli import ExitCode, app
from ocrmend.distributed import clean_collection

REPO = Path(__file__).resolve().parent.parent
SEED = (REPO / "samples" / "seed-page.txt").read_text(encoding="utf-8")


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def report_lines(path: Path) -> tuple[set[tuple[str, str]], dict]:
    *records, last = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return {(r["path"], r["status"]) for r in records}, last["summary"]


def test_without_dask_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)  # as if dask were not installed
    with pytest.raises(ImportError, match=r"pip install 'ocrmend\[dask\]'"):
        clean_collection([str(tmp_path)], tmp_path / "out")


def test_a_local_cluster_writes_what_the_cli_writes(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    pages = tmp_path / "pages"
    for number in range(12):
        page = pages / f"{number % 3}" / f"page{number:02d}.txt"
        page.parent.mkdir(parents=True, exist_ok=True)
        text = SEED[: 800 + 400 * number]
        page.write_bytes(text.encode("gb18030" if number % 4 == 0 else "utf-8"))
    (pages / "0" / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    result = CliRunner().invoke(app, ["clean", str(pages), "-o", str(tmp_path / "cli"), "-f", "json", "--report", str(tmp_path / "cli.jsonl"), "-q"])
    assert result.exit_code == ExitCode.FAILED, result.stderr

    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        summary = clean_collection([str(pages)], tmp_path / "dask", fmt="json", client=client, report=tmp_path / "dask.jsonl")
        assert outputs(tmp_path / "dask") == outputs(tmp_path / "cli")  # byte for byte
        assert len(outputs(tmp_path / "dask")) == 12
        assert (summary["ok"], summary["failed"], summary["workers"]) == (12, 1, 2)
        assert report_lines(tmp_path / "dask.jsonl")[0] == report_lines(tmp_path / "cli.jsonl")[0]

        again = clean_collection([str(pages)], tmp_path / "dask", fmt="json", client=client)
        assert (again["skipped"], again["ok"]) == (12, 0)  # resumable, like the CLI
