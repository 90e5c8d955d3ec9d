"""Parsing XML that may be hostile: the one parser every XML reader uses.

No DTD is loaded, no entity resolved, nothing fetched from the network,
no huge tree built; a document that declares entities (the billion-laughs
bomb, an external entity naming a local file) is refused before parsing,
with a one-line error.  Malformed or truncated XML is a ``ReaderError``
too, and so is an XML file of another kind (``expect_root``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Final

from lxml import etree

from .errors import ReaderError

# How far into the file an entity declaration is looked for: the DOCTYPE
# and its internal subset come before the root element, at the head.
PROLOG_BYTES: Final = 64 * 1024
ENTITY_RE: Final = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
# A number as the layout formats write one in a list of them (hOCR's
# title, PAGE's points): an integer or a decimal, maybe negative -- a
# string ``float`` always takes ("." or "..." in a damaged title is none).
NUMBER_PATTERN: Final = r"-?(?:\d+(?:\.\d*)?|\.\d+)"
ENTITY16_RE: Final = re.compile(rb"<\x00!\x00\s?\x00?E\x00N\x00T\x00I\x00T\x00Y|\x00<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y", re.IGNORECASE)


@dataclass(slots=True)
class Trace:
    """Where a reader found each line in the tree it parsed, for the XML
    writers (``ocrmend.writers``), which enrich that same tree: ``root``,
    and ``lines[number - 1]``, the element that held line ``number`` (a
    TextLine; a region for text a PAGE region holds without lines)."""

    root: etree._Element | None = None
    lines: list[etree._Element] = field(default_factory=list)


# What every parse of a file is allowed: no DTD, no entity resolved, no
# network, no huge tree, no recovery from errors (one set, for the tree
# parser and the page-by-page one alike).
SAFE_OPTIONS: Final = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "recover": False,
    "remove_comments": True,
    "remove_pis": True,
}


def parser() -> etree.XMLParser:
    """A parser that loads no DTD, resolves no entity, uses no network and refuses huge trees."""
    return etree.XMLParser(**SAFE_OPTIONS)


def _refuse_entities(data: bytes, what: str) -> None:
    """An entity declaration in the head (the DTD comes before the root) is refused at once."""
    head = data[:PROLOG_BYTES]
    # (UTF-16 is the only text here with NUL bytes: the costly pattern runs on it alone)
    if ENTITY_RE.search(head) or (b"\x00" in head and ENTITY16_RE.search(head)):
        raise ReaderError(f"refusing {what}: the file declares XML entities (a DTD entity bomb or an external entity); they are never expanded")


def parse_xml(data: bytes, what: str) -> etree._Element:
    """The root element of ``data``, parsed safely (see the module's doc).
    ``what`` names the format in error messages ("ALTO", "PAGE XML", "hOCR")."""
    _refuse_entities(data, what)
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as e:
        raise ReaderError(f"not well-formed {what}: {_one_line(str(e))}") from None
    except ValueError as e:  # (lxml: e.g. a str with an encoding declaration)
        raise ReaderError(f"cannot read {what}: {_one_line(str(e))}") from None
    if root is None:
        raise ReaderError(f"not well-formed {what}: no root element")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ReaderError(f"refusing {what}: the file declares XML entities; they are never expanded")
    return root


def iter_xml(data: bytes, what: str, tags: tuple[str, ...], events: tuple[str, ...] = ("start", "end")) -> Iterator[tuple[str, etree._Element]]:
    """(event, element) over ``data`` as it is parsed, with the safety of
    ``parse_xml``: a reader that handles a page at its end tag and clears
    it holds one page's tree at a time, not the file's (a 30 MB ALTO file
    of many pages).  Errors are ``ReaderError`` when they are met, before
    any output is written.  Only the elements named in ``tags`` (lxml's
    ``{*}name`` for any namespace) are reported: the parser builds the rest
    without a Python call for each."""
    _refuse_entities(data, what)
    context = etree.iterparse(BytesIO(data), events=events, tag=tags, **SAFE_OPTIONS)
    try:
        yield from context
    except etree.XMLSyntaxError as e:
        raise ReaderError(f"not well-formed {what}: {_one_line(str(e))}") from None
    except ValueError as e:
        raise ReaderError(f"cannot read {what}: {_one_line(str(e))}") from None
    dtd = context.root.getroottree().docinfo.internalDTD if context.root is not None else None
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ReaderError(f"refusing {what}: the file declares XML entities; they are never expanded")


def local(tag: object) -> str:
    """An element's name without its namespace ("" for comments and the like)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def expect_root(root: etree._Element, names: tuple[str, ...], what: str) -> None:
    """Refuse an XML file whose root element is none of ``names`` (local names, any case)."""
    name = local(root.tag)
    if name.lower() not in {n.lower() for n in names}:
        raise ReaderError(f"not {what}: the root element is <{name}>, expected <{'> or <'.join(names)}>")


def _one_line(message: str) -> str:
    return " ".join(message.split())[:200]


def attr_number(value: str | None) -> float:
    """An attribute's number (0.0 when it is missing, not a number, NaN or
    infinite: a damaged coordinate, size or confidence says nothing, it does
    not stop the page; a NaN would not even equal itself as a dict key).

    >>> attr_number("12.5"), attr_number("x"), attr_number("nan"), attr_number("1e999"), attr_number(None)
    (12.5, 0.0, 0.0, 0.0, 0.0)
    """
    try:
        number = float(value) if value else 0.0
    except ValueError:
        return 0.0
    return number if math.isfinite(number) else 0.0
