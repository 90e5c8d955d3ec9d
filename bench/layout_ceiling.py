"""How far can structure go on an OCR engine's own reading of a page?

For each case of ``../shared/eval/ocr/cases`` (rendered pages whose every
printed line has its gold block and box, ``layout.json``), every word of
Tesseract's hOCR (``psm3.hocr``) goes to the gold block of the printed line
its box overlaps most; the blocks are put in gold order, the words in each
in reading order, and the result is scored as ``score.py`` scores
ocrmend's output. The boundary F1 this gives is a ceiling: a perfect
reading order and perfect paragraphs, with the engine's misread and lost
characters left as they are (a boundary at a misread first character can
never be placed right).

Not a test: the cases live outside the repository.

    python bench/layout_ceiling.py ../shared/eval/ocr/cases
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ocrmend.readers.geometry import is_wide
from ocrmend.readers.xmlsafe import parser

BBOX_RE = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")


def load_score(cases: Path):
    """``score.py`` beside the cases' eval folder."""
    path = cases.resolve().parent.parent / "score.py"
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["score"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def ceiling_blocks(case: Path, gold: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The engine's words in their gold blocks, as a perfect structure would give them."""
    printed = json.loads((case / "layout.json").read_text(encoding="utf-8"))
    root = etree.fromstring((case / "psm3.hocr").read_bytes(), parser())
    blocks: dict[int, list[tuple[int, int, str]]] = {}
    for el in root.iter():
        if "ocrx_word" not in (el.get("class") or ""):
            continue
        m = BBOX_RE.search(el.get("title") or "")
        text = "".join(el.itertext()).strip()
        if not m or not text:
            continue
        x0, y0, x1, y1 = map(int, m.groups())
        best, line = 0, -1
        for k, ln in enumerate(printed):
            a0, b0, a1, b1 = ln["bbox"]
            overlap = max(0, min(x1, a1) - max(x0, a0)) * max(
                0, min(y1, b1) - max(y0, b0)
            )
            if overlap > best:
                best, line = overlap, k
        if line >= 0:
            blocks.setdefault(printed[line]["block"], []).append((line, x0, text))
    out = []
    for b in sorted(blocks):
        joined = ""
        for _, _, t in sorted(blocks[b]):
            if joined and not (is_wide(joined[-1]) or is_wide(t[0])):
                joined += " "
            joined += t
        out.append((gold[b][0] if b < len(gold) else "body", joined))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", type=Path)
    args = ap.parse_args()
    score = load_score(args.cases)
    tp = gold_n = pred_n = 0
    for case in sorted(
        p
        for p in args.cases.iterdir()
        if (p / "layout.json").exists() and (p / "psm3.hocr").exists()
    ):
        gold, _ = score.load_blocks(case / "gold.json")
        r = score.score(
            score.tokenize(gold), score.tokenize(ceiling_blocks(case, gold)), True
        )
        tp, gold_n, pred_n = (
            tp + r["boundary_tp"],
            gold_n + r["boundary_gold"],
            pred_n + r["boundary_pred"],
        )
        print(f"{case.name}: boundary F1 {r['boundary_f1']:.3f}, lost {r['lost']}")
    p, r = tp / pred_n, tp / gold_n
    print(
        f"ceiling: boundary F1 {2 * p * r / (p + r):.4f} ({tp} of {gold_n} boundaries, {pred_n} given)"
    )


if __name__ == "__main__":
    main()
