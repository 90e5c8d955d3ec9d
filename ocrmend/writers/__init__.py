"""Writers: a cleaned document as a layout file (ALTO 4.4, PAGE XML 2019).

An ALTO or PAGE input comes back as the same file, enriched with what
ocrmend found (block types, reading order, paragraphs, cleaned text; see
``alto`` and ``pagexml``); any other input becomes a new file built from
the page model.  ``Document.to_alto()`` and ``Document.to_page()`` call
these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from ..model import Document
    from .alto import write_alto
    from .pagexml import write_page

# -f choices that write XML, and the extension a batch gives their outputs
# (two-part, as archives name their layout files: page.alto.xml beside page.jpg).
XML_EXTENSIONS: Final = {"alto": ".alto.xml", "page": ".page.xml"}


def write_xml(doc: Document, fmt: str) -> str:
    """``write_alto`` or ``write_page`` by format name."""
    if fmt == "alto":
        from .alto import write_alto

        return write_alto(doc)
    from .pagexml import write_page

    return write_page(doc)


def __getattr__(name: str) -> Any:
    """The writers, imported when first asked for (a run that writes text
    or JSON never loads them: a quicker start)."""
    if name == "write_alto":
        from .alto import write_alto

        return write_alto
    if name == "write_page":
        from .pagexml import write_page

        return write_page
    raise AttributeError(name)


__all__ = ["XML_EXTENSIONS", "write_alto", "write_page", "write_xml"]
