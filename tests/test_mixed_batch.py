"""One batch of every format ocrmend reads, with hostile and broken files
among them, through worker processes: each good file is cleaned and
written, each bad one is one line of error and no output, the report has
one whole record per file, and a rerun resumes without redoing anything."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")

from pdfgen import Run, pdf

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "layout"

BOMB = (
    '<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    '<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout><Page>&b;</Page></Layout></alto>'
)
XXE = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><PcGts><Page>&x;</Page></PcGts>'


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ocrmend", "clean", *args], capture_output=True, text=True, cwd=REPO, stdin=subprocess.DEVNULL, timeout=120
    )


def test_a_batch_of_every_format_with_bad_files_among_them(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    good = {
        "a-text": "Storm hits the coast\n\nThe storm came in the night and tore roofs off.\n".encode(),
        "b-alto": (FIXTURES / "seed.alto.xml").read_bytes(),
        "c-hocr": (FIXTURES / "seed.hocr").read_bytes(),
        "d-page": (FIXTURES / "seed.page.xml").read_bytes(),
        "e-pdf": pdf([[Run("Storm hits the coast", 40, 40, 24, bold=True), Run("The storm came in the night.", 40, 90)]]),
    }
    bad = {
        "f-bomb": BOMB.encode(),
        "g-xxe": XXE.encode(),
        "h-cut": (FIXTURES / "seed.alto.xml").read_bytes()[:700],
        "i-pdf-cut": good["e-pdf"][: len(good["e-pdf"]) // 2],
    }
    for name, data in {**good, **bad}.items():
        (inputs / f"{name}.in").write_bytes(data)  # (named alike: the format is known by content)
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    args = (str(inputs), "--glob", "*.in", "-o", str(out), "-f", "json", "--jobs", "2", "--report", str(report))
    first = run(*args)
    assert first.returncode == 1, first.stderr
    assert "Traceback" not in first.stderr and "root:" not in first.stderr + first.stdout  # (nothing of /etc/passwd)
    errors = [line for line in first.stderr.splitlines() if "error" in line]
    assert sorted(e.split("/")[-1].split(".in")[0] for e in errors) == sorted(bad), errors  # one line each
    written = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    assert sorted(written) == sorted(good)
    assert {written[k]["encoding"] for k in ("b-alto", "c-hocr", "d-page", "e-pdf")} == {"alto", "hocr", "page", "pdf"}
    assert all(doc["blocks"] for doc in written.values())
    assert "bbox" in written["b-alto"]["blocks"][0] and "bbox" not in written["a-text"]["blocks"][0]
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    per_file = [r for r in records if "status" in r and "path" in r]
    assert sorted(r["status"] for r in per_file) == ["failed"] * len(bad) + ["ok"] * len(good)
    # the same command again: the good files are skipped, the bad ones fail again
    again = run(*args)
    assert again.returncode == 1
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    statuses = [r["status"] for r in records if "status" in r and "path" in r][-len(good) - len(bad) :]
    assert statuses.count("skipped") == len(good) and statuses.count("failed") == len(bad)
