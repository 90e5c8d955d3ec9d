"""How fast is ocrmend, measured against a yardstick on the same machine?

Builds two large pages in memory, a CJK one (the seed page repeated) and an
English one (built-in wire-style paragraphs, hard-wrapped at 64 columns),
then times ``ocrmend.clean(text).to_text()`` and, on the same input in the
same run, a single ``re.sub(r"\\s+", " ", text)`` pass: the cheapest useful
thing one can do to a page.  It times both again on the same amount of text
as pages of a real page's size (the seed page; an English page of 17 KB),
a call each, as an archive's page files are cleaned: the ``/page`` rows. Speeds are MB/s of UTF-8 input; the ratio says how
many regex passes one ocrmend run costs, which travels between machines
better than the MB/s do.

Then it writes a folder of pages (copies of the seed page, 750 per --mb: 3,000
by default) and cleans it the way ``ocrmend clean pages/ -o out/`` does
(``ocrmend.batch``, in this process), once with one process and once with
--jobs workers, and prints pages/s for both, the speedup, and whether the two
runs wrote the same bytes (exit status 1 if not).

    python bench/benchmark.py            # 4 MB of each, 3,000 pages
    python bench/benchmark.py --mb 1 --repeat 3 --pages 500 --jobs 4
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

import ocrmend  # noqa: E402
from ocrmend import batch  # noqa: E402

SEED_PAGE = ROOT / "samples" / "seed-page.txt"
# A newspaper page's text is some 10-30 KB: the seed page is 17 KB.
PAGE_MB = 0.017

ENGLISH_PARAGRAPHS = [
    "The city council voted on Tuesday to approve a new budget for the coming year, ending weeks of "
    "debate over spending on roads, schools and the harbour. The mayor said the plan would keep "
    "property taxes unchanged while adding forty officers to the police force.",
    "Shares in the country's largest steel maker rose sharply after the company reported a return to "
    "profit in the third quarter, helped by strong demand from car makers and builders in Asia. "
    "Analysts had expected a smaller gain.",
    "Heavy rain flooded low-lying parts of the northern province overnight, forcing about two thousand "
    "people from their homes. Emergency crews used boats to reach villages cut off by the water, and "
    "forecasters warned that more storms were on the way.",
    "In a letter to shareholders, the chairman said the group would sell its shipping division and "
    "concentrate on energy and telecommunications, two businesses he described as well-known to its "
    "customers and central to its long-term growth.",
    "The national team arrived home to a crowd of supporters at the airport after winning the regional "
    "championship for the first time in twelve years. The coach praised the players' discipline and "
    "the inter-national experience gained in the qualifying rounds.",
]


def build_cjk_page(megabytes: float) -> str:
    """The seed page repeated, with a page break between copies, to the size asked."""
    page = SEED_PAGE.read_text(encoding="utf-8").rstrip("\n") + "\n\f"
    copies = max(1, round(megabytes * 1e6 / len(page.encode("utf-8"))))
    return page * copies


def build_english_page(megabytes: float) -> str:
    """Headline, byline and hard-wrapped paragraphs, as a wire service or pdftotext gives them."""
    story = []
    for number, paragraph in enumerate(ENGLISH_PARAGRAPHS):
        if number % 5 == 0:
            story.append(f"NEWS IN BRIEF {number}\n\nBy Staff Reporters\n")
        story.append(textwrap.fill(paragraph, width=64, break_on_hyphens=False) + "\n")
    page = "\n".join(story) + "\f"
    copies = max(1, round(megabytes * 1e6 / len(page.encode("utf-8"))))
    return page * copies


def best_times(functions: list[Callable[[], object]], repeat: int) -> list[float]:
    """The best time of each function over ``repeat`` rounds, the functions
    taking turns within each round: on a shared machine whose speed swings,
    both sides of a ratio then see the same spells."""
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for k, function in enumerate(functions):
            start = time.perf_counter()
            function()
            best[k] = min(best[k], time.perf_counter() - start)
    return best


def measure(name: str, text: str, repeat: int, calls: int = 1) -> dict[str, float]:
    """MB/s of ocrmend and of the regex pass over ``text``, each run ``calls``
    times a round (a page at a time: as an archive's page files are cleaned)."""
    size = calls * len(text.encode("utf-8")) / 1e6

    def clean() -> None:
        for _ in range(calls):
            ocrmend.clean(text).to_text()

    def regex_pass() -> None:
        for _ in range(calls):
            re.sub(r"\s+", " ", text)

    ocrmend_seconds, regex_seconds = best_times([clean, regex_pass], repeat)
    row = {
        "mb": size,
        "ocrmend_mb_s": size / ocrmend_seconds,
        "regex_mb_s": size / regex_seconds,
        "ratio": ocrmend_seconds / regex_seconds,
    }
    print(
        f"{name:<12} {size:6.2f} MB   ocrmend {row['ocrmend_mb_s']:8.2f} MB/s   "
        f"re.sub {row['regex_mb_s']:8.1f} MB/s   ratio {row['ratio']:6.1f}x"
    )
    return row


def write_page_folder(folder: Path, pages: int) -> None:
    """``pages`` copies of the seed page, a hundred to a subfolder, as an archive is laid out."""
    page = SEED_PAGE.read_bytes()
    for number in range(pages):
        path = folder / f"{number // 100:04d}" / f"page{number:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page)


def clean_folder(folder: Path, out: Path, jobs: int) -> tuple[float, int, int]:
    """Clean every page of ``folder`` into ``out`` as the CLI's batch path does: (seconds, workers, failed)."""
    planned, _ = batch.plan_inputs([str(folder)], str(out))
    workers = batch.plan_workers(planned, jobs)
    report = batch.Report(workers=workers)
    start = time.perf_counter()
    batch.run_batch(planned, batch.Settings(force=True), workers, report.add, out=str(out))
    return time.perf_counter() - start, workers, report.failed


def measure_folder(pages: int, jobs: int, repeat: int = 1) -> dict[str, float] | None:
    """pages/s with one process and with ``jobs`` workers; None if their outputs differ.

    The two runs alternate ``repeat`` times and the best of each counts, so
    that a burst of other work on the machine does not land on one side only.
    """
    with tempfile.TemporaryDirectory(prefix="ocrmend-bench-") as scratch:
        folder = Path(scratch) / "pages"
        write_page_folder(folder, pages)
        runs: dict[int, float] = {}
        used: dict[int, int] = {}
        for _ in range(repeat):
            for count in (1, jobs):
                seconds, used[count], failed = clean_folder(folder, Path(scratch) / f"out{count}", count)
                assert not failed, f"{failed} pages failed"
                runs[count] = min(seconds, runs.get(count, seconds))
        for count in (1, jobs):
            workers = used[count]
            print(f"folder   {pages:6d} pages  --jobs {count:<3d} ({workers} {'process' if workers == 1 else 'workers'})"
                  f"  {pages / runs[count]:8.1f} pages/s  {runs[count]:7.2f} s")  # fmt: skip
        same = _same_files(Path(scratch) / "out1", Path(scratch) / f"out{jobs}")
    speedup = runs[1] / runs[jobs]
    print(f"folder   --jobs {jobs} is {speedup:.2f}x --jobs 1; outputs {'byte-identical' if same else 'DIFFER'}")
    return {"pages_s_1": pages / runs[1], "pages_s_n": pages / runs[jobs], "speedup": speedup} if same else None


def _same_files(one: Path, other: Path) -> bool:
    names = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    return names == sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file()) and all(
        (one / name).read_bytes() == (other / name).read_bytes() for name in names
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=4.0, help="size of each page in MB of UTF-8 (default 4)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the best counts (default 1)")
    parser.add_argument("--pages", type=int, help="pages in the folder run (default 750 per --mb; 0 skips it)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
                        help="workers for the second folder run (default: the cores this process may use)")  # fmt: skip
    args = parser.parse_args(argv)
    print(f"ocrmend {ocrmend.__version__}, Python {sys.version.split()[0]}; best of {args.repeat}")
    measure("CJK", build_cjk_page(args.mb), args.repeat)
    measure("English", build_english_page(args.mb), args.repeat)
    # the same amount of text as pages of a real page's size, a call each
    for name, page in (("CJK", build_cjk_page(PAGE_MB)), ("English", build_english_page(PAGE_MB))):
        calls = max(1, round(args.mb * 1e6 / len(page.encode("utf-8"))))
        measure(f"{name}/page", page, args.repeat, calls)
    print(f"ratio = ocrmend time / re.sub time on the same input (lower is better); /page: {PAGE_MB * 1e3:.0f} KB pages, a call each")
    pages = args.pages if args.pages is not None else max(1, round(750 * args.mb))
    if pages and measure_folder(pages, max(1, args.jobs), args.repeat) is None:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
