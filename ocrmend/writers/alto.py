"""Document -> ALTO 4.4.

An ALTO input (v2, v3 or v4, any of their namespaces) comes back as the
same file, enriched, in the 4.4 namespace:

- each TextBlock refers (first in its ``TAGREFS``) to a ``StructureTag``
  naming the ocrmend block type it holds (``LABEL="headline"``,
  ``TYPE="ocrmend-type"``); ocrmend's reader maps those labels back to
  roles (roles.py);
- a TextBlock that held several of ocrmend's paragraphs is cut into one
  TextBlock per paragraph: its TextLines move into new TextBlocks (ids
  ``<id>_2`` ...; the source block's other attributes copied) whose
  position is the bounds of their lines; the block keeps its id and its
  first paragraph;
- the TextBlocks stand in reading order inside each container (a block
  takes the place of another TextBlock, never of an illustration or a
  margin), and a ``ReadingOrder`` lists them (ALTO 4.3+): one
  ``OrderedGroup``, a paragraph that runs on over several TextBlocks as a
  nested ``OrderedGroup`` of them; the source's group and ElementRef ids
  are reused for what they named;
- a String whose characters ocrmend changed (punctuation width, a
  conversion) gets the cleaned ``CONTENT``, the source's in an
  ``ALTERNATIVE PURPOSE="original"``, and ``PROCESSINGREFS`` to
  ocrmend's ``Processing`` step.  ``CS`` is left as the source had it: the
  schema defines it as *manual* correction, which ocrmend's is not.  A word
  ocrmend joined over a line end keeps its two Strings, marked
  ``SUBS_TYPE`` HypPart1/HypPart2 with the whole word in ``SUBS_CONTENT``
  (where the source did not already); spacing changes live between
  Strings, so they change no String;
- ``Description`` gets a ``Processing`` step of category
  ``contentModification`` naming ocrmend, its version and options.

Any other input becomes a new ALTO document built from the page model: a
TextBlock per block (per piece on each page), a TextLine per line, its
words as Strings (the source's, with their boxes, or its text cut at
spaces; a CJK line unspaced is one String).  Plain text has no geometry:
its "pixels" are display cells and line numbers scaled
(``common.CELL_UNITS``, ``common.LINE_UNITS``), as the processing step says.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Final

from lxml import etree

from ..model import Box
from ..readers.alto import ONE_PARAGRAPH
from ..readers.geometry import is_wide
from ..readers.xmlsafe import local
from .common import (
    CELL_UNITS,
    LINE_UNITS,
    SOFTWARE,
    TYPE_LABEL,
    Piece,
    all_ids,
    document_order,
    insert_after,
    keeper,
    line_parts,
    lines_box,
    now_iso,
    part_box,
    part_words,
    plan_pieces,
    processing_settings,
    serialize,
    set_children_order,
    source_trace,
    text_box,
    unique_id,
    version,
    whole,
    xml_text,
)

if TYPE_CHECKING:
    from ..model import Block, Document, Line

NS: Final = "http://www.loc.gov/standards/alto/ns-v4#"
XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"
XLINK: Final = "http://www.w3.org/1999/xlink"
SCHEMA_LOCATION: Final = f"{NS} http://www.loc.gov/standards/alto/v4/alto-4-4.xsd"
SCHEMA_VERSION: Final = "4.4"
# The namespaces ALTO has had (v1/v2 by CCS, then the Library of Congress's).
ALTO_NAMESPACES: Final = ("http://schema.ccs-gmbh.com/ALTO", "http://www.loc.gov/standards/alto/")
# Attributes older versions named otherwise.
RENAMED: Final = {"language": "LANG"}
# The alto element's children, in the schema's order.
BEFORE_TAGS: Final = ("Description", "Styles")
BEFORE_READING_ORDER: Final = ("Description", "Styles", "Tags")
BEFORE_PROCESSING: Final = ("MeasurementUnit", "sourceImageInformation", "OCRProcessing", "Processing")
PROCESSING_ID: Final = "OCRMEND_PROCESSING"
# 1/1200 inch per PDF point (1/72 inch).
INCH1200_PER_POINT: Final = 1200 / 72
# The TYPE of the Tag that makes a reading-order group one paragraph (its LABEL: alto.ONE_PARAGRAPH).
ONE_PARAGRAPH_TYPE: Final = "reading-order"
ORIGINAL: Final = "original"
BLOCK_CONTAINERS: Final = ("PrintSpace", "TopMargin", "BottomMargin", "LeftMargin", "RightMargin", "ComposedBlock")
BLOCK_NAMES: Final = ("TextBlock", "Illustration", "GraphicalElement", "ComposedBlock")


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def write_alto(doc: Document) -> str:
    """The document as ALTO 4.4 (see the module's doc)."""
    if doc.data is not None and doc.input_format == "alto":
        return _enrich(doc)
    return _build(doc)


# ------------------------------------------------------------------ an ALTO input, enriched
def _enrich(doc: Document) -> str:
    trace = source_trace(doc)
    root = _upgrade(trace.root)
    ids = all_ids(root, "ID")
    plan = plan_pieces(doc, trace, lambda el: el.getparent())
    order = document_order(plan, trace)
    for page in root.iter(q("Page")):
        if not page.get("ID"):  # (required since v4)
            page.set("ID", unique_id("Page", ids))
    for block_el in plan.by_region:
        if not block_el.get("ID"):
            block_el.set("ID", unique_id("TextBlock", ids))
    for block_el, pieces in plan.by_region.items():
        _cut_block(block_el, pieces, order, ids)
    processing = _note_processing(root, doc, ids)
    _tag_types(root, plan.pieces, ids)
    runs: dict[int, list[etree._Element]] = {}
    for piece in plan.pieces:
        runs.setdefault(piece.index, []).extend(piece.elements)
    for index, elements in runs.items():
        _mark_strings(doc.blocks[index], elements, processing)
    _reorder(plan.pieces)
    _reading_order(root, plan.pieces, ids)
    return serialize(root)


def _upgrade(old: etree._Element) -> etree._Element:
    """The tree in the ALTO 4 namespace: a new root holding the old root's children."""
    for el in old.iter():
        if isinstance(el.tag, str):
            ns, _, name = el.tag[1:].partition("}") if el.tag.startswith("{") else ("", "", el.tag)
            if not ns or ns.startswith(ALTO_NAMESPACES):
                el.tag = q(name)
            for key in [k for k in el.attrib if k in RENAMED]:
                el.set(RENAMED[key], el.attrib.pop(key))
    root = etree.Element(q("alto"), nsmap={None: NS, "xsi": XSI, "xlink": XLINK})
    for key, value in old.attrib.items():
        if key != f"{{{XSI}}}schemaLocation":
            root.set(key, value)
    root.set("SCHEMAVERSION", SCHEMA_VERSION)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.text = old.text
    for c in list(old):
        root.append(c)
    for k, page in enumerate(root.iter(q("Page"))):
        if page.get("PHYSICAL_IMG_NR") is None:  # (required since v4)
            page.set("PHYSICAL_IMG_NR", str(k + 1))
    for space in root.iter(q("PrintSpace")):
        page = space.getparent()
        if space.get("PC") is not None and page is not None and page.get("PC") is None:
            page.set("PC", space.attrib.pop("PC"))  # (v2 put the page's confidence there; v4 only on Page)
    etree.cleanup_namespaces(root)
    return root


def _cut_block(block_el: etree._Element, pieces: list[Piece], order: dict[int, int], ids: set[str]) -> None:
    if len(pieces) == 1:
        pieces[0].element = block_el
        set_children_order(block_el, pieces[0].elements, ())
        return
    first = keeper(pieces, order)
    anchor = block_el
    base = block_el.get("ID", "TextBlock")
    for p in sorted(pieces, key=lambda p: order[id(p)]):
        if p is first:
            p.element = block_el
        else:
            p.element = etree.Element(q("TextBlock"), {k: v for k, v in block_el.attrib.items() if k not in ("ID", "IDNEXT")})
            p.element.set("ID", unique_id(base, ids))
            p.new = True
            anchor.addnext(p.element)
            anchor = p.element
        set_children_order(p.element, p.elements, ())
        box = lines_box(p.lines)
        if box is not None:
            _set_box(p.element, box)


def _set_box(el: etree._Element, box: Box, scale: float = 1.0) -> None:
    if scale != 1.0:
        box = Box(box.x0 * scale, box.y0 * scale, box.x1 * scale, box.y1 * scale)
    x0, y0, x1, y1 = whole(box)
    el.set("HPOS", str(x0))
    el.set("VPOS", str(y0))
    el.set("WIDTH", str(x1 - x0))
    el.set("HEIGHT", str(y1 - y0))


def _tag_types(root: etree._Element, pieces: list[Piece], ids: set[str]) -> None:
    """A StructureTag per block type used, referred to first in each TextBlock's TAGREFS."""
    tags_el = next((c for c in root if local(c.tag) == "Tags"), None)
    if tags_el is None:
        tags_el = etree.Element(q("Tags"))
        insert_after(root, tags_el, BEFORE_TAGS)
    made: dict[str, str] = {}
    for piece in pieces:
        kind = str(piece.block.type)
        if kind not in made:
            tid = f"OCRMEND_{kind.upper()}"
            if tid in ids:
                tid = unique_id(tid, ids)
            ids.add(tid)
            etree.SubElement(tags_el, q("StructureTag"), ID=tid, TYPE=TYPE_LABEL, LABEL=kind, DESCRIPTION=f"{SOFTWARE} block type: {kind}")
            made[kind] = tid
        el = piece.element
        assert el is not None
        refs = el.get("TAGREFS", "").split()
        if not any(r in made.values() for r in refs):
            el.set("TAGREFS", " ".join([made[kind], *refs]))


def _strings(line_el: etree._Element) -> list[etree._Element]:
    return [c for c in line_el if local(c.tag) in ("String", "HYP")]


def _mark_strings(block: Block, block_lines: list[etree._Element], processing: str) -> None:
    """Align the block's cleaned text with the Strings of its TextLines
    (whitespace aside) and mark the Strings it changed (see the module's doc)."""
    owners: list[etree._Element] = []
    source: list[str] = []
    for line_el in block_lines:
        for s in _strings(line_el):
            for ch in s.get("CONTENT", ""):
                if not ch.isspace():
                    owners.append(s)
                    source.append(ch)
    target = [ch for ch in block.text if not ch.isspace()]
    if source == target:
        return
    new: dict[etree._Element, list[str]] = {}
    for s in owners:
        new.setdefault(s, [])
    for op, i1, i2, j1, j2 in _opcodes(source, target):
        if op == "equal" or op == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                new[owners[i1 + k]].append(target[j1 + k])
        elif op == "replace":
            new[owners[i1]].extend(target[j1:j2])
        elif op == "insert":
            new[owners[i1 - 1] if i1 else owners[0]].extend(target[j1:j2])
    for line_k, line_el in enumerate(block_lines):
        strings = [s for s in _strings(line_el) if s in new]
        for k, s in enumerate(strings):
            old = "".join(ch for ch in s.get("CONTENT", "") if not ch.isspace())
            now = "".join(new[s])
            if now == old:
                continue
            if local(s.tag) == "HYP" or not now:
                continue  # (a line-end hyphen ocrmend dropped: the word's Strings say it below)
            if k == len(strings) - 1 and old.endswith(("-", "¬", "⸗")) and now == old.rstrip("-¬⸗"):
                _mark_hyphenated(s, block_lines[line_k + 1] if line_k + 1 < len(block_lines) else None, new)
                continue
            s.set("CONTENT", now)
            alt = etree.Element(q("ALTERNATIVE"), PURPOSE=ORIGINAL)
            alt.text = old
            insert_after(s, alt, ("Shape", "ALTERNATIVE"))
            refs = s.get("PROCESSINGREFS", "").split()
            if processing not in refs:
                s.set("PROCESSINGREFS", " ".join([*refs, processing]))
        if strings and any(local(c.tag) == "HYP" for c in line_el):
            last = [s for s in strings if local(s.tag) == "String"]
            if last and not last[-1].get("SUBS_TYPE"):
                _mark_hyphenated(last[-1], block_lines[line_k + 1] if line_k + 1 < len(block_lines) else None, new)


# How far ahead ``_opcodes`` looks for the two texts to agree again after a
# difference (ocrmend's edits change a character or a few: a mark widened,
# a hyphen dropped), and how many characters must agree to call it so.
RESYNC_REACH: Final = 4
RESYNC_RUN: Final = 6


def _opcodes(source: list[str], target: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes for two texts that differ in a few places, found
    walking both at once and resynchronising after each difference (linear;
    difflib's matcher is quadratic on a long block of letters).  Where no
    resynchronisation is found nearby, difflib aligns the rest."""
    out: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    n, m = len(source), len(target)
    while i < n and j < m:
        start_i, start_j = i, j
        while i < n and j < m and source[i] == target[j]:
            i += 1
            j += 1
        if i > start_i:
            out.append(("equal", start_i, i, start_j, j))
        if i >= n or j >= m:
            break
        step = _resync(source, target, i, j)
        if step is None:
            matcher = difflib.SequenceMatcher(None, source[i:], target[j:], autojunk=False)
            out.extend((op, a1 + i, a2 + i, b1 + j, b2 + j) for op, a1, a2, b1, b2 in matcher.get_opcodes())
            return out
        di, dj = step
        out.append(("replace" if di and dj else "delete" if di else "insert", i, i + di, j, j + dj))
        i, j = i + di, j + dj
    if i < n:
        out.append(("delete", i, n, j, j))
    elif j < m:
        out.append(("insert", i, i, j, m))
    return out


def _resync(source: list[str], target: list[str], i: int, j: int) -> tuple[int, int] | None:
    """The smallest (skip in source, skip in target) after which the texts agree again."""
    for total in range(1, 2 * RESYNC_REACH + 1):
        for di in range(min(total, RESYNC_REACH) + 1):
            dj = total - di
            if dj > RESYNC_REACH:
                continue
            a, b = source[i + di : i + di + RESYNC_RUN], target[j + dj : j + dj + RESYNC_RUN]
            if a == b and (a or (i + di >= len(source) and j + dj >= len(target))):
                return di, dj
    return None


def _mark_hyphenated(first: etree._Element, next_line: etree._Element | None, new: dict[etree._Element, list[str]]) -> None:
    """Two Strings of one word broken over a line end: HypPart1 and HypPart2 with the whole word."""
    if next_line is None or first.get("SUBS_TYPE"):
        return
    second = next((s for s in next_line if local(s.tag) == "String"), None)
    if second is None or second.get("SUBS_TYPE"):
        return
    word = "".join(new.get(first, [])) + "".join(new.get(second, []))
    if not word:
        return
    first.set("SUBS_TYPE", "HypPart1")
    first.set("SUBS_CONTENT", word)
    second.set("SUBS_TYPE", "HypPart2")
    second.set("SUBS_CONTENT", word)


def _reorder(pieces: list[Piece]) -> None:
    """Each container's TextBlocks in reading order, in the places TextBlocks held."""
    rank: dict[etree._Element, int] = {}
    for k, p in enumerate(pieces):
        if p.element is not None:
            rank.setdefault(p.element, k)
    parents = {p.element.getparent() for p in pieces if p.element is not None and p.element.getparent() is not None}
    for parent in parents:
        blocks = [c for c in parent if local(c.tag) == "TextBlock"]
        if len(blocks) < 2:
            continue
        # a block ocrmend did not place keeps the rank of the one before it
        keyed = []
        last = -1.0
        for k, b in enumerate(blocks):
            r = rank.get(b)
            last = float(r) if r is not None else last + 1e-6
            keyed.append((last, k, b))
        ordered = [b for _, _, b in sorted(keyed)]
        if ordered == blocks:
            continue
        slots = [parent.index(b) for b in blocks]
        for b in blocks:
            parent.remove(b)
        for slot, b in zip(slots, ordered):
            parent.insert(slot, b)


def _reading_order(root: etree._Element, pieces: list[Piece], ids: set[str]) -> None:
    old = next((c for c in root if local(c.tag) == "ReadingOrder"), None)
    ref_ids: dict[str, str] = {}
    group_id = ""
    if old is not None:
        group = next((c for c in old if isinstance(c.tag, str)), None)
        group_id = group.get("ID", "") if group is not None else ""
        for el in old.iter():
            if local(el.tag) == "ElementRef" and el.get("REF") and el.get("ID"):
                ref_ids.setdefault(el.get("REF"), el.get("ID"))
        root.remove(old)
        ids.difference_update(ref_ids.values())
    if not pieces:
        return
    ro = etree.Element(q("ReadingOrder"))
    top = etree.SubElement(ro, q("OrderedGroup"), ID=group_id or unique_id("OCRMEND_READING_ORDER", ids))
    ids.add(top.get("ID"))

    def ref(parent: etree._Element, target: str) -> None:
        rid = ref_ids.pop(target, "") or unique_id(f"{target}_ref", ids)
        ids.add(rid)
        etree.SubElement(parent, q("ElementRef"), ID=rid, REF=target)

    seen: set[str] = set()
    k = 0
    while k < len(pieces):
        run = [pieces[k]]
        while k + len(run) < len(pieces) and pieces[k + len(run)].block is run[0].block:
            run.append(pieces[k + len(run)])
        k += len(run)
        targets = [t for t in dict.fromkeys(p.element.get("ID", "") for p in run if p.element is not None) if t not in seen]
        seen.update(targets)
        if len(targets) == 1:
            ref(top, targets[0])
        elif targets:
            group = etree.SubElement(top, q("OrderedGroup"), ID=unique_id(f"{targets[0]}_block", ids), TAGREFS=_one_paragraph_tag(root, ids))
            for t in targets:
                ref(group, t)
    # what else the source ordered (illustrations...) follows, as it stood
    for target in list(ref_ids):
        if target not in seen:
            ref(top, target)
    insert_after(root, ro, BEFORE_READING_ORDER)


def _one_paragraph_tag(root: etree._Element, ids: set[str]) -> str:
    """The id of the Tag that marks a reading-order group as one paragraph
    (made once; ocrmend's reader takes its blocks as one, alto.ONE_PARAGRAPH)."""
    tags_el = next((c for c in root if local(c.tag) == "Tags"), None)
    if tags_el is None:
        tags_el = etree.Element(q("Tags"))
        insert_after(root, tags_el, BEFORE_TAGS)
    for t in tags_el:
        if t.get("TYPE") == ONE_PARAGRAPH_TYPE and t.get("LABEL") == ONE_PARAGRAPH:
            return t.get("ID")
    tid = "OCRMEND_ONE_PARAGRAPH" if "OCRMEND_ONE_PARAGRAPH" not in ids else unique_id("OCRMEND_ONE_PARAGRAPH", ids)
    ids.add(tid)
    etree.SubElement(tags_el, q("StructureTag"), ID=tid, TYPE=ONE_PARAGRAPH_TYPE, LABEL=ONE_PARAGRAPH, DESCRIPTION="one paragraph over several TextBlocks (a column or page break)")
    return tid


def _note_processing(root: etree._Element, doc: Document, ids: set[str]) -> str:
    """ocrmend's Processing step in the Description; its ID."""
    desc = next((c for c in root if local(c.tag) == "Description"), None)
    if desc is None:
        desc = etree.Element(q("Description"))
        etree.SubElement(desc, q("MeasurementUnit")).text = "pixel"
        root.insert(0, desc)
    pid = PROCESSING_ID if PROCESSING_ID not in ids else unique_id(PROCESSING_ID, ids)
    ids.add(pid)
    step = _processing(doc, pid)
    insert_after(desc, step, BEFORE_PROCESSING)
    return pid


def _processing(doc: Document, pid: str, built: bool = False) -> etree._Element:
    """ocrmend's step: a modification of the source's content, or (``built``) a new document."""
    step = etree.Element(q("Processing"), ID=pid)
    etree.SubElement(step, q("processingCategory")).text = "contentGeneration" if built else "contentModification"
    etree.SubElement(step, q("processingDateTime")).text = now_iso()
    etree.SubElement(step, q("processingStepDescription")).text = (
        f"built from {doc.input_format or 'text'} input: a TextBlock per block, typed (TAGREFS), in reading order"
        if built
        else "block types (TAGREFS), reading order, paragraphs cut out of TextBlocks, cleaned String CONTENT (the source's kept as ALTERNATIVE PURPOSE=original)"
    )
    if not doc.unit:
        etree.SubElement(step, q("processingStepDescription")).text = (
            f"built from plain text: positions are display cells x {CELL_UNITS} and source lines x {LINE_UNITS}, not pixels of an image"
        )
    settings = processing_settings(doc)
    if settings:
        etree.SubElement(step, q("processingStepSettings")).text = settings
    software = etree.SubElement(step, q("processingSoftware"))
    etree.SubElement(software, q("softwareName")).text = SOFTWARE
    etree.SubElement(software, q("softwareVersion")).text = version()
    return step


# ------------------------------------------------------------------ a new ALTO document
def _build(doc: Document) -> str:
    root = etree.Element(q("alto"), nsmap={None: NS, "xsi": XSI}, SCHEMAVERSION=SCHEMA_VERSION)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    desc = etree.SubElement(root, q("Description"))
    # ALTO measures in pixels, 1/10 mm or 1/1200 inch: a PDF's points become the last
    scale = INCH1200_PER_POINT if doc.unit == "pt" else 1.0
    etree.SubElement(desc, q("MeasurementUnit")).text = "inch1200" if doc.unit == "pt" else "pixel"
    info = etree.SubElement(desc, q("sourceImageInformation"))
    etree.SubElement(info, q("fileName")).text = xml_text(doc.image or doc.source)
    desc.append(_processing(doc, PROCESSING_ID, built=True))
    ids: set[str] = {PROCESSING_ID}
    tags = etree.SubElement(root, q("Tags"))
    made: dict[str, str] = {}
    ro = etree.SubElement(root, q("ReadingOrder"))
    top = etree.SubElement(ro, q("OrderedGroup"), ID="OCRMEND_READING_ORDER")
    ids.add("OCRMEND_READING_ORDER")
    layout = etree.SubElement(root, q("Layout"))
    pages: dict[int, list[tuple[Block, int, list[Line]]]] = {}
    for block in doc.blocks:
        part = 0
        run: list[Line] = []
        for ln in block.lines:
            if run and ln.page != run[-1].page:
                pages.setdefault(run[-1].page, []).append((block, part, run))
                part, run = part + 1, []
            run.append(ln)
        if run:
            pages.setdefault(run[-1].page, []).append((block, part, run))
    counter = [0]
    parts = line_parts(doc)
    index_of = {id(b): k for k, b in enumerate(doc.blocks)}

    def new_id(prefix: str, source: str = "") -> str:
        if source and source not in ids and _ncname(source):
            ids.add(source)
            return source
        counter[0] += 1
        while f"{prefix}{counter[0]}" in ids:
            counter[0] += 1
        ids.add(f"{prefix}{counter[0]}")
        return f"{prefix}{counter[0]}"

    groups: dict[int, etree._Element] = {}
    for number in sorted(pages) or [0]:
        pieces = pages.get(number, [])
        boxes = [text_box(ln) for _, _, lines in pieces for ln in lines]
        width = max([b.x1 for b in boxes] or [1])
        height = max([b.y1 for b in boxes] or [1])
        size = {"WIDTH": str(int(width * scale) + 1), "HEIGHT": str(int(height * scale) + 1)}
        page = etree.SubElement(layout, q("Page"), ID=new_id("PAGE"), PHYSICAL_IMG_NR=str(number + 1), **size)
        space = etree.SubElement(page, q("PrintSpace"), HPOS="0", VPOS="0", **size)
        for block, part, lines in pieces:
            kind = str(block.type)
            if kind not in made:
                made[kind] = f"OCRMEND_{kind.upper()}"
                ids.add(made[kind])
                etree.SubElement(tags, q("StructureTag"), ID=made[kind], TYPE=TYPE_LABEL, LABEL=kind, DESCRIPTION=f"{SOFTWARE} block type: {kind}")
            region_source = lines[0].ids[-1] if len(lines[0].ids) > 1 and part == 0 else ""
            tb = etree.SubElement(space, q("TextBlock"), ID=new_id("TB", region_source), TAGREFS=made[kind])
            _set_box(tb, _union([text_box(ln) for ln in lines]), scale)
            for ln in lines:
                text = parts.get((index_of[id(block)], id(ln)), ln.text)
                if text is not None:
                    _build_line(tb, ln, text, new_id, scale)
            key = id(block)
            if part == 0 and (len(block.lines) == len(lines)):
                etree.SubElement(top, q("ElementRef"), ID=new_id("REF"), REF=tb.get("ID"))
            else:
                group = groups.get(key)
                if group is None:
                    group = groups[key] = etree.SubElement(top, q("OrderedGroup"), ID=new_id("BLOCK"), TAGREFS=_one_paragraph_tag(root, ids))
                etree.SubElement(group, q("ElementRef"), ID=new_id("REF"), REF=tb.get("ID"))
    if not made:
        root.remove(tags)
    if not len(top):
        root.remove(ro)
    return serialize(root)


def _build_line(tb: etree._Element, ln: Line, text: str, new_id, scale: float) -> None:  # type: ignore[no-untyped-def]
    """A TextLine for the line (or for its part ``text`` a block holds: line_parts)."""
    box = part_box(ln, text, text_box(ln))
    line_el = etree.SubElement(tb, q("TextLine"), ID=new_id("TL", ln.ids[0] if ln.ids else ""))
    _set_box(line_el, box, scale)
    if ln.words:
        words = [(w.text, w.box, w.confidence, w.id) for w in part_words(ln, text)]
    else:
        words = [(t, b, -1.0, "") for t, b in _cut_words(text, box)]
    s = None
    for k, (content, wbox, conf, wid) in enumerate(words):
        if k:
            etree.SubElement(line_el, q("SP"))
        s = etree.SubElement(line_el, q("String"), ID=new_id("S", wid), CONTENT=xml_text(content))
        if wbox is not None:
            _set_box(s, wbox, scale)
        if conf >= 0:
            s.set("WC", f"{min(1.0, conf):g}")
    if s is not None and len(ln.hyphen) > 1 and text == ln.text:
        # the whole word the source gave for the broken last word (the reader reads it back)
        s.set("SUBS_TYPE", "HypPart1")
        s.set("SUBS_CONTENT", xml_text(ln.hyphen))


def _cut_words(text: str, box: Box) -> list[tuple[str, Box | None]]:
    """A line's text as Strings: cut at spaces, each with its share of the
    line's box by characters; a CJK line stays one String (its spaces are
    its own, and CJK sets no space between words)."""
    if any(is_wide(ch) for ch in text) or " " not in text:
        return [(text, box)]
    out: list[tuple[str, Box | None]] = []
    step = box.width / max(len(text), 1)
    pos = 0
    for word in text.split(" "):
        if word:
            out.append((word, Box(box.x0 + pos * step, box.y0, box.x0 + (pos + len(word)) * step, box.y1)))
        pos += len(word) + 1
    return out


def _ncname(value: str) -> bool:
    from .pagexml import NCNAME_RE

    return bool(NCNAME_RE.match(value))


def _union(boxes: list[Box]) -> Box:
    return Box(min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes), max(b.y1 for b in boxes))
