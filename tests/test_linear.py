"""Nothing hangs it: every stage is linear (or n log n) in the page.

Doubling an adversarial page (runs of bylines, headlines, furniture,
one-character lines, letter-spaced lines, ...) must about double the time;
a stage that walks back over everything before it (as the byline rule once
did: 24 s on 384 KB of bylines) shows as 4x.  Each size is timed best of
five, so a busy machine's spell does not count.
"""

from __future__ import annotations

import time

import pytest

import ocrmend

UNITS = {
    "bylines": "□ 赵 磊\n",
    "latin bylines": "By JOHN SMITH\n",
    "headlines": "加强卫生健康领域区域合作\n\n",
    "furniture": "2020年10月12日 星期一\n第5版\n",
    "one-character lines": "字\n",
    "letter-spaced lines": "加 强 卫 生 健 康\n",
    "all-caps lines": "REPORT COULD BE FINAL BLOW\n",
    "credits": "王 琪 摄\n",
    "padded rows": "甲甲甲甲甲甲甲甲      乙乙乙乙乙乙乙乙      丙丙丙\n",
    "mixed": "□ 赵 磊\n加强卫生健康领域区域合作\n2020年10月12日 星期一\n字\n加 强 卫 生\n\n",
}
KB = 24  # the smaller page; the larger is twice as long
MAX_GROWTH = 2.5


def best_time(text: str) -> float:
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        ocrmend.clean(text)
        best = min(best, time.perf_counter() - t)
    return best


@pytest.mark.parametrize("name", list(UNITS))
def test_doubling_an_adversarial_page_about_doubles_the_time(name: str) -> None:
    unit = UNITS[name]
    small = unit * (KB * 1000 // len(unit.encode()))
    ocrmend.clean(small)  # (warm: patterns compiled, word lists loaded)
    for _attempt in range(2):  # (a second chance for a machine that was busy)
        growth = best_time(small * 2) / best_time(small)
        if growth <= MAX_GROWTH:
            break
    assert growth <= MAX_GROWTH, f"{name}: doubling the page took {growth:.1f}x the time"
