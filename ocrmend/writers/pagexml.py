"""Document -> PAGE XML (2019-07-15 schema).

A PAGE input (2009-2019 schemas) comes back as the same file, enriched,
in the 2019 namespace:

- every region of ocrmend's blocks gets the block's role as
  ``TextRegion@type`` (``common.PAGE_TYPES``; furniture is ``header``,
  ``footer`` or ``page-number``) and ocrmend's own word for it in a
  ``Labels`` element (``Label type="ocrmend-type"``); a type the source gave
  and ocrmend changed stays there too (``Label type="source-type"``);
- a region that held several of ocrmend's paragraphs is cut into one
  region per paragraph: its TextLines move into new TextRegions (ids
  ``<id>_2``, ``<id>_3`` ...) whose Coords are the bounds of their lines; the
  region keeps its id and its first paragraph;
- a paragraph that runs on into another region (a column break) marks its
  later regions ``@continuation="true"``, and the reading order groups its
  regions in an ``OrderedGroupIndexed type="paragraph"``;
- the ``ReadingOrder`` is ocrmend's: one ordered group (it keeps the id of
  the source's first group) over the text regions in reading order; other
  regions it named (images, separators, empty text regions) follow the
  text region they followed there;
- the cleaned text of each block is a ``TextEquiv`` of its (first) region
  with ``index="0"``: PAGE reads the lowest index as the main text, and
  the cleaned paragraph is what a reader of the output wants first; any
  TextEquiv the region had keeps its text, with its index moved up by one,
  and every line and word keeps its own TextEquivs as they were: the
  source's transcription is never overwritten;
- ``Metadata`` gets its ``LastChange`` and a ``MetadataItem`` of type
  ``processingStep`` naming ocrmend, its version and options.

Any other input (plain text, hOCR) becomes a new PAGE document built from
the page model: one TextRegion per block (per piece on each page), its
lines with their boxes and words where the source had them; plain text
has no geometry, so its "pixels" are display cells and line numbers scaled
(``common.CELL_UNITS``, ``common.LINE_UNITS``), which the Metadata says.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from lxml import etree

from ..model import Box
from ..readers.pagexml import CUSTOM_TYPE_RE, region_refs
from ..readers.xmlsafe import attr_number, local
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
    page_type,
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

NS: Final = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"
PAGE_NS_PREFIX: Final = "http://schema.primaresearch.org/PAGE/gts/pagecontent/"
XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION: Final = f"{NS} {NS}/pagecontent.xsd"
# A region's children before its Labels, and a Page's before its ReadingOrder (the schema's order).
BEFORE_LABELS: Final = ("AlternativeImage", "Coords", "UserDefined", "Labels")
BEFORE_READING_ORDER: Final = ("AlternativeImage", "Border", "PrintSpace")
# What must follow a region's TextLines.
AFTER_LINES: Final = ("TextEquiv", "TextStyle")
# An XML ID (NCName): what a source id must be to be reused as one.
NCNAME_RE: Final = re.compile(r"^[A-Za-z_][\w.\-]*$")
METADATA_CHILDREN: Final = ("Creator", "Created", "LastChange", "Comments", "UserDefined", "MetadataItem")
# What a value in @custom cannot hold (its syntax: name {key:value;}).
CUSTOM_SPECIALS_RE: Final = re.compile(r"[{};:\\]")
CLEANED_COMMENT: Final = "ocrmend: the block's cleaned text"


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def write_page(doc: Document) -> str:
    """The document as PAGE XML (see the module's doc)."""
    if doc.data is not None and doc.input_format == "page":
        return _enrich(doc)
    return _build(doc)


# ------------------------------------------------------------------ a PAGE input, enriched
def _enrich(doc: Document) -> str:
    trace = source_trace(doc)
    root = _upgrade(trace.root)
    ids = all_ids(root, "id")
    plan = plan_pieces(doc, trace, lambda el: el if local(el.tag) == "TextRegion" else el.getparent())
    order = document_order(plan, trace)
    for region, pieces in plan.by_region.items():
        _cut_region(region, pieces, order, ids)
    for piece in plan.pieces:
        _describe(piece)
    for page_el in [c for c in root if local(c.tag) == "Page"]:
        _reading_order(page_el, [p for p in plan.pieces if _page_of(p.source) is page_el], ids)
    _note_processing(root, doc)
    return serialize(root)


def _upgrade(old: etree._Element) -> etree._Element:
    """The tree in the 2019 namespace (from 2009-2017 or none): a new root
    element holding the old root's children."""
    for el in old.iter():
        if isinstance(el.tag, str):
            ns, _, name = el.tag[1:].partition("}") if el.tag.startswith("{") else ("", "", el.tag)
            if not ns or ns.startswith(PAGE_NS_PREFIX):
                el.tag = q(name)
    root = etree.Element(q("PcGts"), nsmap={None: NS, "xsi": XSI})
    for key, value in old.attrib.items():
        if key != f"{{{XSI}}}schemaLocation":
            root.set(key, value)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.text = old.text
    for c in list(old):
        root.append(c)
    for coords in list(root.iter(q("Coords"), q("Baseline"))):
        points = [p for p in coords if local(p.tag) == "Point"]
        if points and coords.get("points") is None:  # (2009: Point children; since 2010 an attribute)
            coords.set("points", " ".join(f"{p.get('x', '0')},{p.get('y', '0')}" for p in points))
            for p in points:
                coords.remove(p)
    meta = next((c for c in root if local(c.tag) == "Metadata"), None)
    if meta is not None:
        _foreign_metadata(meta)
    etree.cleanup_namespaces(root)
    return root


def _foreign_metadata(meta: etree._Element) -> None:
    """An element the schema does not know in Metadata (Transkribus writes
    a ``TranskribusMetadata``) becomes a ``MetadataItem`` of type "other"
    named after it, its attributes kept as Labels: nothing of it is lost,
    and the file validates."""
    for el in list(meta):
        name = local(el.tag)
        if not name or name in METADATA_CHILDREN:
            continue
        item = etree.Element(q("MetadataItem"), type="other", name=name, value=(el.text or "").strip())
        if el.attrib:
            labels = etree.SubElement(item, q("Labels"), externalModel=name)
            for key, value in el.attrib.items():
                etree.SubElement(labels, q("Label"), type=key, value=value)
        meta.remove(el)
        meta.append(item)


def _cut_region(region: etree._Element, pieces: list[Piece], order: dict[int, int], ids: set[str]) -> None:
    """Give each piece its region: the source region if it is the only
    one (or the region holds its text without TextLines), else new
    TextRegions cut out of it after it."""
    if len(pieces) == 1 or any(el is region for p in pieces for el in p.elements):
        for p in pieces:
            p.element = region
        lines = [el for p in pieces for el in p.elements if el is not region]
        if lines:
            set_children_order(region, lines, AFTER_LINES)
        return
    first = keeper(pieces, order)
    anchor = region
    base = region.get("id") or "region"
    for p in sorted(pieces, key=lambda p: order[id(p)]):
        if p is first:
            p.element = region
        else:
            p.element = etree.Element(q("TextRegion"), id=unique_id(base, ids))
            p.element.set("custom", f"ocrmend {{cutFrom:{base};}}")
            p.new = True
            etree.SubElement(p.element, q("Coords"), points="0,0")
            anchor.addnext(p.element)
            anchor = p.element
        set_children_order(p.element, p.elements, AFTER_LINES)
        box = lines_box(p.lines)
        if box is not None:
            _set_coords(p.element, box)


def _set_coords(el: etree._Element, box: Box) -> None:
    coords = next((c for c in el if local(c.tag) == "Coords"), None)
    if coords is None:
        coords = etree.Element(q("Coords"))
        insert_after(el, coords, ("AlternativeImage",))
    for key in list(coords.attrib):
        del coords.attrib[key]
    for c in list(coords):  # (the 2009 schema's Point children)
        coords.remove(c)
    coords.set("points", _points(box))


def _points(box: Box) -> str:
    x0, y0, x1, y1 = whole(box)
    return f"{x0},{y0} {x1},{y0} {x1},{y1} {x0},{y1}"


def _page_of(el: etree._Element) -> etree._Element | None:
    for anc in el.iterancestors():
        if local(anc.tag) == "Page":
            return anc
    return None


def _page_box(page_el: etree._Element | None) -> Box | None:
    if page_el is None:
        return None
    w, h = attr_number(page_el.get("imageWidth")), attr_number(page_el.get("imageHeight"))
    return Box(0, 0, w, h) if w and h else None


def _describe(piece: Piece) -> None:
    """The piece's region gets the block's type, label, continuation and (first piece) cleaned text."""
    region = piece.element
    assert region is not None
    was = region.get("type", "")
    custom = CUSTOM_TYPE_RE.search(region.get("custom", ""))
    kind = page_type(piece.block, _page_box(_page_of(region)), was or (custom.group(1) if custom else ""))
    if kind != (was or (custom.group(1) if custom else "")):
        region.set("type", kind)
    labels = [(TYPE_LABEL, str(piece.block.type))]
    if was and was != kind:
        labels.append(("source-type", was))
    _add_labels(region, labels)
    if piece.part > 0:
        region.set("continuation", "true")
    if piece.part == 0:
        _add_cleaned_text(region, piece.block.text)


def _add_labels(region: etree._Element, labels: list[tuple[str, str]]) -> None:
    if any(local(c.tag) == "Labels" and c.get("externalModel") == SOFTWARE for c in region):
        return  # (a region holding several pieces of text without lines: the first one's)
    el = etree.Element(q("Labels"), externalModel=SOFTWARE)
    for kind, value in labels:
        etree.SubElement(el, q("Label"), value=value, type=kind)
    insert_after(region, el, BEFORE_LABELS)


def _add_cleaned_text(region: etree._Element, text: str) -> None:
    equivs = [c for c in region if local(c.tag) == "TextEquiv"]
    if any(e.get("comments") == CLEANED_COMMENT for e in equivs):
        return
    for k, e in enumerate(equivs):
        e.set("index", str(int(attr_number(e.get("index"))) + 1 if e.get("index") is not None else k + 1))
    el = etree.Element(q("TextEquiv"), index="0", comments=CLEANED_COMMENT)
    etree.SubElement(el, q("Unicode")).text = text
    if equivs:
        equivs[0].addprevious(el)
    else:
        set_children_order(region, [el], ("TextStyle",))


def _reading_order(page_el: etree._Element, pieces: list[Piece], ids: set[str]) -> None:
    """The page's ReadingOrder: ocrmend's order of its text regions (see the module's doc)."""
    old = next((c for c in page_el if local(c.tag) == "ReadingOrder"), None)
    old_refs: list[str] = []
    group_id = ""
    if old is not None:
        group = next((c for c in old if isinstance(c.tag, str)), None)
        group_id = group.get("id", "") if group is not None else ""
        old_refs = region_refs(old)
        page_el.remove(old)
    if not pieces and not old_refs:
        return
    written = {id(p.element) for p in pieces}
    # other regions the source ordered follow the region they followed there
    follows: dict[str, list[str]] = {}
    lead = ""
    known = {el.get("id", ""): el for el in page_el.iter() if isinstance(el.tag, str) and local(el.tag).endswith("Region")}
    for rid in old_refs:
        el = known.get(rid)
        if el is not None and id(el) in written:
            lead = rid
        elif el is not None:
            follows.setdefault(lead, []).append(rid)
    ro = etree.Element(q("ReadingOrder"))
    top = etree.SubElement(ro, q("OrderedGroup"), id=group_id or unique_id("ro", ids), caption="Regions reading order (ocrmend)")
    index = 0

    def ref(parent: etree._Element, rid: str, k: int) -> None:
        etree.SubElement(parent, q("RegionRefIndexed"), index=str(k), regionRef=rid)

    for rid in follows.get("", []):
        ref(top, rid, index)
        index += 1
    seen: set[str] = set()
    k = 0
    while k < len(pieces):
        p = pieces[k]
        run = [p]
        while k + len(run) < len(pieces) and pieces[k + len(run)].block is p.block:
            run.append(pieces[k + len(run)])
        k += len(run)
        rids = list(dict.fromkeys(x.element.get("id", "") for x in run if x.element is not None))
        rids = [r for r in rids if r not in seen]
        if not rids:
            continue
        seen.update(rids)
        if len(rids) == 1:
            ref(top, rids[0], index)
        else:
            group = etree.SubElement(top, q("OrderedGroupIndexed"), id=unique_id(rids[0] + "_block", ids), index=str(index), type="paragraph", caption="one block over several regions (ocrmend)")
            for j, rid in enumerate(rids):
                ref(group, rid, j)
        index += 1
        for rid in rids:
            for other in follows.get(rid, []):
                ref(top, other, index)
                index += 1
    insert_after(page_el, ro, BEFORE_READING_ORDER)




def _note_processing(root: etree._Element, doc: Document) -> None:
    meta = next((c for c in root if local(c.tag) == "Metadata"), None)
    stamp = now_iso()
    if meta is None:
        meta = etree.Element(q("Metadata"))
        root.insert(0, meta)
    if next((c for c in meta if local(c.tag) == "Creator"), None) is None:
        meta.insert(0, etree.Element(q("Creator")))
    for name in ("Created", "LastChange"):
        el = next((c for c in meta if local(c.tag) == name), None)
        if el is None:
            el = etree.Element(q(name))
            el.text = stamp
            insert_after(meta, el, ("Creator", "Created"))
    last = next(c for c in meta if local(c.tag) == "LastChange")
    last.text = stamp
    item = etree.Element(q("MetadataItem"), type="processingStep", name="contentModification", value=_step(doc), date=stamp)
    insert_after(meta, item, ("Creator", "Created", "LastChange", "Comments", "UserDefined", "MetadataItem"))


def _step(doc: Document, built: bool = False) -> str:
    """What ocrmend did, for the MetadataItem: enriched the source, or (``built``) made a new document."""
    settings = processing_settings(doc)
    what = f"built from {doc.input_format or 'text'} input: a typed region per block, in reading order" if built else "block types, reading order, paragraphs, cleaned text"
    return f"{SOFTWARE} {version()}: {what}" + (f" ({settings})" if settings else "")


# ------------------------------------------------------------------ a new PAGE document
def _build(doc: Document) -> str:
    root = etree.Element(q("PcGts"), nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    meta = etree.SubElement(root, q("Metadata"))
    etree.SubElement(meta, q("Creator")).text = f"{SOFTWARE} {version()}"
    stamp = now_iso()
    etree.SubElement(meta, q("Created")).text = stamp
    etree.SubElement(meta, q("LastChange")).text = stamp
    if not doc.unit:
        etree.SubElement(meta, q("Comments")).text = (
            f"Built from plain text ({xml_text(doc.source)}): coordinates are display cells x {CELL_UNITS} "
            f"and source lines x {LINE_UNITS}, not pixels of an image."
        )
    etree.SubElement(meta, q("MetadataItem"), type="processingStep", name="contentGeneration", value=_step(doc, built=True), date=stamp)
    ids: set[str] = set()
    pages = _pieces_by_page(doc)
    parts = line_parts(doc)
    index_of = {id(b): k for k, b in enumerate(doc.blocks)}
    # PAGE holds one page a file: the pages of a longer text stand one
    # under the other on it, each page's regions its own
    offsets: dict[int, float] = {}
    top = 0.0
    for number in sorted(pages):
        offsets[number] = top
        top += max(text_box(ln).y1 for _, _, lines in pages[number] for ln in lines) + LINE_UNITS
    pieces = [(number, piece) for number in sorted(pages) for piece in pages[number]]
    boxes = [_shifted(text_box(ln), offsets[n]) for n, (_, _, lines) in pieces for ln in lines]
    width = max([b.x1 for b in boxes] or [1])
    height = max([b.y1 for b in boxes] or [1])
    page_el = etree.SubElement(root, q("Page"), imageFilename=xml_text(doc.image or doc.source), imageWidth=str(int(width) + 1), imageHeight=str(int(height) + 1))
    page_box = Box(0, 0, width, height)
    ro = etree.SubElement(page_el, q("ReadingOrder"))
    group = etree.SubElement(ro, q("OrderedGroup"), id=unique_id("ro", ids), caption="Regions reading order (ocrmend)")
    for index, (number, (block, part, lines)) in enumerate(pieces):
        region = etree.SubElement(page_el, q("TextRegion"), id=_new_id(lines[0].ids[-1:] if len(lines[0].ids) > 1 else (), "r", ids))
        region.set("type", page_type(block, page_box))
        if part:
            region.set("continuation", "true")
        etree.SubElement(region, q("Coords"), points=_points(_union([_shifted(text_box(ln), offsets[number]) for ln in lines])))
        labels = etree.SubElement(region, q("Labels"), externalModel=SOFTWARE)
        etree.SubElement(labels, q("Label"), value=str(block.type), type=TYPE_LABEL)
        for ln in lines:
            text = parts.get((index_of[id(block)], id(ln)), ln.text)
            if text is not None:
                _build_line(region, ln, text, ids, offsets[number])
        equiv = etree.SubElement(region, q("TextEquiv"), index="0", comments=CLEANED_COMMENT)
        etree.SubElement(equiv, q("Unicode")).text = xml_text(block.text) if part == 0 else ""
        etree.SubElement(group, q("RegionRefIndexed"), index=str(index), regionRef=region.get("id"))
    if not pieces:
        page_el.remove(ro)
    return serialize(root)


def _pieces_by_page(doc: Document) -> dict[int, list[tuple[Block, int, list[Line]]]]:
    """Each page's pieces of blocks (block, part, lines), in reading order."""
    out: dict[int, list[tuple[Block, int, list[Line]]]] = {}
    for block in doc.blocks:
        part = 0
        run: list[Line] = []
        for ln in block.lines:
            if run and ln.page != run[-1].page:
                out.setdefault(run[-1].page, []).append((block, part, run))
                part += 1
                run = []
            run.append(ln)
        if run:
            out.setdefault(run[-1].page, []).append((block, part, run))
    return out


def _shifted(box: Box, dy: float) -> Box:
    return Box(box.x0, box.y0 + dy, box.x1, box.y1 + dy) if dy else box


def _build_line(region: etree._Element, ln: Line, text: str, ids: set[str], dy: float) -> None:
    """A TextLine for the line (or for its part ``text`` a block holds: line_parts)."""
    line_el = etree.SubElement(region, q("TextLine"), id=_new_id(ln.ids[:1], "l", ids))
    custom = _line_custom(ln, text)
    if custom:
        line_el.set("custom", xml_text(custom))
    etree.SubElement(line_el, q("Coords"), points=_points(_shifted(part_box(ln, text, text_box(ln)), dy)))
    for w in part_words(ln, text):
        word = etree.SubElement(line_el, q("Word"), id=_new_id((w.id,) if w.id else (), "w", ids))
        etree.SubElement(word, q("Coords"), points=_points(_shifted(w.box if w.box is not None else text_box(ln), dy)))
        equiv = etree.SubElement(word, q("TextEquiv"))
        if w.confidence >= 0:
            equiv.set("conf", f"{min(1.0, w.confidence):g}")
        etree.SubElement(equiv, q("Unicode")).text = xml_text(w.text)
    equiv = etree.SubElement(line_el, q("TextEquiv"))
    etree.SubElement(equiv, q("Unicode")).text = xml_text(text)


def _line_custom(ln: Line, text: str) -> str:
    """What PAGE has no field for, in the line's @custom (``ocrmend {...}``):
    the whole word the source gave for its broken last word (ALTO
    SUBS_CONTENT; the PAGE reader reads it back), and the ids of the source
    lines the engine put into this one (R005)."""
    parts = []
    if len(ln.hyphen) > 1 and text == ln.text and not CUSTOM_SPECIALS_RE.search(ln.hyphen):
        parts.append(f"hyphen:{ln.hyphen};")
    others = [i for i in ln.ids[1:] if not CUSTOM_SPECIALS_RE.search(i)]
    if ln.joined and others:
        parts.append(f"joined:{' '.join(others)};")
    return f"ocrmend {{{' '.join(parts)}}}" if parts else ""


def _new_id(source: tuple[str, ...], prefix: str, ids: set[str]) -> str:
    """The source's id where it is a valid, unused XML id; else ``<prefix><n>``."""
    if source and NCNAME_RE.match(source[0]) and source[0] not in ids:
        ids.add(source[0])
        return source[0]
    k = len(ids) + 1
    while f"{prefix}{k}" in ids:
        k += 1
    ids.add(f"{prefix}{k}")
    return f"{prefix}{k}"


def _union(boxes: list[Box]) -> Box:
    return Box(min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes), max(b.y1 for b in boxes))
