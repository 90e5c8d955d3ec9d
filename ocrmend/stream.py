"""Large files in pieces: memory follows the piece, not the file.

A file of page after page (form feeds between pages, as pdftotext writes
them) can be hundreds of MB; the pipeline holds about 30 bytes per character
of the text it cleans, so a whole 200 MB file would need gigabytes. A file
larger than ``PIECE_CHARS`` bytes is therefore read and decoded a block at a
time and cut into *pieces* of whole pages, each at most ``PIECE_CHARS``
characters, and each piece is cleaned on its own with ``ocrmend.clean``. The
pieces' outputs are written one after the other, as if the file's blocks had
been rendered together: the text and Markdown of the pieces follow each other
with one blank line, and JSON is one document whose ``lines`` count from the
start of the file.

Why pieces of many pages rather than one page each: the pipeline joins a
paragraph that runs on from one page to the next, and cleaning page by page
loses that (on the rmrb-pdftotext real cases, boundary F1 0.936 -> 0.913).
So a file that fits in one piece -- nearly every real file -- is cleaned whole,
exactly as ``ocrmend.clean`` cleans it, and a larger one is cut only at page
breaks, about every ``PIECE_CHARS`` characters.

A single page longer than a piece (a file with no form feeds at all) is cut at
its last blank line before the limit, else at its last line end, else (one
enormous line) at the limit itself; each such cut is reported as a warning.

The encoding of a large file is detected on its first ``SAMPLE_BYTES`` (cut at
a line end) with ``decode`` (a damaged byte there does not change the verdict),
then the whole file is decoded with it. A byte that does not fit is an error
for that file, naming its offset; or, with ``repair=True``, it is shown as
U+FFFD and its offsets come with the piece (``Piece.bad``), as ``decode``
reports them for a small file, up to ``bad_byte_allowance`` of the bytes read.
"""

from __future__ import annotations

import codecs
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .decode import CONTROL_RE, MAX_CONTROL_SHARE, DecodeError, RepairingDecoder, decode, decode_bytes
from .model import Document, Edit
from .writers import XML_EXTENSIONS
from .render import document_dict

__all__ = ["PIECE_CHARS", "PIECE_LINES", "Piece", "PieceRenderer", "find_cut", "read_pieces"]

# At most this many characters are cleaned at once: about 6 MB of Chinese or
# 2 MB of English, 70-90 MB of memory in the pipeline. A file of at most this
# many bytes is always one piece.
PIECE_CHARS = 2_000_000
# ... and at most this many lines: the engine's memory goes by lines (a Line
# each, about 0.6 KB in all with its text and lists), not by characters, so
# a file of one-character lines is cut shorter (about 150 MB a piece).
PIECE_LINES = 250_000
# The encoding of a large file is detected on this much of its start.
SAMPLE_BYTES = 1 << 20
# Bytes read (and decoded) at a time.
READ_BYTES = 1 << 20

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)

# A blank line (spaces, tabs or ideographic spaces only): where a page too
# long for one piece is cut, since a paragraph rarely runs on across one.
BLANK_LINE_RE = re.compile("\n[ \t\u3000]*\n")


@dataclass(frozen=True, slots=True)
class Piece:
    """Whole pages (or part of one enormous page) of a file, decoded."""

    text: str
    line_offset: int  # lines of the file before this piece: add to its line numbers
    warning: str = ""  # set when the piece was cut inside a page
    dropped: int = 0  # characters between this piece and the next (the form feed of a page break)
    bad: tuple[tuple[int, int], ...] = ()  # with repair=True: byte spans (file offsets) shown as U+FFFD since the last piece


def find_cut(text: str, limit: int) -> tuple[int, int, str]:
    """Where to end a piece of ``text`` that must hold at most ``limit`` characters.

    Returns ``(end, resume, how)``: the piece is ``text[:end]``, the rest
    starts at ``text[resume:]``, and ``how`` says where: ``"at a page break"``
    (the form feed itself is dropped) or where inside a page.

    >>> find_cut("page one\\n\\fpage two\\n\\fpage three", 25)
    (19, 20, 'at a page break')
    >>> find_cut("para one\\n\\npara two\\nline", 20)
    (9, 9, 'at a blank line')
    >>> find_cut("line one\\nline two", 12)
    (9, 9, 'at a line end')
    >>> find_cut("abcdef", 4)
    (4, 4, 'inside a line')
    """
    page_break = text.rfind("\f", 0, limit + 1)
    if page_break > 0:
        return page_break, page_break + 1, "at a page break"
    blank = None
    for blank in BLANK_LINE_RE.finditer(text, 0, limit):  # noqa: B007 -- the last one counts
        pass
    if blank is not None:
        return blank.start() + 1, blank.start() + 1, "at a blank line"
    line_end = text.rfind("\n", 0, limit)
    if line_end >= 0:
        return line_end + 1, line_end + 1, "at a line end"
    return limit, limit, "inside a line"


