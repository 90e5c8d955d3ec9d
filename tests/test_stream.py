"""Large files in pieces (ocrmend/stream.py): what is cut where, and that the
pieces' outputs add up to the document the same pages give one by one."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

import ocrmend
from ocrmend import batch, stream
from ocrmend.decode import DecodeError
from ocrmend.model import Document
from ocrmend.render import document_dict

REPO = Path(__file__).resolve().parent.parent
SEED = (REPO / "samples" / "seed-page.txt").read_text(encoding="utf-8")
ENGLISH = "WORLD NEWS\n\nThe council met on Monday to dis-\ncuss the budget for next year.\n\n"
# Five pages of the same length, so that a piece of that length holds one page.
PAGES = [SEED, SEED.replace("中国", "中华"), SEED.replace("\n\n", "\n").ljust(len(SEED), "\n"), (ENGLISH * 200)[: len(SEED)], SEED]
FORMATS = ("text", "markdown", "json")


def render_pieces(data: bytes, fmt: str, piece_chars: int, explain: bool = False) -> tuple[str, list[stream.Piece]]:
    encoding, pieces = stream.read_pieces(io.BytesIO(data), piece_chars=piece_chars)
    written: list[str] = []
    renderer = stream.PieceRenderer(fmt, written.append, "file.txt", encoding)
    seen = []
    for piece in pieces:
        renderer.add(ocrmend.clean(piece.text, source="file.txt", explain=explain), piece.line_offset)
        seen.append(piece)
    renderer.close()
    return "".join(written), seen


def page_by_page(text: str, fmt: str, encoding: str, explain: bool = False, source: str = "file.txt") -> str:
    """Each page cleaned alone; the blocks gathered as one document, lines counted from the file's start."""
    pages = [ocrmend.clean(page, source=source, explain=explain) for page in text.split("\f")]
    if fmt != "json":
        rendered = [doc.to_text() if fmt == "text" else doc.to_markdown() for doc in pages]
        return "\n".join(r for r in rendered if r)
    blocks, edits, offset = [], [], 0
    for page, doc in zip(text.split("\f"), pages):
        data = document_dict(doc)
        blocks += [{**block, "lines": [n + offset for n in block["lines"]]} for block in data["blocks"]]
        edits += [{**edit, "line": edit["line"] + offset} for edit in data.get("edits", [])]
        offset += page.count("\n")
    whole = {"source": source, "encoding": encoding, "blocks": blocks, **({"edits": edits} if edits else {})}
    return json.dumps(whole, ensure_ascii=False, indent=1) + "\n"


# ------------------------------------------------------------------ where pieces are cut
@pytest.mark.parametrize(
    ("text", "limit", "cut"),
    [
        ("p1\n\fp2\n\fp3\n", 6, (3, 4, "at a page break")),  # the last page break that fits
        ("p1\n\fp2\n\fp3\n", 7, (7, 8, "at a page break")),
        ("\fp1", 2, (2, 2, "inside a line")),  # a break at the start would make an empty piece
        ("a\n\nb\n \nc\nd", 9, (5, 5, "at a blank line")),  # a blank line may hold spaces
        ("a\u3000\n\u3000\nb", 5, (3, 3, "at a blank line")),
        ("aa\nbb\ncc", 7, (6, 6, "at a line end")),
        ("aaaaaa", 4, (4, 4, "inside a line")),
    ],
)
def test_find_cut(text: str, limit: int, cut: tuple[int, int, str]) -> None:
    assert stream.find_cut(text, limit) == cut
    end, resume, _ = cut
    assert end <= limit and resume >= end


# ------------------------------------------------------------------ the pieces add up
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "utf-16", "utf-8-sig"])
def test_pieces_of_one_page_each_equal_cleaning_page_by_page(fmt: str, codec: str) -> None:
    text = "\f".join(PAGES)
    data = text.replace("\n", "\r\n").encode(codec)  # CRLF split across read blocks too
    output, pieces = render_pieces(data, fmt, piece_chars=len(SEED))
    assert len(pieces) == len(PAGES) and not any(p.warning for p in pieces)
    encoding = ocrmend.decode.decode_bytes(data)[1]
    assert output == page_by_page(text, fmt, encoding)


@pytest.mark.parametrize("fmt", FORMATS)
def test_explain_edits_carry_file_line_numbers(fmt: str) -> None:
    text = "\f".join(PAGES)
    output, _ = render_pieces(text.encode(), fmt, piece_chars=len(SEED), explain=True)
    assert output == page_by_page(text, fmt, "utf-8", explain=True)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("explain", [False, True])
