"""What a file is, from its content: the root element of an XML file (ALTO,
PAGE XML, hOCR) or a PDF's magic bytes, whatever the file is called."""

from __future__ import annotations

import re
from typing import Final

# The head that tells: the XML declaration, comments, a DOCTYPE and the root
# element's start come within the first few KB.
SNIFF_BYTES: Final = 8192
ROOT_RE: Final = re.compile(r"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
SKIP_RE: Final = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]*\[.*?\])?[^>]*>)", re.DOTALL | re.IGNORECASE)
HOCR_MARKS: Final = ("ocr_page", "ocr_line", "ocrx_word", "ocr_carea", "ocr-system", "ocr_par")


def sniff(data: bytes) -> str | None:
    """"alto", "page", "hocr" or "pdf" from the content, None for anything else.

    >>> sniff(b'<?xml version="1.0"?><alto xmlns="http://www.loc.gov/standards/alto/ns-v3#">')
    'alto'
    >>> sniff(b"%PDF-1.7"), sniff(b"plain text")
    ('pdf', None)
    """
    head = data[:SNIFF_BYTES]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    text = _decode(head)
    pos = 0
    while True:
        m = SKIP_RE.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    rest = text[pos:].lstrip()
    m = ROOT_RE.match(rest)
    if not m:
        return None
    name = m.group(2).lower()
    if name == "alto":
        return "alto"
    if name == "pcgts":
        return "page"
    if name in ("html", "body", "div") and any(mark in text for mark in HOCR_MARKS):
        return "hocr"
    return None


def _decode(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace")
    if head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        return head.decode("utf-16-le" if head[0] == 0x3C else "utf-16-be", "replace")
    return head.decode("utf-8", "replace").lstrip("\ufeff")
