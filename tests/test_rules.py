"""The rule registry (ocrmend/rules.py), `ocrmend rules` and every block's
``why`` under ``--explain``: codes named once, used where the registry says,
and every block explained."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ocrmend
from ocrmend.cli import app
from ocrmend.model import BlockType
from ocrmend.rules import RULES

REPO = Path(__file__).resolve().parents[1]
SEED = (REPO / "samples" / "seed-page.txt").read_text(encoding="utf-8")
CODE_RE = re.compile(r"""["'(]([BRFTSPHCD]\d{3})["',]""")
START_PREFIXES = ("B", "R", "F")  # why a block starts where it starts
TYPE_PREFIXES = ("T", "F")  # why it has its type (furniture is placed and typed by an F rule)


def codes_in_source() -> dict[str, set[str]]:
    """Every rule code written in the package's modules, by module."""
    found: dict[str, set[str]] = {}
    package = REPO / "ocrmend"
    for path in package.rglob("*.py"):
        if path.name == "rules.py":
            continue
        module = path.relative_to(package).with_suffix("").as_posix()  # "classify", "readers/geometry"
        for code in CODE_RE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, set()).add(module)
    return found


def test_every_code_in_the_source_is_registered() -> None:
    unknown = sorted(set(codes_in_source()) - set(RULES))
    assert not unknown, f"codes used but not in rules.py: {unknown}"


def test_every_registered_rule_is_implemented_where_the_registry_says() -> None:
    used = codes_in_source()
    for code, rule in RULES.items():
        assert (REPO / "ocrmend" / f"{rule.module}.py").exists(), code
        assert rule.module in used.get(code, set()), f"{code} is not written in ocrmend/{rule.module}.py"


def test_rules_command_lists_every_code_and_refuses_an_unknown_one() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == list(RULES)
    one = runner.invoke(app, ["rules", "b010"])
    assert one.exit_code == 0 and one.stdout.startswith("B010 ")
    bad = runner.invoke(app, ["rules", "Z999"])
    assert bad.exit_code == 2 and "no rule Z999" in bad.output


def assert_explained(doc: ocrmend.Document) -> None:
    for block in doc.blocks:
        codes = [rule for rule, _ in block.why]
        assert codes, f"no why for {block.type} {block.text[:30]!r}"
        assert all(code in RULES for code in codes), codes
        assert codes[0].startswith(START_PREFIXES), (block.text[:30], codes)
        assert any(c.startswith(TYPE_PREFIXES) for c in codes), (block.text[:30], codes)
        if block.type is BlockType.FURNITURE:
            assert any(c.startswith(("F", "T001")) for c in codes), codes


def test_every_seed_block_says_why_it_starts_and_has_its_type() -> None:
    result = CliRunner().invoke(app, ["clean", "--explain", "-f", "json", str(REPO / "samples" / "seed-page.txt")])
    assert result.exit_code == 0
    blocks = json.loads(result.stdout)["blocks"]
    assert blocks and all(b["why"] and all(w["rule"] in RULES and w["evidence"] for w in b["why"]) for b in blocks)
    assert_explained(ocrmend.clean(SEED, explain=True))


def test_headline_deck_and_byline_of_the_seed_are_explained_by_their_rules() -> None:
    doc = ocrmend.clean(SEED, explain=True)
    by_text = {b.text: [rule for rule, _ in b.why] for b in doc.blocks}
    assert by_text["国际社会对健康丝绸之路充满期待"][-1] == "T011"  # the head above a byline
    assert by_text["□ 赵磊"][-1] == "T003"  # a byline by its form


def test_furniture_is_explained_by_an_f_rule() -> None:
    page = "党支部提出花小钱、办大事，因地制宜改造\n\n责任编辑：苏伟\n\n\f2021年6月25日　星期五    文化    14版\n\n农民新村。\n"
    doc = ocrmend.clean(page, explain=True)
    furniture = [b for b in doc.blocks if b.type is BlockType.FURNITURE]
    assert len(furniture) >= 3 and all(b.why[0][0].startswith("F") for b in furniture), [b.why for b in furniture]
    assert any(rule == "R004" for b in furniture for rule, _ in b.why)  # placed after the paragraph it interrupted


@pytest.mark.parametrize(
    "text",
    [
        "加 强 卫 生\n\n□ 赵 磊\n\n新冠肺炎疫情在非洲暴发后，中国迅速向非洲伸出援手。\n",
        "N A T I O N\n\nREPORT COULD BE FINAL BLOW\n\nBy MICHAEL BROWN\n\n    WASHINGTON, Feb 26 - The Tower\nCommission's scathing comments.\n",
        "2021年6月25日　星期五    文化    14版\n\n党支部提出花小钱、办大事，因地制宜改造\n农民新村。\n",
    ],
)
def test_explaining_changes_no_output_and_explains_every_block(text: str) -> None:
    plain = ocrmend.clean(text)
    explained = ocrmend.clean(text, explain=True)
    assert plain.to_text() == explained.to_text()
    assert "why" not in plain.to_dict()["blocks"][0]
    assert_explained(explained)


def test_every_rule_has_a_section_in_the_docs() -> None:
    doc = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^### ([A-Z]\d{3})$", doc, re.M))
    assert sections == set(RULES), f"missing: {sorted(set(RULES) - sections)}, unknown: {sorted(sections - set(RULES))}"
