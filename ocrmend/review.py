"""The review report: what ocrmend did to each page, for a person to check in a browser.

Nobody runs an automatic cleaner over a million pages without checking a
sample, and ``--explain`` lines on stderr are no way to check one. The tools
people use for that (dinglehopper's two-column report, MinerU's page drawings
with reading-order numbers, hocr-proofreader's linked views) show the source
next to the result, the changes marked, and where to look first; so does this.

``ocrmend review INPUT... -o DIR`` writes one static HTML file per input
(``DIR/pages/<input>.html``) and ``DIR/index.html``. Each file holds its own
CSS and JavaScript (no CDN, no server): it reads offline from ``file://``.

- **A page**: a row per block, in source order: the source lines on the
  left, the cleaned block on the right with its reading-order number, its
  type (coloured; a legend names the colours), the codes of the decisions
  that placed and typed it (B, R, F, T; the evidence in a tooltip) and every
  character change marked in its text (S, P, H, C; rule and evidence in a
  tooltip). For a layout input (ALTO, PAGE, hOCR, PDF) an SVG sketch of each
  page draws every block's box with its number, over the page image when
  the file names one that exists beside it (linked by a relative path, not
  copied: a scan is megabytes).
- **The index**: a row per input, ordered by ``attention`` (see
  ``attention``), with counts per type; the table sorts by any column.

Everything an input brings -- text, file names, ids, image names -- is
escaped; and a Content-Security-Policy lets the browser run only the one
script each file carries (by its hash), so markup that slipped through
would still run nothing.
"""

from __future__ import annotations

import base64
import collections
import difflib
import hashlib
import html
import os
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Final
from urllib.parse import quote

import ocrmend

from .batch import (
    InputProblem,
    Job,
    UsageProblem,
    _atomic_output,
    plan_inputs,
    shown,
    sweep_stale_temporaries,
)
from .chars import is_cjk_text
from .decode import DecodeError
from .model import Block, BlockType, Box, Document, Edit, Line, Page, union
from .options import Options
from .readers import ReaderError
from .readers.sniff import sniff
from .rules import RULES

__all__ = ["TYPE_COLOURS", "PageSummary", "attention", "locate_edits", "plan_review", "render_index", "review_inputs", "review_page"]

# One colour per block type, for the page rows, the legend, the sketch's
# boxes and the index's column heads: the ten-colour palette of Tableau and
# matplotlib (told apart by most colour-blind readers too), cyan and olive
# darkened to read as text on white; furniture grey, looked at least.
TYPE_COLOURS: Final = {
    BlockType.HEADLINE: "#d62728",
    BlockType.DECK: "#ff7f0e",
    BlockType.BYLINE: "#9467bd",
    BlockType.SUBHEAD: "#8c564b",
    BlockType.BODY: "#1f77b4",
    BlockType.NOTE: "#0e8a96",
    BlockType.CAPTION: "#2ca02c",
    BlockType.CREDIT: "#8a8b10",
    BlockType.FURNITURE: "#7f7f7f",
}

# What the first letter of a rule code says (rules.py's families), for the legend.
RULE_FAMILIES: Final = {
    "B": "break: why a block starts here",
    "R": "reading order: read otherwise than the source's order",
    "F": "furniture: a running head, folio, date line",
    "T": "type: why the block has its type",
    "S": "spacing changed",
    "P": "punctuation changed",
    "H": "line-end hyphen removed",
    "C": "Traditional/Simplified conversion",
    "D": "damaged bytes shown as U+FFFD",
}

# Decisions taken on a shape or a guess rather than on a mark the source
# states (a blank line, an indent, a font size, a form such as 王琪 摄), and
# decisions that move text out of the order it was read in: where cleaning
# goes wrong when it does, so where a reviewer looks first.
WEAK_EVIDENCE: Final = frozenset(
    {"B007", "B011", "B012", "R002", "R003", "R005", "R006", "R007", "F003", "F004", "F007", "T005", "T008", "T009", "T012", "T013"}
)

# An OCR engine's confidence below this (0..1) marks a word or line as
# doubtful. Chosen, not measured: the usual cut-off of proofreading views
# (engines' confidences are not calibrated alike); one name to move it by.
LOW_CONFIDENCE: Final = 0.80

# How much each measure (each 0..1) weighs in a page's attention score: a
# misread line is a wrong word whatever the cleaner does, so it weighs most;
# weak decisions and an odd mix of types are where the cleaner may be wrong;
# many changes are mostly right (they are the cleaner's job), so weigh least.
ATTENTION_WEIGHTS: Final = {"confidence": 3.0, "weak": 2.0, "mix": 2.0, "changes": 1.0}

# Characters of unchanged text on each side of a change, to find the change
# again in the block's final text (later rules may have changed its
# surroundings: then less context is tried) and to show it in a tooltip.
CONTEXT_CHARS: Final = 8
TOOLTIP_CONTEXT_CHARS: Final = 6

# Page images a browser shows (TIFF and JPEG 2000, common in archives, it does not).
WEB_IMAGE_SUFFIXES: Final = (".png", ".jpg", ".jpeg", ".gif", ".webp")

# What a removed space looks like where it was: an open box, as in proofreading.
SHOWN_SPACE: Final = "\u2423"