def test_one_piece_renders_as_the_whole_document(fmt: str, explain: bool) -> None:
    data = ("\f".join(PAGES[:2]) + "\f" + ENGLISH).encode()
    output, pieces = render_pieces(data, fmt, piece_chars=10**9, explain=explain)
    assert len(pieces) == 1
    doc = ocrmend.clean(data, source="file.txt", explain=explain)
    assert output == {"text": doc.to_text, "markdown": doc.to_markdown, "json": doc.to_json}[fmt]()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_empty_pieces_render_as_an_empty_document(fmt: str) -> None:
    output, _ = render_pieces(b"\f\f \n\f", fmt, piece_chars=1)
    assert output == {"text": Document([]).to_text(), "json": Document([], "file.txt").to_json()}[fmt]


def test_a_page_without_page_breaks_is_cut_at_blank_lines_and_loses_nothing() -> None:
    text = (SEED.replace("\f", "") + "\n\n") * 6
    output, pieces = render_pieces(text.encode(), "json", piece_chars=len(text) // 5)
    assert len(pieces) >= 5
    assert "".join(p.text for p in pieces) == text  # cut at blank lines: every character kept, in order
    assert all("was cut at a blank line" in p.warning for p in pieces[:-1])
    lines = [block["lines"] for block in json.loads(output)["blocks"]]
    assert lines == sorted(lines) and lines[-1][1] <= text.count("\n")


def test_a_line_longer_than_a_piece_is_cut_inside() -> None:
    text = "字" * 1000
    _, pieces = render_pieces(text.encode(), "text", piece_chars=300)
    assert [len(p.text) for p in pieces] == [300, 300, 300, 100]
    assert "cut inside a line" in pieces[0].warning


# ------------------------------------------------------------------ decoding a file a block at a time
def test_encoding_is_detected_on_the_start_and_used_for_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "SAMPLE_BYTES", 64)
    monkeypatch.setattr(stream, "READ_BYTES", 50)  # blocks that cut characters in two
    text = "\f".join(["新聞報導第一頁。\n" * 20, "第二頁，繁體字也有。\n" * 20])
    for codec in ("gb18030", "big5", "utf-8", "utf-16"):
        data = text.encode(codec)
        encoding, pieces = stream.read_pieces(io.BytesIO(data), piece_chars=100)
        assert encoding == ocrmend.decode.decode_bytes(data)[1]
        assert "\f".join(p.text for p in pieces).replace("\f", "") == data.decode(codec).lstrip("\ufeff").replace("\f", "")


@pytest.mark.parametrize("start", ["", "x\n"])
@pytest.mark.parametrize("char", ["中", "𠀀", "é"])
@pytest.mark.parametrize("shift", range(4))
def test_a_start_without_line_ends_is_not_cut_inside_a_character(
    monkeypatch: pytest.MonkeyPatch, start: str, char: str, shift: int
) -> None:
    monkeypatch.setattr(stream, "SAMPLE_BYTES", 64 + shift)
    data = (start + char * 100).encode()
    encoding, pieces = stream.read_pieces(io.BytesIO(data), piece_chars=30)
    assert encoding == "utf-8" and "".join(p.text for p in pieces) == data.decode()


@pytest.mark.parametrize(
    ("tail", "fragment"),
    [(b"\xff\xfe", "not valid utf-8: bytes ff fe at offset"), (b"x\x00y", "NUL"), (b"\x01" * 5000, "looks binary")],
)
def test_bad_bytes_further_on_are_an_error(monkeypatch: pytest.MonkeyPatch, tail: bytes, fragment: str) -> None:
    monkeypatch.setattr(stream, "SAMPLE_BYTES", 1000)
    data = ("正文。\n" * 2000).encode() + tail
    _, pieces = stream.read_pieces(io.BytesIO(data), piece_chars=500)
    with pytest.raises(DecodeError, match=fragment):
        list(pieces)


def test_a_dos_end_of_file_mark_is_not_binary() -> None:
    _, pieces = stream.read_pieces(io.BytesIO(("正文。\n" * 3000).encode() + b"\x1a"), piece_chars=1000)
    assert len(list(pieces)) > 1


