"""bench/benchmark.py keeps working (a tiny run; the numbers are not checked)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parent.parent / "bench" / "benchmark.py"


@pytest.fixture(scope="module")
def benchmark_module():
    spec = importlib.util.spec_from_file_location("ocrmend_benchmark", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("builder", ["build_cjk_page", "build_english_page"])
def test_pages_have_the_size_asked(benchmark_module, builder: str) -> None:
    text = getattr(benchmark_module, builder)(0.05)
    assert 0.03e6 < len(text.encode("utf-8")) < 0.08e6
    assert "\f" in text and "\n" in text


def test_the_timed_functions_take_turns_and_the_best_of_each_counts(benchmark_module, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    clock = iter([0.0, 5.0, 5.0, 6.0, 6.0, 8.0, 8.0, 20.0])  # (start, stop) of a, b, a, b
    monkeypatch.setattr(benchmark_module.time, "perf_counter", lambda: next(clock))
    best = benchmark_module.best_times([lambda: calls.append("a"), lambda: calls.append("b")], 2)
    assert calls == ["a", "b", "a", "b"] and best == [2.0, 1.0]


def test_tiny_run_prints_both_speeds_and_the_ratio(benchmark_module, capsys: pytest.CaptureFixture[str]) -> None:
    assert benchmark_module.main(["--mb", "0.01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for name in ("CJK ", "English ", "CJK/page ", "English/page "):
        [row] = [line for line in lines if line.startswith(name)]
        assert "ocrmend" in row and "re.sub" in row and "MB/s" in row and "ratio" in row


def test_pages_are_timed_a_call_each(benchmark_module, monkeypatch: pytest.MonkeyPatch) -> None:
    cleaned: list[int] = []
    monkeypatch.setattr(benchmark_module.ocrmend, "clean", lambda text: cleaned.append(len(text)) or benchmark_module.ocrmend.Document([], "", ""))
    row = benchmark_module.measure("CJK/page", "加强卫生\n", 2, calls=3)
    assert cleaned == [5] * 6  # three calls a round, two rounds
    assert row["mb"] == pytest.approx(3 * 13 / 1e6)


def test_folder_run_prints_pages_per_second_and_checks_the_outputs(
    benchmark_module, capsys: pytest.CaptureFixture[str]
) -> None:
    assert benchmark_module.main(["--mb", "0.001", "--pages", "3", "--jobs", "2"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("folder")]
    assert len(lines) == 3
    assert "--jobs 1" in lines[0] and "--jobs 2" in lines[1] and all("pages/s" in line for line in lines[:2])
    assert "byte-identical" in lines[2]