# ------------------------------------------------------------------ one page
@dataclass
class PageSummary:
    """What the index says of one page: counts, and the facts its attention score weighs."""

    name: str  # the input, as given
    href: str = ""  # its review page, relative to the index ("" for a failed input)
    types: dict[str, int] = field(default_factory=dict)  # blocks per type
    blocks: int = 0
    lines: int = 0  # non-blank source lines
    edits: int = 0
    weak: int = 0  # blocks placed or typed on weak evidence
    confident: int = 0  # lines whose OCR confidence the source states
    doubtful: int = 0  # of those, lines under LOW_CONFIDENCE
    confidence_sum: float = 0.0
    kind: str = "text"
    error: str = ""

    @property
    def mean_confidence(self) -> float | None:
        return self.confidence_sum / self.confident if self.confident else None


@dataclass
class _SourceLine:
    number: int
    text: str
    confidence: float = -1.0
    doubtful: list[tuple[int, int, float]] = field(default_factory=list)  # words under LOW_CONFIDENCE: (start, end, confidence) in text


def _layout_line(ln: Line) -> _SourceLine:
    """A layout source's line, with the span of each word the engine read with low confidence."""
    doubtful = []
    at = 0
    for word in ln.words or ():
        text = word.text.strip()
        start = ln.text.find(text, at) if text else -1
        if start < 0:
            continue
        at = start + len(text)
        if 0 <= word.confidence < LOW_CONFIDENCE:
            doubtful.append((start, at, word.confidence))
    return _SourceLine(ln.number, ln.text, ln.confidence, doubtful)


def review_page(
    data: bytes, name: str, options: Options, target: str, index_href: str, source_path: str | None = None
) -> tuple[str, PageSummary]:
    """Clean one input and return its review page (HTML) and its summary.

    ``target`` is where the page will be written (links to the index and to
    the page image are made relative to it); ``source_path`` is the input's
    file, beside which a page image is looked for. Raises what
    ``ocrmend.clean`` raises for a bad input (DecodeError, ReaderError).
    """
    options = replace(options, explain=True)
    kind = options.input_format or sniff(data) or "text"
    pages: list[Page] = []
    if kind != "text":
        from .readers import read_layout

        pages = read_layout(data, kind)
        doc = ocrmend.clean_pages(pages, source=name, options=options)  # (lines keep their text: the source)
        doc.encoding = kind
        source = [_layout_line(ln) for page in pages for ln in page.lines]
    else:
        doc = ocrmend.clean(data, source=name, options=options)
        source = _text_lines(data, doc.encoding)
    summary = _summarise(doc, source, name, kind)
    sketch = _sketches(doc, pages, source_path, os.path.dirname(target)) if pages else ""
    return _page_html(doc, source, summary, sketch, index_href), summary


def _text_lines(data: bytes, encoding: str) -> list[_SourceLine]:
    """The decoded source's lines, numbered as the text reader numbers them."""
    try:
        text = data.decode(encoding, "replace")
    except LookupError:
        text = data.decode("utf-8", "replace")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "")
    return [_SourceLine(k, line.rstrip()) for k, line in enumerate(text.split("\n"), 1)]


def _summarise(doc: Document, source: list[_SourceLine], name: str, kind: str) -> PageSummary:
    types = collections.Counter(str(b.type) for b in doc.blocks)
    known = [ln.confidence for ln in source if ln.confidence >= 0]
    return PageSummary(
        name=name,
        types=dict(types),
        blocks=len(doc.blocks),
        lines=sum(1 for ln in source if ln.text.strip()),
        edits=len(doc.edits),
        weak=sum(1 for b in doc.blocks if _is_weak(b)),
        confident=len(known),
        doubtful=sum(1 for c in known if c < LOW_CONFIDENCE),
        confidence_sum=sum(known),
        kind=kind,
    )


def _is_weak(block: Block) -> bool:
    return any(code in WEAK_EVIDENCE for code, _ in block.why)


# ------------------------------------------------------------------ attention
def attention(page: PageSummary, batch_types: dict[str, int]) -> tuple[float, dict[str, float]]:
    """How much a reviewer should look at a page: a weighted sum of four
    measures, each 0..1 (weights: ``ATTENTION_WEIGHTS``), and the measures.

    - ``confidence``: the share of lines whose OCR confidence is under
      ``LOW_CONFIDENCE`` (0 where the source states none, as plain text);
    - ``weak``: the share of blocks placed or typed on weak evidence
      (``WEAK_EVIDENCE``);
    - ``mix``: how far the page's mix of block types is from the batch's:
      half the L1 distance between the two sets of shares (0 the same mix,
      1 nothing in common; a page without blocks counts 1);
    - ``changes``: character changes per source line, at most 1.

    >>> page = PageSummary("p", types={"body": 3, "headline": 1}, blocks=4, lines=10, edits=2, weak=1)
    >>> attention(page, {"body": 6, "headline": 2})
    (0.7, {'confidence': 0.0, 'weak': 0.25, 'mix': 0.0, 'changes': 0.2})
    """
    parts = {
        "confidence": page.doubtful / page.confident if page.confident else 0.0,
        "weak": page.weak / page.blocks if page.blocks else 0.0,
        "mix": _mix_distance(page.types, batch_types) if page.blocks else 1.0,
        "changes": min(1.0, page.edits / page.lines) if page.lines else 0.0,
    }
    parts = {k: round(v, 3) for k, v in parts.items()}
    return round(sum(ATTENTION_WEIGHTS[k] * v for k, v in parts.items()), 2), parts


def _mix_distance(types: dict[str, int], batch: dict[str, int]) -> float:
    total, batch_total = sum(types.values()), sum(batch.values())
    if not total or not batch_total:
        return 0.0
    kinds = set(types) | set(batch)
    return sum(abs(types.get(k, 0) / total - batch.get(k, 0) / batch_total) for k in kinds) / 2