# ------------------------------------------------------------------ through the CLI's batch path
@pytest.fixture()
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(batch, "PIECE_CHARS", len(SEED))
    return len(SEED)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_large_file_is_cleaned_page_by_page(small_pieces: int, tmp_path: Path, fmt: str) -> None:
    text = "\f".join(PAGES)
    source = tmp_path / "issue.txt"
    source.write_bytes(text.encode("gb18030"))
    settings = batch.Settings(fmt=fmt)
    record = batch.clean_input(batch.Job(str(source), "issue.txt", str(tmp_path / "out" / f"issue{settings.extension}")), settings)
    assert record["status"] == "ok", record
    assert record["encoding"] == "gb18030" and record["chars_in"] == len(text)
    assert record["warnings"] == [f"cleaned in 5 pieces of whole pages (each at most {small_pieces:,} characters or {stream.PIECE_LINES:,} lines)"]
    written = (tmp_path / "out" / f"issue{settings.extension}").read_text(encoding="utf-8")
    assert written == page_by_page(text, fmt, "gb18030", source="issue.txt")
    assert record["chars_out"] == len(written)


def test_a_large_file_with_a_few_bad_bytes_warns_once(small_pieces: int, tmp_path: Path) -> None:
    data = bytearray("\f".join(PAGES).encode("gb18030"))
    starts = (len(data) // 3, 2 * len(data) // 3)
    hit = [next(at for at in range(start, len(data)) if data[at] >= 0x80 and data[at - 1] < 0x80) for start in starts]
    for at in hit:
        data[at] = 0xFF  # a lead byte (the first of a line's characters) overwritten
    source = tmp_path / "issue.txt"
    source.write_bytes(bytes(data))
    record = batch.clean_input(batch.Job(str(source), "issue.txt", str(tmp_path / "issue.out.txt")), batch.Settings())
    assert record["status"] == "ok", record
    assert record["decode_warnings"] == [f"4 bytes not valid gb18030 at offsets {hit[0]}-{hit[0] + 1}, {hit[1]}-{hit[1] + 1} are shown as U+FFFD (the file may be cut short or damaged)"]
    assert record["warnings"][0] == record["decode_warnings"][0] and "pieces" in record["warnings"][1]
    assert (tmp_path / "issue.out.txt").read_text("utf-8").count("\ufffd") == 2


def test_memory_follows_the_piece_not_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """What bounds memory: the file is never read whole, and the cleaner never
    gets more than a piece. (The memory itself is measured by hand on a 200 MB
    file: README.md, Batches.)"""
    monkeypatch.setattr(batch, "PIECE_CHARS", 20_000)
    monkeypatch.setattr(stream, "READ_BYTES", 8192)
    page = SEED.split("\n\n\n")[0][:3000] + "\n"
    source = tmp_path / "big.txt"
    source.write_bytes(("\f".join([page] * 40)).encode())  # 120,000 characters
    given: list[int] = []
    real_clean = ocrmend.clean

    def clean(data, **kwargs):
        given.append(len(data))
        return real_clean(data, **kwargs)

    def read_whole(self: Path) -> bytes:
        raise AssertionError("a large file was read whole")

    monkeypatch.setattr(ocrmend, "clean", clean)
    monkeypatch.setattr(Path, "read_bytes", read_whole)
    record = batch.clean_input(batch.Job(str(source), "big.txt", str(tmp_path / "big.out.txt")), batch.Settings())
    assert record["status"] == "ok", record
    assert len(given) >= 6 and max(given) <= 20_000
    assert record["chars_in"] == len(page) * 40 + 39  # the form feeds too
    assert sum(given) <= record["chars_in"]


def test_a_large_file_without_page_breaks_reports_where_it_was_cut(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(batch, "PIECE_CHARS", 1000)
    source = tmp_path / "one-page.txt"
    source.write_text("正文第一段。\n\n" * 3000, encoding="utf-8")  # 24,000 characters, no form feed
    record = batch.clean_input(batch.Job(str(source), "one-page.txt", str(tmp_path / "out.txt")), batch.Settings())
    warnings = record["warnings"]
    pieces = int(warnings[0].split()[2])
    assert pieces >= 24 and warnings[0] == f"cleaned in {pieces} pieces (each at most 1,000 characters or {stream.PIECE_LINES:,} lines)"
    assert all("was cut at a blank line" in w for w in warnings[1:11])
    assert warnings[11:] == [f"and {pieces - 1 - 10} more cuts inside pages"]
    assert (tmp_path / "out.txt").read_text("utf-8") == "\n\n".join(["正文第一段。"] * 3000) + "\n"


# ------------------------------------------------------------------ an input written to while it is read
def changing_clean(monkeypatch: pytest.MonkeyPatch, source: Path, change) -> None:
    """ocrmend.clean that changes ``source`` the first time it is called: the file is then
    read (in pieces), or was read (whole), as another program writes it."""
    real_clean = ocrmend.clean
    calls = []

    def clean(data, **kwargs):
        if not calls:
            change(source)
        calls.append(1)
        return real_clean(data, **kwargs)

    monkeypatch.setattr(ocrmend, "clean", clean)


def truncate_to_a_quarter(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 4)


def grow(path: Path) -> None:
    with open(path, "ab") as file:
        file.write(("追加的一页。\n" * 2000).encode())


@pytest.mark.parametrize("change", [truncate_to_a_quarter, grow], ids=["truncated", "grown"])
@pytest.mark.parametrize("piece_chars", [1000, None], ids=["in-pieces", "whole"])
def test_a_file_changed_while_read_fails_and_is_never_ok(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, change, piece_chars: int | None
) -> None:
    if piece_chars is not None:
        monkeypatch.setattr(batch, "PIECE_CHARS", piece_chars)
        monkeypatch.setattr(stream, "READ_BYTES", 4096)
    source = tmp_path / "issue.txt"
    source.write_bytes(("\f".join(PAGES[:2])).encode())
    changing_clean(monkeypatch, source, change)
    target = tmp_path / "out" / "issue.txt"
    record = batch.clean_input(batch.Job(str(source), "issue.txt", str(target)), batch.Settings())
    assert record["status"] == "failed", record
    assert record["error"].startswith("issue.txt changed while it was read (")
    assert record["error"].endswith("; clean it again once nothing writes to it any more")
    assert not target.exists() and list(target.parent.iterdir()) == []  # no output, no temporary file

    # To stdout: what was written cannot be taken back, but it is not reported ok.
    source.write_bytes(("\f".join(PAGES[:2])).encode())
    changing_clean(monkeypatch, source, change)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO()))
    record = batch.clean_input(batch.Job(str(source), "issue.txt"), batch.Settings())
    assert record["status"] == "failed" and "changed while it was read" in record["error"]