def _piece_limit(buffer: str, piece_chars: int) -> int | None:
    """How much of ``buffer`` the next piece may hold, or None while it may
    grow: ``piece_chars`` characters, or up to its PIECE_LINES-th line end.

    >>> _piece_limit("ab" * 10, 100), _piece_limit("a" * 150, 100)
    (None, 100)
    """
    if len(buffer) > piece_chars:
        return piece_chars
    if len(buffer) <= PIECE_LINES or buffer.count("\n") <= PIECE_LINES:
        return None
    at = -1
    for _ in range(PIECE_LINES):
        at = buffer.index("\n", at + 1)
    return at + 1


def read_pieces(
    stream: BinaryIO,
    encoding: str | None = None,
    *,
    head: bytes = b"",
    piece_chars: int = PIECE_CHARS,
    repair: bool = False,
) -> tuple[str, Iterator[Piece]]:
    """Detect the encoding of ``stream`` and return ``(encoding, pieces)``.

    ``head`` is the part of the stream already read. The pieces are read
    lazily: a ``DecodeError`` may come from any of them. ``repair`` shows a
    few bad bytes as U+FFFD (``Piece.bad``) instead of stopping at the first.
    """
    head += stream.read(max(0, SAMPLE_BYTES - len(head)))
    if encoding is not None:
        name = decode_bytes(b"", encoding)[1]  # checks the name; the pieces check the bytes
    else:
        name = decode(_detection_sample(head)).encoding
    return name, _pieces(stream, head, name, piece_chars, declared=encoding is not None, repair=repair)


def _detection_sample(head: bytes) -> bytes:
    """The head up to its last line end, so that no character is cut in two."""
    if len(head) < SAMPLE_BYTES:
        return head  # the whole file
    if head.startswith(UTF32_BOMS):
        return head[:4]  # decode_bytes names them and refuses UTF-32 without --encoding
    if head.startswith(UTF16_BOMS):
        return head[:2]  # the mark alone settles it
    end = head.rfind(b"\n") + 1
    if end < len(head) // 2:  # hardly a line end: drop what may be half a UTF-8 character
        end = len(head)
        for back in range(1, 5):
            byte = head[-back]
            if byte & 0xC0 != 0x80:  # not a continuation byte
                if byte >= 0xC0:  # a lead byte: it and its continuation go
                    end = len(head) - back
                break
    return head[:end]


def _pieces(
    stream: BinaryIO, head: bytes, encoding: str, piece_chars: int, declared: bool, repair: bool
) -> Iterator[Piece]:
    repairing = RepairingDecoder(encoding, floor=len(head)) if repair else None
    decoder = codecs.getincrementaldecoder(encoding)()
    hint = (
        "check the --encoding value"
        if declared
        else "the file may be damaged, or its encoding (read from the first MB) wrong: repair it or pass the right --encoding"
    )
    reported = 0  # bad spans already given to a piece
    controls = ControlCount(encoding)
    buffer = ""
    offset = 0  # lines before the buffer
    consumed = 0  # bytes decoded so far, for error messages
    carry = ""  # a CR at the end of a block may be the first half of CRLF
    chunk, first = head, True
    while True:
        final = not chunk
        try:
            text = repairing.decode(chunk, final) if repairing is not None else decoder.decode(chunk, final=final)
        except UnicodeDecodeError as exc:
            bad = exc.object[exc.start : exc.start + 4]
            raise DecodeError(
                f"the input is not valid {encoding}: bytes {bad.hex(' ')} at offset {consumed + exc.start}; {hint}"
            ) from None
        consumed += len(chunk)
        if first and text.startswith("\ufeff"):
            text = text[1:]
        first = first and not text
        text = carry + text
        carry = ""
        if text.endswith("\r") and not final:
            text, carry = text[:-1], "\r"
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        controls.add(text, final)
        buffer += text
        while (limit := _piece_limit(buffer, piece_chars)) is not None:
            end, resume, how = find_cut(buffer, limit)
            text, buffer = buffer[:end], buffer[resume:]
            lines = text.count("\n")
            warning = "" if how == "at a page break" else f"a page longer than {piece_chars:,} characters was cut {how} (line {offset + lines + 1})"
            spans = tuple(repairing.spans[reported:]) if repairing is not None else ()
            reported += len(spans)
            yield Piece(text, offset, warning, resume - end, spans)
            offset += lines
        if final:
            break
        chunk = stream.read(READ_BYTES)
    yield Piece(buffer, offset, bad=tuple(repairing.spans[reported:]) if repairing is not None else ())