# ------------------------------------------------------------------ where the edits are
@dataclass
class _Mark:
    start: int
    end: int  # == start: text removed there
    edits: list[int]
    gone: str = ""  # what was removed (shown, not part of the text)


def locate_edits(text: str, edits: Sequence[tuple[int, Edit]]) -> tuple[list[_Mark], list[int]]:
    """Where in a block's final ``text`` each edit changed something:
    marks (spans of new text, or points where text went) and the edits
    that could not be found again (a later rule rewrote their surroundings).

    Each edit's ``before`` -> ``after`` is diffed into its changes; each
    change is searched in ``text`` with ``CONTEXT_CHARS`` of its ``after``
    on each side, then less.

    >>> marks, lost = locate_edits("□ 赵磊", [(0, Edit("S001", 1, "□ 赵 磊", "□ 赵磊"))])
    >>> [(m.start, m.end, m.gone) for m in marks], lost
    ([(3, 3, ' ')], [])
    """
    marks: list[_Mark] = []
    lost: list[int] = []
    taken: set[tuple[int, int]] = set()
    for index, edit in edits:
        found = False
        after = edit.after
        at = 0  # (an edit's changes come left to right)
        matcher = difflib.SequenceMatcher(None, edit.before, after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            inserted = after[j1:j2]
            for k in (CONTEXT_CHARS, 4, 2, 1, 0):
                left, right = after[max(0, j1 - k) : j1], after[j2 : j2 + k]
                needle = left + inserted + right
                if not needle or (not inserted and not (left and right)):
                    continue  # (a removal is placed only between its two neighbours)
                places = [pos + len(left) for pos in _occurrences(text, needle)]
                if places:
                    # the first free place at or after the last change, else any free one, else one taken
                    # (two rules that changed the same characters share a mark)
                    free = [p for p in places if (p, p + len(inserted)) not in taken]
                    start = next((p for p in free if p >= at), free[0] if free else places[0])
                    marks.append(_Mark(start, start + len(inserted), [index], edit.before[i1:i2] if not inserted else ""))
                    taken.add((start, start + len(inserted)))
                    at = start + len(inserted)
                    found = True
                    break
        if not found:
            lost.append(index)
    return _merged(marks), lost


def _occurrences(text: str, needle: str) -> list[int]:
    """Where ``needle`` starts in ``text``, every time (overlaps included)."""
    out, pos = [], text.find(needle)
    while pos >= 0:
        out.append(pos)
        pos = text.find(needle, pos + 1)
    return out


def _merged(marks: list[_Mark]) -> list[_Mark]:
    """Overlapping marks (two rules changed the same characters) as one."""
    out: list[_Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        last = out[-1] if out else None
        if last is not None and (mark.start < last.end or (mark.start == last.start and mark.end == last.end)):
            last.end = max(last.end, mark.end)
            last.edits += [e for e in mark.edits if e not in last.edits]
            last.gone += mark.gone
        else:
            out.append(mark)
    return out


# ------------------------------------------------------------------ HTML pieces
def _e(text: object) -> str:
    """Text for HTML, in content and in quoted attributes alike."""
    return html.escape(str(text), quote=True)


def _rule_title(code: str, evidence: str = "") -> str:
    rule = RULES.get(code)
    title = f"{code}: {rule.summary}" if rule else code
    return f"{title}\nevidence: {evidence}" if evidence else title


def _edit_title(edit: Edit) -> str:
    """A tooltip: the rule, the change in its surroundings, the evidence."""
    matcher = difflib.SequenceMatcher(None, edit.before, edit.after, autojunk=False)
    changed = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    before, after = edit.before, edit.after
    if changed:
        k = TOOLTIP_CONTEXT_CHARS
        i1, j1 = max(0, changed[0][1] - k), max(0, changed[0][3] - k)
        i2, j2 = changed[-1][2] + k, changed[-1][4] + k
        before = ("…" if i1 else "") + edit.before[i1:i2] + ("…" if i2 < len(edit.before) else "")
        after = ("…" if j1 else "") + edit.after[j1:j2] + ("…" if j2 < len(edit.after) else "")
    title = f"{_rule_title(edit.rule)}\n“{before}” → “{after}” (line {edit.line})"
    return f"{title}\nevidence: {edit.note}" if edit.note else title


def _marked_text(text: str, marks: list[_Mark], edits: list[Edit]) -> str:
    out: list[str] = []
    at = 0
    for mark in marks:
        out.append(_e(text[at : mark.start]))
        rules = " ".join(dict.fromkeys(edits[i].rule for i in mark.edits))
        title = "\n\n".join(_edit_title(edits[i]) for i in mark.edits)
        ids = " ".join(str(i) for i in mark.edits)
        attrs = f'class="ed" data-edit="{ids}" data-rule="{_e(rules)}" title="{_e(title)}"'
        if mark.end == mark.start:
            gone = mark.gone.replace(" ", SHOWN_SPACE).replace("\n", SHOWN_SPACE) or SHOWN_SPACE
            out.append(f'<mark {attrs} data-gone="{_e(gone)}"></mark>')
        else:
            out.append(f"<mark {attrs}>{_e(text[mark.start : mark.end])}</mark>")
        at = mark.end
    out.append(_e(text[at:]))
    return "".join(out)


def _badges(why: Iterable[tuple[str, str]]) -> str:
    return "".join(
        f'<span class="why f-{_e(code[:1])}{" weak" if code in WEAK_EVIDENCE else ""}" data-rule="{_e(code)}" '
        f'title="{_e(_rule_title(code, evidence))}">{_e(code)}</span>'
        for code, evidence in why
    )


def _type_class(kind: BlockType | str) -> str:
    return f"t-{kind}"


def _stylesheet() -> str:
    """The CSS of every page; the type colours come from TYPE_COLOURS, once."""
    types = "\n".join(
        f".t-{kind} {{ --c: {colour}; }}" for kind, colour in TYPE_COLOURS.items()
    )
    return CSS + types + "\n"


CSS: Final = """
:root { font-family: system-ui, sans-serif; font-size: 15px; color: #222; background: #fff; }
body { margin: 0 1.5rem 2rem; }
header { padding: .6rem 0; border-bottom: 1px solid #ddd; }
h1 { font-size: 1.25rem; margin: .2rem 0; word-break: break-all; }
h2 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
a { color: #0b57d0; }
.meta { color: #555; margin: .2rem 0; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem .9rem; margin: .3rem 0 0; padding: 0; list-style: none; font-size: .85rem; }
.legend li { display: flex; align-items: center; gap: .3rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; background: var(--c); border-radius: 2px; }
table { border-collapse: collapse; }
table.review { width: 100%; table-layout: fixed; }
.review th { text-align: left; font-weight: 600; padding: .3rem .5rem; border-bottom: 2px solid #ccc; }
.review td { vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #e4e4e4; }
.review col.src { width: 45%; }
.review col.num { width: 3.2rem; }
tr.blk td.out { border-left: 6px solid var(--c); background: color-mix(in srgb, var(--c) 7%, #fff); }
tr.blk.hot td { outline: 2px solid var(--c); outline-offset: -2px; }
td.num { font-weight: 700; font-size: 1.1rem; color: var(--c); text-align: right; }
ol.lines { list-style: none; margin: 0; padding: 0; font-size: .9rem; }
ol.lines li { display: flex; gap: .6rem; }
.ln { color: #999; min-width: 3rem; text-align: right; font-variant-numeric: tabular-nums; flex: none; user-select: none; }
.tx { white-space: pre-wrap; word-break: break-all; }
li.low .tx { text-decoration: underline wavy #d4a000; }
.lw { background: #ffe0b2; color: #bf360c; }
li.gap { color: #999; font-style: italic; }
.kind { font-weight: 600; color: var(--c); margin-right: .4rem; }
.range { color: #777; font-size: .85rem; margin-right: .4rem; }
.why { display: inline-block; font: .75rem ui-monospace, monospace; padding: 0 .25rem; margin: 0 .15rem .15rem 0;
  border-radius: 3px; background: #eceff1; color: #37474f; cursor: help; }
.why.f-R { background: #ffe0b2; } .why.f-F { background: #e0e0e0; } .why.f-T { background: #e1f5fe; }
.why.weak { outline: 1px dashed #c62828; }
.text { margin: .25rem 0 0; white-space: pre-wrap; word-break: break-all; }
mark.ed { background: #ffd54f; border-bottom: 2px solid #e65100; cursor: help; }
mark.ed[data-gone]::before { content: attr(data-gone); color: #c62828; text-decoration: line-through; font-size: .8em; }
.lost { font-size: .85rem; margin: .3rem 0 0; padding-left: 1.2rem; }
.sketches { display: flex; flex-wrap: wrap; gap: 1rem; margin: .8rem 0; }
figure { margin: 0; flex: 0 1 640px; } figcaption { font-size: .85rem; color: #555; }
svg.sketch { width: 100%; height: auto; border: 1px solid #bbb; background: #fafafa; }
svg.sketch rect.page { fill: #fff; stroke: #bbb; }
svg.sketch g rect { fill: var(--c); fill-opacity: .18; stroke: var(--c); stroke-width: .25%; }
svg.sketch g.hot rect { fill-opacity: .45; }
svg.sketch text { fill: var(--c); font-weight: 700; paint-order: stroke; stroke: #fff; stroke-width: .12em; }
table.pages { font-size: .9rem; }
table.pages th, table.pages td { padding: .3rem .45rem; border-bottom: 1px solid #e4e4e4; text-align: right; }
table.pages th { border-bottom: 2px solid #ccc; vertical-align: bottom; white-space: nowrap; }
table.pages th.name, table.pages td.name { text-align: left; white-space: nowrap; }
table.pages td.zero { color: #bbb; }
table.pages th button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0; color: inherit; }
table.pages.sortable th button { cursor: pointer; text-decoration: underline dotted #999; }
table.pages th[aria-sort=descending] button::after { content: " ▼"; }
table.pages th[aria-sort=ascending] button::after { content: " ▲"; }
table.pages th.type { color: var(--c); }
td.score { font-weight: 700; }
.failed td { color: #b71c1c; text-align: left; }
code { font-size: .9em; }
"""

# The page's one script: hovering a block lights its box in the sketch, and
# the other way round.
PAGE_SCRIPT: Final = """
document.addEventListener("mouseover", function (event) {
  var el = event.target.closest ? event.target.closest("[data-block],[data-box]") : null;
  document.querySelectorAll(".hot").forEach(function (x) { x.classList.remove("hot"); });
  if (!el) return;
  var n = el.getAttribute("data-block") || el.getAttribute("data-box");
  document.querySelectorAll('[data-block="' + n + '"],[data-box="' + n + '"]').forEach(function (x) { x.classList.add("hot"); });
});
"""

# The index's one script: a click on a column head sorts the rows by it
# (numbers high to low first, names A to Z). Without it (or where a policy
# stops it) the rows keep the order they were written in, most attention
# first, and the heads do not look clickable: "sortable" is set by the script.
# ``index.html#sort=KEY`` opens the index sorted by a column (its data-key).
INDEX_SCRIPT: Final = """
document.querySelectorAll("table.pages").forEach(function (table) { table.classList.add("sortable"); });
window.addEventListener("DOMContentLoaded", function () {
  var wanted = /^#sort=([a-z-]+)$/.exec(location.hash);
  var button = wanted && document.querySelector('th[data-key="' + wanted[1] + '"] button');
  if (button) button.click();
});
document.querySelectorAll("table.pages th button").forEach(function (button) {
  button.addEventListener("click", function () {
    var th = button.parentNode, table = th.closest("table"), body = table.tBodies[0];
    var column = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-kind") === "number";
    var down = th.getAttribute("aria-sort") ? th.getAttribute("aria-sort") === "ascending" : numeric;
    var rows = Array.prototype.slice.call(body.rows);
    var key = function (row) { var cell = row.cells[column]; var v = cell.getAttribute("data-value") || cell.textContent;
      return numeric ? parseFloat(v) || 0 : v.toLowerCase(); };
    rows.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (down ? -1 : 1); });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", down ? "descending" : "ascending");
  });
});
"""


def _hash_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _document(title: str, body: str, script: str) -> str:
    """A whole HTML file: its CSS and script inline, and a policy that lets
    the browser run that script and no other, and load nothing but images
    beside it (the page scans)."""
    style = _stylesheet()
    policy = (
        f"default-src 'none'; style-src {_hash_source(style)}; script-src {_hash_source(script)}; "
        "img-src 'self' file: data:; base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_e(policy)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="ocrmend {_e(ocrmend.__version__)}">\n'
        f"<title>{_e(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n{body}\n"
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


def _legend(types: Iterable[BlockType | str], counts: dict[str, int] | None = None) -> str:
    items = []
    for kind in types:
        count = f" {counts.get(str(kind), 0)}" if counts is not None else ""
        items.append(f'<li class="{_type_class(kind)}"><span class="swatch"></span>{_e(kind)}{count}</li>')
    return '<ul class="legend" aria-label="block types">' + "".join(items) + "</ul>"


def _rule_legend() -> str:
    items = "".join(f'<li><span class="why f-{k}">{k}…</span>{_e(v)}</li>' for k, v in RULE_FAMILIES.items())
    items += '<li><span class="why weak">T009</span>dashed: weak evidence</li>'
    items += f'<li><mark class="ed">abc</mark> changed, <mark class="ed" data-gone="{SHOWN_SPACE}"></mark> removed</li>'
    return f'<ul class="legend" aria-label="codes">{items}</ul>'


# ------------------------------------------------------------------ the page
def _page_html(doc: Document, source: list[_SourceLine], summary: PageSummary, sketch: str, index_href: str) -> str:
    by_number = {ln.number: ln for ln in source}
    owners: dict[int, list[int]] = collections.defaultdict(list)  # source line -> blocks holding (part of) it
    pieces: collections.Counter[int] = collections.Counter()  # source line -> Line objects made of it
    for k, block in enumerate(doc.blocks):
        for ln in block.lines:
            pieces[ln.number] += 1
            if k not in owners[ln.number]:
                owners[ln.number].append(k)
    edits_of: dict[int, list[tuple[int, Edit]]] = collections.defaultdict(list)
    unplaced: list[int] = []
    for i, edit in enumerate(doc.edits):
        holders = owners.get(edit.line)
        if not holders:
            unplaced.append(i)
            continue
        home = holders[0]
        if len(holders) > 1:  # a line shared by two blocks: the edit goes to the one whose text shows it
            home = next((k for k in holders if not locate_edits(doc.blocks[k].text, [(i, edit)])[1]), home)
        edits_of[home].append((i, edit))
    html_rows = []
    for k, block in enumerate(doc.blocks):
        marks, lost = locate_edits(block.text, edits_of.get(k, []))
        first = min((ln.number for ln in block.lines), default=0)
        html_rows.append((first, _block_row(k, block, marks, lost, doc.edits, by_number, pieces, owners)))
    covered = set(owners)
    for stray in source:  # (a source line in no block: lost content, which must not happen; shown if it does)
        if stray.number not in covered and stray.text.strip():
            html_rows.append((stray.number, _stray_row(stray)))
    html_rows.sort(key=lambda r: r[0])

    counts = summary.types
    present = [t for t in BlockType if counts.get(str(t))]
    confidence = (
        f" · mean OCR confidence {summary.mean_confidence:.2f}, {summary.doubtful} of {summary.confident} lines under {LOW_CONFIDENCE:.2f}"
        if summary.mean_confidence is not None
        else ""
    )
    header = (
        f'<header>\n<a href="{_e(index_href)}">← all pages</a>\n<h1>{_e(doc.source)}</h1>\n'
        f'<p class="meta">{_e(summary.kind if summary.kind != "text" else f"text, {doc.encoding}")} · {summary.lines} source lines · '
        f"{summary.blocks} blocks · {summary.edits} character changes · {summary.weak} blocks on weak evidence{_e(confidence)}</p>\n"
        f"{_legend(present, counts)}\n{_rule_legend()}\n</header>"
    )
    lost_section = f"<h2>Changes outside any block</h2>\n{_edit_list(unplaced, doc.edits)}" if unplaced else ""
    # (the text's language picks the CJK glyph forms a browser draws; the report's own words stay English)
    lang = ' lang="zh"' if is_cjk_text("".join(b.text for b in doc.blocks[:50])) else ""
    used = collections.Counter(code for b in doc.blocks for code, _ in b.why)
    used.update(e.rule for e in doc.edits)
    rules_list = "".join(
        f"<li><code>{_e(code)}</code> ×{n}: {_e(RULES[code].summary if code in RULES else '')}</li>"
        for code, n in sorted(used.items())
    )
    body = (
        f"{header}\n{sketch}\n"
        f'<table class="review"{lang}>\n<colgroup><col class="src"><col class="num"><col class="out"></colgroup>\n'
        "<thead><tr><th>source lines</th><th>#</th><th>cleaned blocks (# = reading order)</th></tr></thead>\n<tbody>\n"
        + "\n".join(row for _, row in html_rows)
        + f"\n</tbody>\n</table>\n{lost_section}\n<h2>Rules on this page</h2>\n<ul>{rules_list}</ul>"
    )
    return _document(f"ocrmend review: {doc.source}", body, PAGE_SCRIPT)


def _block_row(
    k: int,
    block: Block,
    marks: list[_Mark],
    lost: list[int],
    edits: list[Edit],
    by_number: dict[int, _SourceLine],
    pieces: collections.Counter[int],
    owners: dict[int, list[int]],
) -> str:
    n = k + 1
    numbers = list(dict.fromkeys(ln.number for ln in block.lines))
    own = {ln.number: ln for ln in block.lines}
    items = []
    previous = None
    for number in numbers:
        if previous is not None and number != previous + 1:
            between = [m for m in range(min(previous, number) + 1, max(previous, number)) if m in owners]
            if between or number < previous:
                items.append('<li class="gap"><span class="ln">⋯</span><span class="tx">other blocks between</span></li>')
        previous = number
        src = by_number.get(number)
        shared = pieces[number] > 1 or len(owners.get(number, ())) > 1
        # a source line cut among blocks (columns side by side, a credit at a
        # caption's end) shows the part this block took
        text = own[number].indent + own[number].text if shared or src is None else src.text
        low = src is not None and 0 <= src.confidence < LOW_CONFIDENCE
        attrs = f' class="low" title="OCR confidence {src.confidence:.2f}"' if low and src is not None else ""
        shown_text = _doubtful_words(text, src.doubtful) if src is not None and text == src.text else _e(text)
        items.append(f'<li{attrs}><span class="ln">{number}</span><span class="tx">{shown_text}</span></li>')
    first, last = (numbers[0], numbers[-1]) if numbers else (0, 0)
    span = f"line {first}" if first == last else f"lines {first}–{last}"
    lost_items = _edit_list(lost, edits) if lost else ""
    return (
        f'<tr class="blk {_type_class(block.type)}" id="b{n}" data-block="{n}" data-type="{_e(block.type)}">'
        f'<td class="src"><ol class="lines">{"".join(items)}</ol></td>'
        f'<td class="num">{n}</td>'
        f'<td class="out"><span class="kind">{_e(block.type)}</span><span class="range">{span}</span>{_badges(block.why)}'
        f'<p class="text">{_marked_text(block.text, marks, edits)}</p>{lost_items}</td></tr>'
    )


def _doubtful_words(text: str, doubtful: list[tuple[int, int, float]]) -> str:
    """A source line with each word the engine doubted marked, its confidence in a tooltip."""
    out, at = [], 0
    for start, end, confidence in doubtful:
        out.append(_e(text[at:start]))
        out.append(f'<span class="lw" title="OCR confidence {confidence:.2f}">{_e(text[start:end])}</span>')
        at = end
    out.append(_e(text[at:]))
    return "".join(out)


def _edit_list(indices: list[int], edits: list[Edit]) -> str:
    """Changes that could not be marked in a block's text, listed whole."""
    return '<ul class="lost">' + "".join(
        f'<li data-edit="{i}" data-rule="{_e(edits[i].rule)}" title="{_e(_edit_title(edits[i]))}"><code>{_e(edits[i].rule)}</code> '
        f"line {edits[i].line}: “{_e(edits[i].before)}” → “{_e(edits[i].after)}”</li>"
        for i in indices
    ) + "</ul>"


def _stray_row(ln: _SourceLine) -> str:
    return (
        f'<tr class="stray"><td class="src"><ol class="lines"><li><span class="ln">{ln.number}</span>'
        f'<span class="tx">{_e(ln.text)}</span></li></ol></td><td class="num"></td>'
        '<td class="out"><strong>in no block</strong>: this line is missing from the output</td></tr>'
    )


# ------------------------------------------------------------------ the sketch
def _sketches(doc: Document, pages: list[Page], source_path: str | None, out_dir: str) -> str:
    """One SVG per page of a layout source: each block's box, numbered in reading order."""
    boxes: dict[int, list[tuple[int, BlockType, list[Box]]]] = collections.defaultdict(list)
    for k, block in enumerate(doc.blocks):
        for p, pieces in _pieces(block).items():
            boxes[p].append((k + 1, block.type, pieces))
    figures = []
    for p, page in enumerate(pages):
        line_boxes = [ln.box for ln in page.lines if ln.box is not None]
        extent = union(line_boxes + ([page.box] if page.box else []))
        if extent is None:
            continue
        # the page from its origin: the print space's margin on the far side too
        width = extent.x1 + max(0.0, extent.x0)
        height = extent.y1 + max(0.0, extent.y0)
        image = _page_image(page, source_path, out_dir)
        layers = []
        if image is not None:
            # drawn across the page's width, its height by its own shape: an
            # archive's web copy of a scan is often scaled down, never cropped
            href, size = image
            h = width * size[1] / size[0] if size is not None and size[0] else height
            height = max(height, h)
            layers.append(f'<image href="{_e(href)}" x="0" y="0" width="{width:g}" height="{h:g}" preserveAspectRatio="xMinYMin meet"/>')
        else:
            layers.append(f'<rect class="page" x="0" y="0" width="{width:g}" height="{height:g}"/>')
        font = max(width, height) / 45
        for n, kind, pieces in boxes.get(p, []):
            shapes = "".join(
                f'<rect x="{b.x0:g}" y="{b.y0:g}" width="{b.width:g}" height="{b.height:g}"/>' for b in pieces
            )
            labels = "".join(  # (a block run on into the next column: "…n" there)
                f'<text x="{b.x0 + font * 0.2:g}" y="{b.y0 + font:g}" font-size="{font:g}">{"" if i == 0 else "…"}{n}</text>'
                for i, b in enumerate(pieces)
            )
            layers.append(
                f'<a href="#b{n}"><g class="{_type_class(kind)}" data-box="{n}"><title>#{n} {_e(kind)}</title>{shapes}{labels}</g></a>'
            )
        caption = f"page {page.number}" + (" over its image" if image is not None else "") + (
            f" ({_e(page.image)} not found beside the input)" if page.image and image is None else ""
        )
        figures.append(
            f'<figure><svg class="sketch" viewBox="0 0 {width:g} {height:g}" role="img" '
            f'aria-label="page {page.number}: blocks in reading order">{"".join(layers)}</svg>'
            f"<figcaption>{caption}</figcaption></figure>"
        )
    return f'<section class="sketches">{"".join(figures)}</section>' if figures else ""


def _pieces(block: Block) -> dict[int, list[Box]]:
    """A block's boxes per page (0-based): one per run of lines going down
    the page, so a paragraph that runs on into the next column draws as two
    boxes, not as one over both columns."""
    out: dict[int, list[Box]] = {}
    runs: list[tuple[int, list[Box]]] = []
    for ln in block.lines:
        if ln.box is None:
            continue
        if runs and runs[-1][0] == ln.page and ln.box.y0 >= runs[-1][1][-1].y0:
            runs[-1][1].append(ln.box)
        else:
            runs.append((ln.page, [ln.box]))
    for page, boxes in runs:
        out.setdefault(page, []).append(union(boxes))  # type: ignore[arg-type]
    return out


def _page_image(page: Page, source_path: str | None, out_dir: str) -> tuple[str, tuple[int, int] | None] | None:
    """The page image the file names, when it exists beside the input and a
    browser can show it: its href relative to the review page, and its size
    in pixels where its header tells."""
    if not page.image or source_path is None:
        return None
    folder = os.path.dirname(source_path)
    name = page.image.replace("\\", "/")
    name = name.removeprefix("file://")
    candidates = [] if os.path.isabs(name) else [os.path.join(folder, name)]
    candidates.append(os.path.join(folder, os.path.basename(name)))
    for path in candidates:
        if path.lower().endswith(WEB_IMAGE_SUFFIXES) and os.path.isfile(path):
            try:
                relative = os.path.relpath(path, out_dir or ".")
            except ValueError:  # another drive (Windows)
                return "file://" + quote(os.fsencode(os.path.abspath(path)).replace(b"\\", b"/")), image_size(path)
            return quote(os.fsencode(relative.replace(os.sep, "/"))), image_size(path)
    return None


def image_size(path: str) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF or JPEG from its header; None for others."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(64 * 1024)
    except OSError:
        return None
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", head[6:10])
    if head[:2] == b"\xff\xd8":
        at = 2
        while at + 9 < len(head):
            if head[at] != 0xFF:
                return None
            marker, length = head[at + 1], struct.unpack(">H", head[at + 2 : at + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start of frame
                height, width = struct.unpack(">HH", head[at + 5 : at + 9])
                return width, height
            at += 2 + length
    return None


# ------------------------------------------------------------------ the index
def render_index(pages: list[PageSummary], failed: list[tuple[str, str]]) -> str:
    """The index: a row per page, most attention first; failed inputs after."""
    batch: collections.Counter[str] = collections.Counter()
    for page in pages:
        batch.update(page.types)
    scored = [(attention(page, dict(batch)), page) for page in pages]
    scored.sort(key=lambda item: (-item[0][0], item[1].name))
    present = [t for t in BlockType if batch.get(str(t))]
    columns = [("attention", "attention", "number", ""), ("page", "page", "text", "name"), ("blocks", "blocks", "number", "")]
    columns += [(str(t), str(t), "number", f"type {_type_class(t)}") for t in present]
    columns += [("changes", "changes", "number", ""), ("weak", "weak", "number", ""),
                ("low", "low conf.", "number", ""), ("mean", "mean conf.", "number", "")]
    heads = "".join(_column_head(*column, sorted_by=column[0] == "attention") for column in columns)
    rows = []
    for (score, parts), page in scored:
        why = ", ".join(f"{name} {value:g} × {ATTENTION_WEIGHTS[name]:g}" for name, value in parts.items())
        mean = page.mean_confidence
        rows.append(
            f'<tr data-page="{_e(page.href)}"><td class="score" data-value="{score}" title="{_e(why)}">{score:.2f}</td>'
            f'<td class="name"><a href="{_e(page.href)}">{_e(page.name)}</a></td>'
            f"<td>{page.blocks}</td>"
            + "".join(_count_cell(page.types.get(str(t), 0)) for t in present)
            + f"<td>{page.edits}</td><td>{page.weak}</td><td>{page.doubtful}</td>"
            + (f'<td data-value="{mean:.3f}">{mean:.2f}</td>' if mean is not None else '<td data-value="-1">–</td>')
            + "</tr>"
        )
    failures = ""
    if failed:
        failures = (
            f"<h2>Failed ({len(failed)})</h2>\n<table class=\"pages failed\"><tbody>"
            + "".join(f'<tr><td class="name">{_e(name)}</td><td>{_e(problem)}</td></tr>' for name, problem in failed)
            + "</tbody></table>"
        )
    weights = " + ".join(f"{w:g} × {name}" for name, w in ATTENTION_WEIGHTS.items())
    body = (
        f"<header>\n<h1>ocrmend review: {len(pages)} page{'s' if len(pages) != 1 else ''}"
        f"{f', {len(failed)} failed' if failed else ''}</h1>\n{_legend(present)}\n</header>\n"
        f'<p class="meta">Most attention first: <code>attention = {_e(weights)}</code>, each measure 0..1: '
        f"<b>confidence</b> the share of lines with OCR confidence under {LOW_CONFIDENCE:.2f}, "
        "<b>weak</b> the share of blocks placed or typed on weak evidence, "
        "<b>mix</b> how far the page's mix of block types is from the batch's, "
        "<b>changes</b> character changes per line. Click a column head to sort by it.</p>\n"
        f'<table class="pages"><thead><tr>{heads}</tr></thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody></table>\n" + failures
    )
    return _document("ocrmend review", body, INDEX_SCRIPT)


# ------------------------------------------------------------------ a run
PAGES_FOLDER: Final = "pages"  # DIR/pages/...: no input's page can take the index's name
INDEX_NAME: Final = "index.html"


def plan_review(arguments: list[str], out: str, globs: list[str]) -> tuple[list[Job], list[tuple[str, str]]]:
    """The inputs as ``clean`` plans them (files, folders, ``--glob``), each
    with its page under ``out/pages`` at the input's relative path.
    Raises ``UsageProblem`` for bad arguments."""
    if "-" in arguments:
        raise UsageProblem("review reads files, not stdin; save the text to a file and pass its path")
    if os.path.exists(out) and not os.path.isdir(out):
        raise UsageProblem(f"--out {shown(out)} is a file; pass a folder (it is created if missing)")
    return plan_inputs(arguments, os.path.join(out, PAGES_FOLDER), globs, ".html")


def review_inputs(
    jobs: list[Job],
    out: str,
    options: Options,
    on_failure: Callable[[str, str, BaseException | None], None],
    failed: list[tuple[str, str]] | None = None,
) -> tuple[list[PageSummary], list[tuple[str, str]]]:
    """Write each job's review page, then the index; return the pages
    written and the inputs that failed (with ``failed``, the planning's).

    Each file is written whole or not at all (``batch``'s temporary file,
    renamed when complete). A bad input is reported through ``on_failure``
    and listed in the index; the others go on.
    """
    failed = list(failed or [])
    done: list[PageSummary] = []
    if os.path.isdir(out):
        sweep_stale_temporaries(out)  # (what a review killed mid-write left, as clean does)
    index = os.path.join(out, INDEX_NAME)
    stamp = f"ocrmend review {ocrmend.__version__}".encode()
    for job in jobs:
        assert job.source is not None and job.target is not None
        try:
            try:
                with open(job.source, "rb") as stream:
                    data = stream.read()
            except OSError as exc:
                raise InputProblem(f"cannot read {shown(job.name)}: {exc.strerror or exc}; check the path and its permissions") from exc
            back = _relative_href(index, os.path.dirname(job.target))
            try:
                page, summary = review_page(data, job.name, options, job.target, back, job.source)
            except (DecodeError, ReaderError) as exc:
                raise InputProblem(f"{shown(job.name)}: {exc}") from exc
            with _atomic_output(job.target, stamp) as write:
                write(page)
        except Exception as exc:  # noqa: BLE001 -- one bad input (or a bug it finds) never stops the rest
            if isinstance(exc, InputProblem):
                message = str(exc)
            elif isinstance(exc, MemoryError):
                message = f"{shown(job.name)}: out of memory while reviewing it; free some memory and run the same command again"
            else:
                message = f"{shown(job.name)}: internal error ({type(exc).__name__}: {exc}); rerun with --traceback and report it"
            failed.append((job.name, message))
            on_failure(job.name, message, exc.__cause__ or exc)
            if isinstance(exc, InputProblem) and exc.stops_batch:
                break  # a full disk: the next pages would fail too
            continue
        summary.href = _relative_href(job.target, out)
        done.append(summary)
    try:
        with _atomic_output(index, stamp) as write:
            write(render_index(done, failed))
    except InputProblem as exc:
        failed.append((INDEX_NAME, str(exc)))
        on_failure(INDEX_NAME, str(exc), exc)
    return done, failed


def _column_head(key: str, label: str, kind: str, css: str, sorted_by: bool) -> str:
    """A column head: a button the index's script sorts by (``kind``: number or text)."""
    attrs = f' data-key="{_e(key)}" data-kind="{kind}"' + (f' class="{css}"' if css else "")
    attrs += ' aria-sort="descending"' if sorted_by else ""
    return f'<th{attrs}><button type="button">{_e(label)}</button></th>'


def _count_cell(count: int) -> str:
    return f"<td>{count}</td>" if count else '<td class="zero">0</td>'


def _relative_href(path: str, start: str) -> str:
    """``path`` as a link from a file in ``start``: relative, '/'-separated, percent-encoded."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(start or "."))
    return quote(os.fsencode(relative.replace(os.sep, "/")))