def test_a_file_that_keeps_growing_is_not_read_for_ever(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Reading stops at the first byte past the size the file had when it was opened."""
    monkeypatch.setattr(batch, "PIECE_CHARS", 1000)
    monkeypatch.setattr(stream, "READ_BYTES", 4096)
    source = tmp_path / "log.txt"
    source.write_bytes(("正文第一段。\n\n" * 1000).encode())
    size = source.stat().st_size
    real_read = batch._InputFile.read
    reads = []

    def read(self, n=-1):
        with open(source, "ab") as file:  # a writer appending as fast as we read
            file.write(b"x" * 4096 + b"\n")
        reads.append(n)
        return real_read(self, n)

    monkeypatch.setattr(batch._InputFile, "read", read)
    record = batch.clean_input(batch.Job(str(source), "log.txt", str(tmp_path / "out.txt")), batch.Settings())
    assert record["status"] == "failed" and record["error"].startswith(f"log.txt changed while it was read ({size:,} bytes")
    assert len(reads) <= 2  # the head that tells the format, then the first read past the size stopped it


def test_a_file_of_short_lines_is_cut_by_lines_to_bound_the_memory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The engine's memory goes by lines: a file of one-character lines is
    cleaned in pieces of at most PIECE_LINES lines, and nothing is lost."""
    monkeypatch.setattr(stream, "PIECE_LINES", 1000)
    monkeypatch.setattr(batch, "PIECE_LINES", 1000)
    seen: list[int] = []
    real_clean = ocrmend.clean

    def counting_clean(data, **kwargs):  # type: ignore[no-untyped-def]
        seen.append((data if isinstance(data, str) else data.decode("utf-8")).count("\n"))
        return real_clean(data, **kwargs)

    monkeypatch.setattr(ocrmend, "clean", counting_clean)
    page = tmp_path / "short.txt"
    page.write_text("字\n" * 5000, encoding="utf-8")  # small enough in bytes to be read whole
    record = batch.clean_input(batch.Job(str(page), "short.txt", str(tmp_path / "out" / "short.txt")), batch.Settings())
    assert len(seen) >= 5 and max(seen) <= 1000, seen
    assert (tmp_path / "out" / "short.txt").read_text(encoding="utf-8").count("字") == 5000
    assert record["warnings"][0].startswith("cleaned in ")