class ControlCount:
    """``decode_bytes``'s test for binary data, kept as running counts over a
    file read a block at a time: NUL anywhere, or more than 1% control
    characters (judged once 64K characters are in, or at the end)."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.controls = self.chars = 0

    def add(self, text: str, final: bool) -> None:
        if "\x00" in text:
            raise DecodeError(
                f"the input decoded as {self.encoding} contains NUL characters, so it looks binary; pass a text file"
            )
        self.controls += len(CONTROL_RE.findall(text))
        self.chars += len(text)
        if self.controls > MAX_CONTROL_SHARE * self.chars and (final or self.chars >= 1 << 16):
            raise DecodeError(
                f"the input looks binary ({self.controls} control characters in {self.chars} when read as "
                f"{self.encoding}); pass a text file, or its encoding with --encoding NAME"
            )


class PieceRenderer:
    """Writes the documents of a file's pieces as one output, as they come.

    The result is what the format's renderer gives for one document holding
    all the pieces' blocks, line numbers counted from the start of the file.
    """

    def __init__(self, fmt: str, write: Callable[[str], object], source: str, encoding: str) -> None:
        self.fmt = fmt
        self.write = write
        self.source = source
        self.encoding = encoding
        self.shown = False  # text/markdown: something written already
        self.blocks = 0
        self.edits: tempfile.SpooledTemporaryFile | None = None  # JSON edits wait for the blocks to end
        self.whole: Document | None = None  # XML (alto, page): one document, written at the end
        if fmt == "json":
            self.write(f'{{\n "source": {_dumps(source)},\n "encoding": {_dumps(encoding)},\n "blocks": [')

    def add(self, doc: Document, line_offset: int) -> None:
        if self.fmt in XML_EXTENSIONS:
            # (an XML document is one tree: the pieces' blocks wait for the end)
            for block in doc.blocks:
                for ln in block.lines:
                    ln.number += line_offset
            if self.whole is None:
                self.whole = Document([], self.source, self.encoding, options=doc.options)
            self.whole.blocks.extend(doc.blocks)
            return
        if self.fmt != "json":
            text = doc.to_text() if self.fmt == "text" else doc.to_markdown()
            if text:
                self.write("\n" + text if self.shown else text)
                self.shown = True
            return
        for block in document_dict(doc)["blocks"]:
            block["lines"] = [_shift(n, line_offset) for n in block["lines"]]
            self.write((",\n" if self.blocks else "\n") + _nested(block))
            self.blocks += 1
        for edit in doc.edits:
            self._spool_edit(edit, line_offset)

    def close(self) -> None:
        if self.fmt in XML_EXTENSIONS:
            from .writers import write_xml

            self.write(write_xml(self.whole or Document([], self.source, self.encoding), self.fmt))
            return
        if self.fmt != "json":
            return
        self.write("\n ]" if self.blocks else "]")
        if self.edits is not None:
            self.edits.seek(0)
            self.write(',\n "edits": [\n')
            for fragment in iter(lambda: self.edits.read(1 << 16), ""):
                self.write(fragment)
            self.write("\n ]")
            self.edits.close()
        self.write("\n}\n")

    def _spool_edit(self, edit: Edit, line_offset: int) -> None:
        # A file's edits can outnumber its blocks; they go to disk past a few MB.
        if self.edits is None:
            self.edits = tempfile.SpooledTemporaryFile(max_size=4 << 20, mode="w+", encoding="utf-8")
        else:
            self.edits.write(",\n")
        data = {"rule": edit.rule, "line": _shift(edit.line, line_offset), "before": edit.before, "after": edit.after}
        if edit.note:
            data["note"] = edit.note  # as render.document_dict writes it
        self.edits.write(_nested(data))


def _shift(number: int, offset: int) -> int:
    return number + offset if number > 0 else number


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _nested(value: dict) -> str:
    """A list item of a top-level key, as ``json.dumps(indent=1)`` writes it."""
    return "\n".join("  " + line for line in json.dumps(value, ensure_ascii=False, indent=1).split("\n"))
