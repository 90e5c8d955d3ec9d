"""Before/after tables for the pure string helpers, read from tests/cases/*.toml.

Covers ocrmend/spacing.py (the in-block repairs), ocrmend/join.py (joining a
block's lines, squeezing whitespace), ocrmend/chars.py (widths, hanging marks,
sentence ends) and ocrmend/lines.py (is_letter_spaced); at the end, every
module's doctests.  The tables hold the
must-NOT-change cases (``keep``) and the traps next to the ordinary repairs; a
known gap is a case with an ``xfail`` reason, run as ``xfail(strict=True)``.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import ocrmend
from ocrmend import chars, join, lines, spacing
from ocrmend.model import Line

CASES = Path(__file__).parent / "cases"

STRING_REPAIRS: dict[str, Callable[[str], str]] = {
    "collapse_letter_spacing": spacing.collapse_letter_spacing,
    "remove_ocr_spaces": spacing.remove_ocr_spaces,
    "tighten_punctuation_spaces": spacing.tighten_punctuation_spaces,
    "remove_digit_cjk_spaces": spacing.remove_digit_cjk_spaces,
    "widen_punctuation": spacing.widen_punctuation,
    "squeeze_whitespace": join.squeeze_whitespace,
}
MEASURES: dict[str, Callable[..., Any]] = {
    "display_width": chars.display_width,
    "first_unit_width": lines.first_unit_width,
    "hanging_width": lines.hanging_width,
}


def load_tables() -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {}
    for path in sorted(CASES.glob("*.toml")):
        with path.open("rb") as f:
            for name, cases in tomllib.load(f).items():
                tables.setdefault(name, []).extend(cases)
    return tables


TABLES = load_tables()


def params(*names: str, with_xfail: bool = True) -> list:
    """One pytest param per case; the id says function, index and kind (ASCII only)."""
    out = []
    for name in names:
        for k, case in enumerate(TABLES.get(name, [])):
            kind = "keep" if "keep" in case else "fix"
            marks = []
            if "xfail" in case:
                if not with_xfail:
                    continue
                marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
            out.append(pytest.param(name, case, id=f"{name}-{k}-{kind}", marks=marks))
    return out


def before_after(case: dict) -> tuple[str, str]:
    if "keep" in case:
        return case["keep"], case["keep"]
    return case["before"], case["after"]


def test_every_helper_has_a_table() -> None:
    expected = set(STRING_REPAIRS) | set(MEASURES) | {"ends_sentence", "is_letter_spaced", "join_lines"}
    assert expected <= set(TABLES), f"no cases for {sorted(expected - set(TABLES))}"
    unknown = set(TABLES) - expected
    assert not unknown, f"tables for unknown helpers {sorted(unknown)}"


def test_string_repairs_have_must_not_change_cases() -> None:
    for name in STRING_REPAIRS:
        assert any("keep" in case for case in TABLES[name]), f"{name} has no must-not-change case"


@pytest.mark.parametrize(("name", "case"), params(*STRING_REPAIRS))
def test_string_repair(name: str, case: dict) -> None:
    before, after = before_after(case)
    assert STRING_REPAIRS[name](before) == after, case.get("why", "")


@pytest.mark.parametrize(("name", "case"), params(*STRING_REPAIRS, with_xfail=False))
def test_string_repair_is_idempotent(name: str, case: dict) -> None:
    """Repairing repaired text changes nothing (ruff re-checks every fix the same way)."""
    _, after = before_after(case)
    assert STRING_REPAIRS[name](after) == after


@pytest.mark.parametrize(("name", "case"), params(*MEASURES))
def test_measure(name: str, case: dict) -> None:
    got = MEASURES[name](case["text"], case.get("cjk_page", True))
    assert got == case["expected"], case.get("why", "")


@pytest.mark.parametrize(("name", "case"), params("ends_sentence"))
def test_ends_sentence(name: str, case: dict) -> None:
    assert chars.ends_sentence(case["text"]) is case["expected"], case.get("why", "")


@pytest.mark.parametrize(("name", "case"), params("is_letter_spaced"))
def test_is_letter_spaced(name: str, case: dict) -> None:
    assert lines.is_letter_spaced(case["text"]) is case["expected"], case.get("why", "")


@pytest.mark.parametrize(("name", "case"), params("join_lines"))
def test_join_lines(name: str, case: dict) -> None:
    source = [Line(text, number) for number, text in enumerate(case["lines"], 1)]
    assert join.join_lines(source) == case["expected"], case.get("why", "")


# ------------------------------------------------------------ doctests
# Every docstring example in the package runs, so none drifts from the code
# (STYLE.md).  pyproject.toml configures no --doctest-modules; one test per module.
# (the subpackages too: readers and writers hold examples of their own)
DOCTEST_MODULES = ["ocrmend"] + [
    m.name for m in pkgutil.walk_packages(ocrmend.__path__, "ocrmend.") if not m.name.endswith("__main__")
]


@pytest.mark.parametrize("module_name", DOCTEST_MODULES)
def test_doctests(module_name: str) -> None:
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} doctest examples failed in {module_name}"
