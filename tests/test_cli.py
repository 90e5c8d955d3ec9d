"""The ocrmend command: formats, files, exit codes and messages.

These tests hold the CLI to its contract, not the cleaner to its quality: every
expected document is what the library itself returns for the same bytes, so
they keep passing while the algorithm changes.
"""

from __future__ import annotations

import collections
import inspect
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ocrmend
from ocrmend import batch, cli
from ocrmend.cli import ExitCode, app
from ocrmend.model import Block, BlockType, Document, Edit, Line

REPO = Path(__file__).resolve().parent.parent
PAGE = "加 强 卫 生 健 康\n\n新冠肺炎疫情在非洲暴发后，中\n国迅速向非洲伸出援手。\n\n共同的期待\n"
ENGLISH = "WORLD NEWS\n\nThe council met on Monday to dis-\ncuss the budget for next year.\n"
FORMATS = {"text": ("to_text", ".txt"), "markdown": ("to_markdown", ".md"), "json": ("to_json", ".json")}


def make_runner() -> CliRunner:
    # Older click needs mix_stderr=False to keep stderr apart; newer has no such argument.
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


def run(*args: str, input: bytes | None = None):
    result = make_runner().invoke(app, list(args), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def expected(data: bytes, source: str, fmt: str = "text", **options) -> str:
    return getattr(ocrmend.clean(data, source=source, **options), FORMATS[fmt][0])()


def assert_one_error_line(stderr: str, *fragments: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("ocrmend: error: ") and "; " in lines[0], lines[0]
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in stderr


@pytest.fixture()
def pages(tmp_path: Path) -> Path:
    """A folder of inputs: nested files, an ignored suffix, an empty file."""
    root = tmp_path / "pages"
    (root / "1998" / "jan").mkdir(parents=True)
    (root / "a.txt").write_bytes(PAGE.encode())
    (root / "1998" / "b.txt").write_bytes(ENGLISH.replace("\n", "\r\n").encode())
    (root / "1998" / "jan" / "c.txt").write_bytes(PAGE.encode("gb18030"))
    (root / "1998" / "notes.md").write_text("not an input")
    (root / "empty.txt").write_bytes(b"")
    return root


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# ------------------------------------------------------------------ basics
def test_version() -> None:
    result = run("--version")
    assert result.exit_code == ExitCode.OK
    assert result.stdout == f"ocrmend {ocrmend.__version__}\n"


def test_help_shows_examples_and_every_option() -> None:
    result = run("clean", "--help")
    assert result.exit_code == ExitCode.OK
    assert "Examples:" in result.stdout and "ocrmend clean pages/ -o cleaned/" in result.stdout
    for option in ("--format", "-f", "--out", "-o", "--glob", "--encoding", "--punctuation", "--convert",
                   "--explain", "--traceback", "--quiet"):  # fmt: skip
        assert option in result.stdout


def test_no_arguments_show_help() -> None:
    result = run()
    assert result.exit_code == ExitCode.OK
    assert "clean" in result.stdout and "Examples:" in result.stdout


def test_every_command_and_option_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    group = cli.typer.main.get_command(app)
    for name, command in group.commands.items():
        assert f"ocrmend {name}" in readme
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in readme, f"{opt} of `ocrmend {name}` is not in README.md"


def test_exit_codes() -> None:
    assert [int(code) for code in ExitCode] == [0, 1, 2, 130, 143]  # 143: SIGTERM (tests/test_batch.py)


# ------------------------------------------------------------------ filter: stdin to stdout
@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("args", [(), ("-",)], ids=["no-path", "dash"])
def test_filter_reads_stdin_writes_only_the_document(fmt: str, args: tuple[str, ...]) -> None:
    data = PAGE.encode()
    result = run("clean", "-f", fmt, *args, input=data)
    assert result.exit_code == ExitCode.OK
    assert result.stdout == expected(data, "<stdin>", fmt)
    assert result.stderr == ""


def test_filter_output_is_utf8_whatever_the_input(tmp_path: Path) -> None:
    data = PAGE.encode("utf-16")
    result = run("clean", "-f", "json", input=data)
    assert result.exit_code == ExitCode.OK
    assert json.loads(result.stdout_bytes.decode("utf-8"))["encoding"] == "utf-16-le"


def test_long_format_option_and_json_source() -> None:
    result = run("clean", "--format", "json", input=PAGE.encode())
    assert json.loads(result.stdout)["source"] == "<stdin>"


@pytest.mark.parametrize("data", [b"", b"\n\n  \n"], ids=["empty", "blank"])
def test_empty_input_gives_empty_output(data: bytes) -> None:
    result = run("clean", input=data)
    assert (result.exit_code, result.stdout, result.stderr) == (ExitCode.OK, "", "")


# ------------------------------------------------------------------ one file to stdout
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_one_file_to_stdout(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(PAGE.encode("gb18030"))
    result = run("clean", "-f", fmt, str(path))
    assert result.exit_code == ExitCode.OK
    assert result.stdout == expected(PAGE.encode("gb18030"), str(path), fmt)
    assert result.stderr == ""


def test_empty_file_gives_empty_output(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run("clean", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (ExitCode.OK, "", "")


def test_one_file_with_out_writes_a_file(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(PAGE.encode())
    result = run("clean", "-f", "markdown", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.OK and result.stdout == ""
    assert (tmp_path / "out" / "page.md").read_text(encoding="utf-8") == expected(PAGE.encode(), str(path), "markdown")


# ------------------------------------------------------------------ batches
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_folder_is_mirrored_into_out(pages: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out" / "nested"  # created as needed
    result = run("clean", str(pages), "--out", str(out), "-f", fmt, "--quiet")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    ext = FORMATS[fmt][1]
    assert files_under(out) == sorted(f"{name}{ext}" for name in ("1998/b", "1998/jan/c", "a", "empty"))
    for relative in ("a.txt", "1998/b.txt", "1998/jan/c.txt", "empty.txt"):
        source = pages / relative
        written = (out / relative).with_suffix(ext).read_bytes().decode("utf-8")
        assert written == expected(source.read_bytes(), str(source), fmt)


def test_glob_chooses_the_files_in_folders(pages: Path, tmp_path: Path) -> None:
    result = run("clean", str(pages), "-o", str(tmp_path / "out"), "--glob", "*.md", "-q")
    assert result.exit_code == ExitCode.OK
    assert files_under(tmp_path / "out") == ["1998/notes.txt"]


def test_several_files_and_folders(pages: Path, tmp_path: Path) -> None:
    single = tmp_path / "single.txt"
    single.write_bytes(ENGLISH.encode())
    result = run("clean", str(single), str(pages / "1998"), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.OK
    assert files_under(tmp_path / "out") == ["b.txt", "jan/c.txt", "single.txt"]
    assert result.stdout == ""
    assert result.stderr == f"ocrmend: cleaned 3 of 3 inputs into {tmp_path / 'out'}\n"


def test_earlier_outputs_inside_the_input_folder_are_not_inputs(pages: Path) -> None:
    for _ in range(2):
        result = run("clean", str(pages), "-o", str(pages / "clean"), "-q")
        assert result.exit_code == ExitCode.OK
    assert files_under(pages / "clean") == ["1998/b.txt", "1998/jan/c.txt", "a.txt", "empty.txt"]


def test_a_list_from_find_does_not_take_earlier_outputs_for_inputs(pages: Path) -> None:
    out = pages / "clean"
    for _ in range(2):  # the second list holds the first run's outputs too
        listed = "".join(f"{p}\n" for p in sorted(pages.rglob("*.txt")))
        result = run("clean", "--from-list", "-", "-o", str(out), "-q", input=listed.encode())
        assert result.exit_code == ExitCode.OK, result.stderr
    assert files_under(out) == ["1998/b.txt", "1998/jan/c.txt", "a.txt", "empty.txt"]


def test_a_folder_that_cannot_be_listed_is_a_failure_not_a_gap(
    monkeypatch: pytest.MonkeyPatch, pages: Path, tmp_path: Path
) -> None:
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("jan"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # chmod 0 does not stop root
    result = run("clean", str(pages), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == ExitCode.FAILED
    assert_one_error_line(result.stderr, f"cannot read the folder {pages / '1998' / 'jan'}: Permission denied", "permissions")
    assert files_under(tmp_path / "out") == ["1998/b.txt", "a.txt", "empty.txt"]


def test_linked_folders_are_followed_once_and_a_loop_is_harmless(pages: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "disk2" / "1999"
    elsewhere.mkdir(parents=True)
    (elsewhere / "d.txt").write_bytes(PAGE.encode())
    (pages / "1999").symlink_to(elsewhere)  # an archive spread over two disks
    (pages / "1998" / "jan" / "up").symlink_to(pages / "1998")  # a loop
    (elsewhere / "again").symlink_to(elsewhere)  # another
    result = run("clean", str(pages), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert files_under(tmp_path / "out") == ["1998/b.txt", "1998/jan/c.txt", "1999/d.txt", "a.txt", "empty.txt"]


def test_file_names_that_are_not_utf8_go_into_the_report_and_json(tmp_path: Path) -> None:
    """GBK names, as archives copied from Windows have them: no traceback, names that read back."""
    folder = os.fsencode(tmp_path / "pages")
    os.makedirs(folder)
    name = folder + b"/" + "第一版".encode("gbk") + b".txt"
    try:
        with open(name, "wb") as page:
            page.write(PAGE.encode())
    except OSError:
        pytest.skip("this file system takes only UTF-8 names")
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    result = run("clean", str(tmp_path / "pages"), "-o", str(out), "-f", "json", "--report", str(report), "-q")
    assert result.exit_code == ExitCode.OK, result.stderr
    [record], _ = read_report(report)
    assert os.fsencode(record["path"]) == name  # \udcXX escapes read back to the file's name
    [output] = out.iterdir()
    assert os.fsencode(json.loads(output.read_bytes().decode("utf-8"))["source"]) == name


def test_one_bad_file_does_not_stop_the_batch(pages: Path, tmp_path: Path) -> None:
    (pages / "1998" / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    out = tmp_path / "out"
    result = run("clean", str(pages), "-o", str(out))
    assert result.exit_code == ExitCode.FAILED
    assert files_under(out) == ["1998/b.txt", "1998/jan/c.txt", "a.txt", "empty.txt"]
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert_one_error_line("\n".join(errors), str(pages / "1998" / "scan.txt"), "binary")
    assert result.stderr.splitlines()[-1] == f"ocrmend: cleaned 4 of 5 inputs into {out}; 1 failed"


def test_the_same_input_twice_is_cleaned_once(pages: Path, tmp_path: Path) -> None:
    result = run("clean", str(pages / "a.txt"), str(pages / "a.txt"), str(pages), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.OK, result.stderr
    assert files_under(tmp_path / "out") == ["1998/b.txt", "1998/jan/c.txt", "a.txt", "empty.txt"]


def test_missing_path_in_a_batch_does_not_stop_it(pages: Path, tmp_path: Path) -> None:
    result = run("clean", str(pages / "a.txt"), str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == ExitCode.FAILED
    assert files_under(tmp_path / "out") == ["a.txt"]
    assert_one_error_line(result.stderr, "missing.txt", "no such file")


# ------------------------------------------------------------------ bad arguments: exit 2, nothing written
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-f", "xml"), "ocrmend: error: unknown format 'xml'; use text, markdown, json, alto or page"),
        (("--format", "TEXT"), "ocrmend: error: unknown format 'TEXT'; use text, markdown, json, alto or page"),
        (("--punctuation", "narrow"), "ocrmend: error: unknown punctuation policy 'narrow'; use one of widen, keep"),
        (("--encoding", "no-such-codec"), "ocrmend: error: unknown encoding 'no-such-codec'; use a Python codec name"),
        (("--convert", "t2s!"), "ocrmend: error: unknown conversion 't2s!'; use one of"),
        (("--frmat", "json"), "ocrmend: error: no such option: --frmat"),
        (("-f",), "ocrmend: error: option '-f' requires an argument"),
    ],
)
def test_bad_options_are_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = run("clean", *args, input=PAGE.encode())
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert_one_error_line(result.stderr)
    assert result.stderr.startswith(message)


def test_unknown_format_message_is_exactly_one_line() -> None:
    result = run("clean", "-f", "x", input=b"")
    assert result.stderr == "ocrmend: error: unknown format 'x'; use text, markdown, json, alto or page\n"


def test_unknown_command() -> None:
    result = run("tidy")
    assert result.exit_code == ExitCode.USAGE
    assert_one_error_line(result.stderr, "no such command 'tidy'", "ocrmend --help")


@pytest.mark.parametrize(
    ("make_args", "fragment"),
    [
        (lambda p: [str(p)], "is a folder; pass --out DIR"),
        (lambda p: [str(p / "a.txt"), str(p / "empty.txt")], "2 inputs need --out DIR"),
        (lambda p: ["-", str(p / "a.txt"), "-o", str(p.parent / "out")], "'-' (stdin) cannot be mixed"),
        (lambda p: ["-o", str(p.parent / "out")], "--out needs PATH arguments"),
        (lambda p: [str(p), "-o", str(p)], "would be overwritten by its own output"),
        (lambda p: [str(p / "a.txt"), "-o", str(p / "a.txt")], "is a file; pass a folder"),
        (lambda p: [str(p / "a.txt"), str(p / "1998" / "jan"), "-o", str(p.parent / "out"),
                    (p / "1998" / "jan" / "a.txt").write_text("x") and "-q"],
         "would both be written to"),
    ],
    ids=["folder-without-out", "files-without-out", "stdin-and-paths", "stdin-with-out", "out-is-input",
         "out-is-a-file", "two-inputs-one-output"],
)  # fmt: skip
def test_bad_path_combinations_are_usage_errors(pages: Path, make_args, fragment: str) -> None:
    args = make_args(pages)
    before = files_under(pages.parent)
    result = run("clean", *args, input=b"x")
    assert result.exit_code == ExitCode.USAGE, result.stderr
    assert_one_error_line(result.stderr, fragment)
    assert result.stdout == ""
    assert files_under(pages.parent) == before  # nothing written


# ------------------------------------------------------------------ bad inputs: exit 1, one line
BAD_INPUTS = [
    pytest.param(b"text\x00with NUL", "NUL bytes", id="nul-bytes"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", id="png"),
    pytest.param(bytes(range(1, 32)) * 8, "binary", id="control-characters"),
    pytest.param(b"\x81\x8d\x8f\x90\x9d\xff", "--encoding", id="undecodable"),
    pytest.param("中文".encode() * 20 + b"\xff" * 3, "UTF-8", id="damaged-utf-8"),  # (more bad bytes than a damaged file holds)
    pytest.param("utf-16 without bom".encode("utf-16-le"), "--encoding utf-16-le", id="utf-16-without-bom"),
]


@pytest.mark.parametrize(("data", "fragment"), BAD_INPUTS)
def test_bad_input_on_stdin(data: bytes, fragment: str) -> None:
    result = run("clean", input=data)
    assert result.exit_code == ExitCode.FAILED
    assert result.stdout == ""
    assert_one_error_line(result.stderr, "<stdin>", fragment)


@pytest.mark.parametrize(("data", "fragment"), BAD_INPUTS)
def test_bad_input_file(tmp_path: Path, data: bytes, fragment: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    result = run("clean", str(path))
    assert result.exit_code == ExitCode.FAILED
    assert result.stdout == ""
    assert_one_error_line(result.stderr, str(path), fragment)


@pytest.mark.parametrize(
    ("data", "text", "warning"),
    [
        pytest.param("中文".encode() * 20 + b"\xff", "中文" * 20 + "\ufffd", "1 byte not valid utf-8 at offset 120", id="utf-8-cut"),
        pytest.param("中小企业发展".encode("gbk") * 10 + b"\xd6", "中小企业发展" * 10 + "\ufffd", "1 byte not valid gb18030 at offset 120", id="gbk-cut"),
    ],
)
def test_a_few_bad_bytes_are_shown_and_warned_about(data: bytes, text: str, warning: str) -> None:
    result = run("clean", input=data)
    assert result.exit_code == ExitCode.OK
    assert result.stdout.strip() == text
    assert result.stderr.startswith(f"ocrmend: warning: <stdin>: {warning} is shown as U+FFFD")
    as_json = run("clean", "-f", "json", input=data)  # the JSON document carries the warning too
    assert json.loads(as_json.stdout)["warnings"][0].startswith(f"{warning} is shown as U+FFFD")


def _damaged(text: str, codec: str, places: list[int]) -> tuple[bytes, list[int]]:
    """``text`` in ``codec`` with 0xFF written over the lead byte of the
    character at each byte offset at or after ``places``; returns the bytes
    and the offsets overwritten."""
    data = bytearray(text.encode(codec))
    hit = []
    for place in places:
        at = place
        while not _is_lead(data, at):
            at += 1
        data[at] = 0xFF
        hit.append(at)
    return bytes(data), hit


def _is_lead(data: bytearray, at: int) -> bool:
    # (every character of our pages past ASCII has two bytes: a lead byte is one
    # an even number of high bytes after the last ASCII byte)
    start = at
    while start > 0 and data[start - 1] >= 0x80:
        start -= 1
    return data[at] >= 0x80 and (at - start) % 2 == 0


# a long page of our own text (the CLI tests' page, its body grown to 40 paragraphs)
LONG_PAGE = PAGE + "".join(f"\n第{n}段：新冠肺炎疫情在非洲暴发后，中国迅速向非洲伸出援手，\n派出医疗专家组，援助抗疫物资。\n" for n in range(40))
LONG_PAGE_HANT = "高雄港貨櫃量回升\n" + "".join(f"\n第{n}段：高雄港務分公司昨日公布統計，今年上半年貨櫃裝卸量\n成長，各航線運量穩定回升。\n" for n in range(40))


@pytest.mark.parametrize("codec", ["gbk", "big5"])
def test_a_long_legacy_file_with_a_few_bad_bytes_is_read_with_a_warning_per_file(tmp_path: Path, codec: str) -> None:
    text = LONG_PAGE if codec == "gbk" else LONG_PAGE_HANT
    data, hit = _damaged(text, codec, [300, 1200, 2500])
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "p1.txt").write_bytes(data)
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    result = run("clean", str(tmp_path / "in"), "-o", str(out), "-f", "json", "--report", str(report), "-q")
    assert result.exit_code == ExitCode.OK, result.stderr
    [line] = result.stderr.splitlines()  # one line for the file
    name = "big5" if codec == "big5" else "gb18030"
    offsets = ", ".join(f"{at}-{at + 1}" for at in hit)  # (each 0xFF takes its lost trail byte along)
    assert line == f"ocrmend: warning: {tmp_path / 'in' / 'p1.txt'}: 6 bytes not valid {name} at offsets {offsets} are shown as U+FFFD (the file may be cut short or damaged)"
    [record], _ = read_report(report)
    assert record["status"] == "ok" and record["encoding"] == name
    assert record["warnings"] == [line.split(": ", 3)[3]] and "decode_warnings" not in record
    doc = json.loads((out / "p1.json").read_text("utf-8"))
    assert sum(b["text"].count("\ufffd") for b in doc["blocks"]) == 3
    assert "".join(b["text"] for b in doc["blocks"]).count("新冠肺炎" if codec == "gbk" else "高雄港務") >= 38  # the rest reads as it should


def test_each_bad_byte_is_an_explained_edit() -> None:
    data, hit = _damaged(LONG_PAGE, "gbk", [200, 900])
    result = run("clean", "--explain", "-f", "json", input=data)
    assert result.exit_code == ExitCode.OK
    edits = [e for e in json.loads(result.stdout)["edits"] if e["rule"] == "D001"]
    lines = [data[:at].count(b"\n") + 1 for at in hit]
    assert edits == [
        {"rule": "D001", "line": line, "before": f"\\xff\\x{data[at + 1]:02x}", "after": "\ufffd", "note": f"not valid gb18030 at offset {at}"}
        for line, at in zip(lines, hit)
    ]


def test_too_many_bad_bytes_are_refused_with_the_first_offset() -> None:
    data, hit = _damaged(PAGE * 3, "gbk", list(range(10, 100, 12)))
    result = run("clean", input=data)
    assert result.exit_code == ExitCode.FAILED and result.stdout == ""
    assert_one_error_line(result.stderr, "<stdin>", f"at offset {hit[0]}")


def test_library_and_cli_decode_bytes_alike() -> None:
    data, _ = _damaged(LONG_PAGE, "gbk", [500])
    doc = ocrmend.clean(data)
    assert doc.encoding == "gb18030" and len(doc.warnings) == 1 and "U+FFFD" in doc.warnings[0]
    assert run("clean", input=data).stdout == doc.to_text()
    assert ocrmend.clean(LONG_PAGE.encode("gbk")).warnings == []


def test_explicit_encoding_reads_what_detection_would_not(tmp_path: Path) -> None:
    data = PAGE.encode("utf-16-le")
    result = run("clean", "--encoding", "utf-16-le", "-f", "json", input=data)
    assert result.exit_code == ExitCode.OK
    assert result.stdout == expected(data, "<stdin>", "json", encoding="utf-16-le")


def test_missing_file(tmp_path: Path) -> None:
    result = run("clean", str(tmp_path / "missing.txt"))
    assert result.exit_code == ExitCode.FAILED
    assert result.stdout == ""
    assert_one_error_line(result.stderr, "missing.txt: no such file or folder", "check the path")


def test_folder_without_matching_files(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    result = run("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.FAILED
    assert_one_error_line(result.stderr, "no files matching '*.txt'", "--glob")


def test_unreadable_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_bytes(b"x")

    real_open = os.open

    def refuse(name, flags, *args, **kwargs):
        if os.fspath(name) == str(path):
            raise PermissionError(13, "Permission denied", os.fspath(name))
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)  # chmod 0 does not stop root
    result = run("clean", str(path))
    assert result.exit_code == ExitCode.FAILED
    assert_one_error_line(result.stderr, f"cannot read {path}: Permission denied", "permissions")


# ------------------------------------------------------------------ what the CLI hands the library
@pytest.fixture()
def fake_clean(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Replace ocrmend.clean with a stub that records its call and returns a fixed document."""
    calls: list[dict] = []

    def clean(data, *, source="<stdin>", options=None, **kwargs):
        calls.append({"data": data, "source": source, "options": options})
        blocks = [Block(BlockType.HEADLINE, [Line("标题", 1)], "标题"), Block(BlockType.BODY, [Line("正文", 3)], "正文,好")]
        edits = [Edit("P001", 3, ",", "，")] if options.explain else []
        return Document(blocks, source, "utf-8", edits)

    monkeypatch.setattr(ocrmend, "clean", clean)
    return calls


def test_options_are_passed_through(fake_clean: list[dict]) -> None:
    result = run("clean", "--encoding", "gb18030", "--punctuation", "keep", "--convert", "t2s", input=b"bytes")
    assert result.exit_code == ExitCode.OK
    [call] = fake_clean
    assert call["data"] == b"bytes" and call["source"] == "<stdin>"
    assert call["options"] == ocrmend.Options(encoding="gb18030", punctuation="keep", convert="t2s", explain=False)


def test_default_options(fake_clean: list[dict]) -> None:
    run("clean", input=b"x")
    assert fake_clean[0]["options"] == ocrmend.Options()


def test_explain_in_json_lists_edits(fake_clean: list[dict]) -> None:
    result = run("clean", "--explain", "-f", "json", input=b"x")
    assert result.exit_code == ExitCode.OK
    assert json.loads(result.stdout)["edits"] == [{"rule": "P001", "line": 3, "before": ",", "after": "，"}]
    assert result.stderr == ""


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_explain_in_text_prints_edits_to_stderr(fake_clean: list[dict], fmt: str) -> None:
    result = run("clean", "--explain", "-f", fmt, input=b"x")
    assert result.exit_code == ExitCode.OK
    assert "P001" not in result.stdout
    assert result.stderr == '<stdin>:3: P001 "," -> "，"\n'


def test_without_explain_no_edits_anywhere(fake_clean: list[dict]) -> None:
    result = run("clean", "-f", "json", input=b"x")
    assert "edits" not in json.loads(result.stdout) and result.stderr == ""


def test_a_bug_in_the_cleaner_is_one_line_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch, pages: Path, tmp_path: Path
) -> None:
    real_clean = ocrmend.clean

    def clean(data, *, source="<stdin>", options=None):
        if source.endswith("a.txt"):
            raise RuntimeError("stage exploded")
        return real_clean(data, source=source, options=options)

    monkeypatch.setattr(ocrmend, "clean", clean)
    result = run("clean", str(pages), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == ExitCode.FAILED
    assert_one_error_line(result.stderr, "a.txt: internal error (RuntimeError: stage exploded)", "--traceback")
    assert "a.txt" not in files_under(tmp_path / "out") and len(files_under(tmp_path / "out")) == 3

    result = run("clean", str(pages / "a.txt"), "--traceback")
    assert result.exit_code == ExitCode.FAILED
    assert "Traceback (most recent call last)" in result.stderr and "stage exploded" in result.stderr


def test_traceback_flag_shows_decode_errors_in_full(tmp_path: Path) -> None:
    result = run("clean", "--traceback", input=b"a\x00b")
    assert result.exit_code == ExitCode.FAILED
    assert "Traceback (most recent call last)" in result.stderr and "DecodeError" in result.stderr


# ------------------------------------------------------------------ never a partial output
def test_outputs_replace_old_ones_and_leave_no_temporary_files(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "1998").mkdir(parents=True)
    (out / "1998" / "b.txt").write_text("stale")
    result = run("clean", str(pages), "-o", str(out), "-q")
    assert result.exit_code == ExitCode.OK
    assert (out / "1998" / "b.txt").read_text(encoding="utf-8") != "stale"
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    mode = (out / "a.txt").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044 & ~_umask()  # an ordinary file, not mkstemp's 0600


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_failed_write_leaves_the_old_output_untouched(
    monkeypatch: pytest.MonkeyPatch, pages: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("previous good output")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", broken_replace)
    result = run("clean", str(pages / "a.txt"), "-o", str(out), "-q")
    assert result.exit_code == ExitCode.FAILED
    failed, stop = result.stderr.splitlines()
    assert_one_error_line(failed, "cannot write", "No space left on device")
    assert_one_error_line(stop, "stopped: ", "free some space", "run the same command again")
    assert files_under(out) == ["a.txt"]
    assert (out / "a.txt").read_text() == "previous good output"


def test_a_full_disk_stops_the_batch_with_one_line_and_a_rerun_finishes_it(
    monkeypatch: pytest.MonkeyPatch, pages: Path, tmp_path: Path
) -> None:
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    real_init = batch._Writer.__init__
    full = {"on": True}

    class FullDisk:
        def write(self, data: bytes) -> int:
            raise OSError(28, "No space left on device")

    def init(self, stream, target):
        real_init(self, FullDisk() if full["on"] and target.endswith("c.txt") else stream, target)

    monkeypatch.setattr(batch._Writer, "__init__", init)
    args = ("clean", str(pages), "-o", str(out), "--report", str(report), "--jobs", "1", "-q")
    result = run(*args)
    assert result.exit_code == ExitCode.FAILED
    *_, failed, stop = result.stderr.splitlines()
    assert "cannot write" in failed and "No space left on device" in failed
    assert stop.startswith("ocrmend: error: stopped: ") and "run the same command again" in stop
    records, summary = read_report(report)
    assert records[-1]["status"] == "failed" and summary["interrupted"] is True and "No space" in summary["error"]
    assert summary["inputs"] < 4  # stopped at the full disk, did not fail every input left one by one
    assert not [p for p in out.rglob("*") if batch.TEMPORARY_RE.match(p.name)]

    full["on"] = False
    result = run(*args)
    assert result.exit_code == ExitCode.OK, result.stderr
    assert files_under(out) == ["1998/b.txt", "1998/jan/c.txt", "a.txt", "empty.txt"]


def test_a_report_that_cannot_be_written_stops_the_batch_with_one_line(pages: Path, tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    result = run("clean", str(pages), "-o", str(tmp_path / "out"), "--report", "/dev/full", "-q")
    assert result.exit_code == ExitCode.FAILED
    assert_one_error_line(result.stderr, "cannot write --report /dev/full: No space left on device", "run the same command again")


def test_stdout_that_cannot_be_written_is_one_line() -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with open("/dev/full", "wb") as full:
        process = subprocess.Popen(
            [sys.executable, "-m", "ocrmend", "clean"], stdin=subprocess.PIPE, stdout=full, stderr=subprocess.PIPE, cwd=REPO, env=env
        )
        _, stderr = process.communicate(PAGE.encode(), timeout=60)
    assert process.returncode == ExitCode.FAILED
    assert_one_error_line(stderr.decode(), "cannot write the output to stdout: No space left on device")


def test_interrupt_exits_130_without_partial_files(monkeypatch: pytest.MonkeyPatch, pages: Path, tmp_path: Path) -> None:
    real_clean = ocrmend.clean

    def clean(data, *, source="<stdin>", options=None):
        if "jan" in source:
            raise KeyboardInterrupt
        return real_clean(data, source=source, options=options)

    monkeypatch.setattr(ocrmend, "clean", clean)
    result = run("clean", str(pages), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stderr == "ocrmend: interrupted\n"
    assert files_under(tmp_path / "out") == ["1998/b.txt"]  # written before the interrupt, whole


@pytest.mark.parametrize(
    ("interruption", "code", "message"),
    [(KeyboardInterrupt(), ExitCode.INTERRUPTED, "ocrmend: interrupted\n"),
     (batch.Terminated(15), ExitCode.TERMINATED, "ocrmend: interrupted (SIGTERM)\n")],
    ids=["ctrl-c", "sigterm"],
)  # fmt: skip
def test_interrupted_while_reading_the_list(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, interruption: BaseException, code: int, message: str
) -> None:
    def read_path_list(stream):
        raise interruption

    monkeypatch.setattr(cli, "read_path_list", read_path_list)
    result = run("clean", "--from-list", "-", "-o", str(tmp_path / "out"), input=b"a.txt\n")
    assert (result.exit_code, result.stderr) == (code, message)


# ------------------------------------------------------------------ a real process
def ocrmend_process(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "ascii"}  # output must not depend on locale
    return subprocess.Popen(
        [sys.executable, "-m", "ocrmend", *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=env, **kwargs,
    )  # fmt: skip


def test_python_m_ocrmend_is_a_filter() -> None:
    data = PAGE.encode("gb18030")
    process = ocrmend_process("clean", "-f", "json")
    stdout, stderr = process.communicate(data, timeout=60)
    assert process.returncode == ExitCode.OK, stderr
    assert stderr == b""
    assert stdout.decode("utf-8") == expected(data, "<stdin>", "json")


def test_python_m_ocrmend_reports_errors_in_one_line(tmp_path: Path) -> None:
    process = ocrmend_process("clean", str(tmp_path / "missing.txt"))
    stdout, stderr = process.communicate(b"", timeout=60)
    assert process.returncode == ExitCode.FAILED
    assert stdout == b""
    assert_one_error_line(stderr.decode(), "missing.txt")

    process = ocrmend_process("clean", "-f", "x")
    _, stderr = process.communicate(b"", timeout=60)
    assert (process.returncode, stderr) == (ExitCode.USAGE, b"ocrmend: error: unknown format 'x'; use text, markdown, json, alto or page\n")


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes((ENGLISH * 2000).encode())  # far more output than a pipe buffer holds
    process = ocrmend_process("clean", "-f", "json", str(big))
    process.stdin.close()
    assert process.stdout.read(100)
    process.stdout.close()  # like `| head`
    assert process.wait(timeout=60) == ExitCode.OK
    assert process.stderr.read() == b""
    process.stderr.close()


# ------------------------------------------------------------------ archive scale: reports, resuming, lists, workers
def read_report(path: Path) -> tuple[list[dict], dict]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert "summary" in lines[-1] and all("summary" not in line for line in lines[:-1])
    return lines[:-1], lines[-1]["summary"]


def test_help_shows_the_batch_options() -> None:
    result = run("clean", "--help")
    for option in ("--from-list", "--jobs", "-j", "--report", "--force"):
        assert option in result.stdout


def test_report_has_a_line_per_input_and_a_summary(pages: Path, tmp_path: Path) -> None:
    (pages / "1998" / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    out, report = tmp_path / "out", tmp_path / "logs" / "report.jsonl"
    result = run("clean", str(pages), "-o", str(out), "--report", str(report), "-f", "json", "-q")
    assert result.exit_code == ExitCode.FAILED
    assert files_under(out) == ["1998/b.json", "1998/jan/c.json", "a.json", "empty.json"]  # the good ones, whole
    records, summary = read_report(report)
    by_path = {record["path"]: record for record in records}
    assert set(by_path) == {str(pages / name) for name in ("a.txt", "empty.txt", "1998/b.txt", "1998/jan/c.txt", "1998/scan.txt")}
    bad = by_path[str(pages / "1998" / "scan.txt")]
    assert bad["status"] == "failed" and "binary" in bad["error"] and bad["error"] in result.stderr
    good = by_path[str(pages / "1998" / "jan" / "c.txt")]
    doc = ocrmend.clean((pages / "1998" / "jan" / "c.txt").read_bytes())
    assert good["status"] == "ok" and good["encoding"] == "gb18030" and good["output"] == str(out / "1998" / "jan" / "c.json")
    assert good["blocks"] == dict(sorted(collections.Counter(str(b.type) for b in doc.blocks).items()))
    assert good["chars_in"] == len(PAGE) and good["chars_out"] == len((out / "1998" / "jan" / "c.json").read_text("utf-8"))
    assert good["warnings"] == [] and good["seconds"] >= 0 and "error" not in good
    assert by_path[str(pages / "empty.txt")]["blocks"] == {}
    assert (summary["inputs"], summary["ok"], summary["failed"], summary["skipped"]) == (5, 4, 1, 0)
    assert summary["interrupted"] is False and summary["chars_in"] == sum(r.get("chars_in", 0) for r in records)


def test_report_of_missing_paths_and_of_the_filter(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    result = run("clean", str(tmp_path / "missing.txt"), "--report", str(report))
    assert result.exit_code == ExitCode.FAILED
    [record], summary = read_report(report)
    assert (record["status"], summary["failed"]) == ("failed", 1) and "no such file" in record["error"]

    result = run("clean", "--report", str(report), input=PAGE.encode())
    assert result.exit_code == ExitCode.OK and result.stdout == expected(PAGE.encode(), "<stdin>")
    [record], summary = read_report(report)
    assert (record["path"], record["output"], record["status"], summary["ok"]) == ("<stdin>", "<stdout>", "ok", 1)


def test_a_rerun_skips_what_is_done_and_force_redoes_it(pages: Path, tmp_path: Path) -> None:
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    assert run("clean", str(pages), "-o", str(out), "-q").exit_code == ExitCode.OK
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.txt")}

    result = run("clean", str(pages), "-o", str(out), "--report", str(report))
    assert result.exit_code == ExitCode.OK
    assert result.stderr == f"ocrmend: cleaned 0 of 4 inputs into {out}; 4 already up to date\n"
    records, summary = read_report(report)
    assert {r["status"] for r in records} == {"skipped"} and summary["skipped"] == 4
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.txt")} == mtimes  # not rewritten

    # A changed input, and only it, is cleaned again.
    os.utime(pages / "a.txt", ns=(time.time_ns(), time.time_ns() + 10**9))
    run("clean", str(pages), "-o", str(out), "--report", str(report), "-q")
    assert [r["path"] for r in read_report(report)[0] if r["status"] == "ok"] == [str(pages / "a.txt")]

    result = run("clean", str(pages), "-o", str(out), "--force", "--report", str(report), "-q")
    assert result.exit_code == ExitCode.OK
    assert read_report(report)[1]["ok"] == 4
    for relative in ("a.txt", "1998/b.txt", "1998/jan/c.txt", "empty.txt"):
        assert (out / relative).read_bytes().decode("utf-8") == expected((pages / relative).read_bytes(), str(pages / relative))


def test_other_options_are_not_taken_for_done(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("clean", str(pages / "a.txt"), "-o", str(out), "-q")
    result = run("clean", str(pages / "a.txt"), "-o", str(out), "--punctuation", "keep")
    assert result.stderr == f"ocrmend: cleaned 1 of 1 input into {out}\n"
    assert (out / "a.txt").read_text("utf-8") == expected(PAGE.encode(), str(pages / "a.txt"), punctuation="keep")


def test_from_list_reads_paths_from_stdin_or_a_file(pages: Path, tmp_path: Path) -> None:
    listed = [pages / "a.txt", pages / "1998" / "jan" / "c.txt", pages / "1998" / "b.txt"]
    names = b"".join(str(p).encode() + b"\n" for p in listed) + b"\n"
    out = tmp_path / "out"
    result = run("clean", "--from-list", "-", "-o", str(out), "-q", input=names)
    assert result.exit_code == ExitCode.OK, result.stderr
    # Files named one by one keep their paths below the folder that holds them all.
    assert files_under(out) == ["1998/b.txt", "1998/jan/c.txt", "a.txt"]
    for source in listed:
        target = out / source.relative_to(pages)
        assert target.read_text("utf-8") == expected(source.read_bytes(), str(source))

    (tmp_path / "list.txt").write_bytes(str(pages / "1998" / "b.txt").encode() + b"\r\n")
    result = run("clean", str(pages / "a.txt"), "--from-list", str(tmp_path / "list.txt"), "-o", str(tmp_path / "out2"), "-q")
    assert result.exit_code == ExitCode.OK
    assert files_under(tmp_path / "out2") == ["1998/b.txt", "a.txt"]


def test_glob_may_be_repeated(pages: Path, tmp_path: Path) -> None:
    (pages / "1998" / "d.ocr").write_bytes(ENGLISH.encode())
    result = run("clean", str(pages), "-o", str(tmp_path / "out"), "--glob", "*.ocr", "--glob", "*.md", "-q")
    assert result.exit_code == ExitCode.OK
    assert files_under(tmp_path / "out") == ["1998/d.txt", "1998/notes.txt"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--jobs", "0"), "--jobs 0: need at least 1 worker"),
        (("--from-list", "/no/such/list"), "cannot read --from-list /no/such/list"),
        (("--from-list", "-", "-"), "cannot also be an input"),
        (("--report", "/proc/no/such/report.jsonl"), "cannot write --report"),
    ],
)
def test_bad_batch_options_are_usage_errors(args: tuple[str, ...], fragment: str) -> None:
    result = run("clean", *args, input=b"")
    assert result.exit_code == ExitCode.USAGE
    assert_one_error_line(result.stderr, fragment)


def test_an_empty_list_is_a_usage_error(tmp_path: Path) -> None:
    result = run("clean", "--from-list", "-", "-o", str(tmp_path / "out"), input=b"\n\n")
    assert result.exit_code == ExitCode.USAGE
    assert_one_error_line(result.stderr, "no paths in --from-list -")


def test_jobs_2_writes_the_same_bytes_as_jobs_1(monkeypatch: pytest.MonkeyPatch, pages: Path, tmp_path: Path) -> None:
    monkeypatch.setattr(batch, "POOL_MIN_BYTES", 0)  # a real pool even for a few small files
    seed = (REPO / "samples" / "seed-page.txt").read_bytes()
    for number in range(6):
        (pages / "more" / str(number)).mkdir(parents=True)
        (pages / "more" / str(number) / "seed.txt").write_bytes(seed[: 3000 * (number + 1)].decode("utf-8", "ignore").encode())
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = run("clean", str(pages), "-o", str(out), "-f", "json", "--jobs", jobs, "--report", str(tmp_path / f"r{jobs}"), "-q")
        assert result.exit_code == ExitCode.OK, result.stderr
        outputs[jobs] = {name: (out / name).read_bytes() for name in files_under(out)}
        assert read_report(tmp_path / f"r{jobs}")[1]["workers"] == int(jobs)
    assert outputs["1"] == outputs["2"] and len(outputs["1"]) == 10


def test_stale_temporary_files_are_removed_and_never_taken_for_inputs(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "1998").mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = out / "1998" / f".b.txt.tmp-{batch.HOST_TAG}-{dead.stdout.strip()}-abcd1234"  # its writer has exited
    stale.write_text("half a docu")
    alive = out / f".a.txt.tmp-{batch.HOST_TAG}-{os.getpid()}-abcd1234"  # a writer still at work
    alive.write_text("being written")
    result = run("clean", str(pages), "-o", str(out), "--glob", "*", "-q")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert not stale.exists() and alive.exists()
    assert "1998/notes.txt" in files_under(out)


def test_progress_bar_goes_to_a_terminal_stderr_only(monkeypatch: pytest.MonkeyPatch, pages: Path, tmp_path: Path) -> None:
    pytest.importorskip("rich")
    shown = []
    monkeypatch.setattr(cli, "_stderr_is_terminal", lambda: True)
    real = cli._RichProgress.advance

    def advance(self, record, failed):
        shown.append(record["path"])
        return real(self, record, failed)

    monkeypatch.setattr(cli._RichProgress, "advance", advance)
    result = run("clean", str(pages), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.OK and result.stdout == ""
    assert len(shown) == 4
    shown.clear()
    run("clean", str(pages), "-o", str(tmp_path / "out"), "--quiet", "--force")
    run("clean", input=PAGE.encode())
    assert shown == []


# ------------------------------------------------------------------ nothing hangs it, nothing blows it up
def ocrmend_shell(command: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """``ocrmend`` run by a shell, for what only real file descriptors show (``<&-``, ``>&-``, a FIFO)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    ocrmend_command = f"{sys.executable} -m ocrmend"
    return subprocess.run(
        ["sh", "-c", command.replace("ocrmend", ocrmend_command, 1)],
        cwd=cwd, env=env, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip


@pytest.mark.skipif(not os.path.exists("/dev/zero") or not hasattr(os, "mkfifo"), reason="needs /dev/zero and FIFOs")
def test_devices_and_fifos_are_refused_never_read(tmp_path: Path) -> None:
    """/dev/zero would be read for ever; a FIFO with no writer would never open."""
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "page.txt").write_bytes(PAGE.encode())
    fifo_message = "fifo.txt is a FIFO (named pipe), not a regular file; to clean what comes through it, redirect it to stdin"
    for path, fragment in (("/dev/zero", "/dev/zero is a character device, not a regular file; pass a text file"),
                           ("fifo.txt", f"{fifo_message}: ocrmend clean < fifo.txt")):  # fmt: skip
        done = ocrmend_shell(f"ocrmend clean {path}", tmp_path, timeout=30)
        assert (done.returncode, done.stdout) == (ExitCode.FAILED, b"")
        assert_one_error_line(done.stderr.decode(), fragment)

    # In a batch, each is one failed record and the other inputs are cleaned; so is a FIFO a folder search finds.
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    (tmp_path / "in" / "b.txt").write_bytes(ENGLISH.encode())
    done = ocrmend_shell("ocrmend clean fifo.txt /dev/zero page.txt in -o out --report report.jsonl", tmp_path, timeout=30)
    assert done.returncode == ExitCode.FAILED
    errors = done.stderr.decode().splitlines()[:-1]
    assert len(errors) == 3 and all(line.startswith("ocrmend: error: ") for line in errors), errors
    assert files_under(tmp_path / "out") == ["b.txt", "page.txt"]
    records, summary = read_report(tmp_path / "report.jsonl")
    failed = sorted(r["path"] for r in records if r["status"] == "failed")
    assert failed == ["/dev/zero", "fifo.txt", os.path.join("in", "pipe.txt")]
    assert (summary["ok"], summary["failed"]) == (2, 3)


@pytest.mark.parametrize(
    ("command", "code", "fragment"),
    [
        ("ocrmend clean <&-", ExitCode.FAILED, "cannot read stdin: it is closed"),
        ("ocrmend clean - <&-", ExitCode.FAILED, "cannot read stdin: it is closed"),
        ("ocrmend clean --from-list - -o out <&-", ExitCode.USAGE, "cannot read --from-list -: stdin is closed"),
        ("ocrmend clean page.txt >&-", ExitCode.FAILED, "cannot write the output to stdout: it is closed"),
        ("ocrmend clean < page.txt >&-", ExitCode.FAILED, "cannot write the output to stdout: it is closed"),
    ],
    ids=["no-stdin", "dash-no-stdin", "list-no-stdin", "file-no-stdout", "filter-no-stdout"],
)
def test_a_closed_stdin_or_stdout_is_one_line(tmp_path: Path, command: str, code: int, fragment: str) -> None:
    (tmp_path / "page.txt").write_bytes(PAGE.encode())
    done = ocrmend_shell(command, tmp_path)
    assert done.returncode == code
    assert_one_error_line(done.stderr.decode(), fragment)


def test_a_batch_with_stdout_closed_still_writes_its_outputs(tmp_path: Path) -> None:
    """Closed stdout's descriptor is plugged (/dev/null): the files opened later never take its number."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(PAGE.encode())
    done = ocrmend_shell("ocrmend clean in -o out --report report.jsonl >&- 2>&-", tmp_path)
    assert done.returncode == ExitCode.OK
    assert (tmp_path / "out" / "a.txt").read_text("utf-8") == expected(PAGE.encode(), "in/a.txt")
    _, summary = read_report(tmp_path / "report.jsonl")
    assert summary["ok"] == 1


def test_out_of_memory_is_one_line_per_input_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch, pages: Path, tmp_path: Path
) -> None:
    real_clean = ocrmend.clean

    def clean(data, *, source="<stdin>", options=None):
        if source.endswith("a.txt") or source == "<stdin>":
            raise MemoryError
        return real_clean(data, source=source, options=options)

    monkeypatch.setattr(ocrmend, "clean", clean)
    real_read = batch._InputFile.read

    def read(self, size=-1):
        if self.job.name.endswith("b.txt"):
            raise MemoryError  # reading, not cleaning
        return real_read(self, size)

    monkeypatch.setattr(batch._InputFile, "read", read)
    result = run("clean", str(pages), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == ExitCode.FAILED
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "Traceback" not in result.stderr
    assert all(line.startswith("ocrmend: error: ") and "out of memory while cleaning it; free some memory" in line for line in lines)
    assert files_under(tmp_path / "out") == ["1998/jan/c.txt", "empty.txt"]

    result = run("clean", input=PAGE.encode())  # to stdout, from stdin
    assert result.exit_code == ExitCode.FAILED
    assert_one_error_line(result.stderr, "<stdin>: out of memory while cleaning it")


def test_out_of_memory_or_a_bug_outside_any_input_is_one_line(monkeypatch: pytest.MonkeyPatch, pages: Path, tmp_path: Path) -> None:
    def add(self, record):
        raise MemoryError

    monkeypatch.setattr(batch.Report, "add", add)
    result = run("clean", str(pages), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == ExitCode.FAILED
    assert_one_error_line(result.stderr, "out of memory", "fewer --jobs")

    def add_fails(self, record):
        raise ValueError("two\nlines")

    monkeypatch.setattr(batch.Report, "add", add_fails)
    result = run("clean", str(pages), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == ExitCode.FAILED
    assert_one_error_line(result.stderr, "internal error (ValueError: two\\nlines)", "--traceback")
    result = run("clean", str(pages), "-o", str(tmp_path / "out"), "-q", "--traceback")
    assert "Traceback" in result.stderr and result.stderr.splitlines()[-1].startswith("ocrmend: error: internal error")


def test_a_path_through_a_link_and_dotdot_is_the_file_the_shell_reads(tmp_path: Path) -> None:
    """`in/link/../z.txt`, with in/link -> deep/sub, is deep/z.txt (as open() sees it), not in/z.txt."""
    (tmp_path / "deep" / "sub").mkdir(parents=True)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "link").symlink_to(tmp_path / "deep" / "sub")
    (tmp_path / "in" / "z.txt").write_bytes(ENGLISH.encode())
    (tmp_path / "deep" / "z.txt").write_bytes(PAGE.encode())
    given = os.path.join(str(tmp_path / "in" / "link"), os.pardir, "z.txt")
    assert Path(given).read_bytes() == PAGE.encode()

    result = run("clean", given)
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout == expected(PAGE.encode(), given)

    out = tmp_path / "out"
    result = run("clean", given, str(tmp_path / "in" / "z.txt"), "-o", str(out), "-q")
    assert result.exit_code == ExitCode.OK, result.stderr  # two files, two outputs (not "both written to z.txt")
    assert files_under(out) == ["deep/z.txt", "in/z.txt"]
    assert (out / "deep" / "z.txt").read_text("utf-8") == expected(PAGE.encode(), given)

    result = run("clean", os.path.join(str(tmp_path / "in" / "link"), os.pardir), "-o", str(tmp_path / "out2"), "-q")
    assert result.exit_code == ExitCode.OK, result.stderr  # a folder given so: deep/, searched
    assert files_under(tmp_path / "out2") == ["z.txt"]
    assert (tmp_path / "out2" / "z.txt").read_text("utf-8").startswith(expected(PAGE.encode(), "x")[:10])


def test_a_report_line_is_written_whole_or_not_at_all(pages: Path, tmp_path: Path) -> None:
    """A disk that fills up in the middle of a line (here a file size limit: the write that
    crosses it writes part, the next fails): that line goes, the lines before stay, all JSON."""
    resource = pytest.importorskip("resource")
    report = tmp_path / "report.jsonl"
    limit = 600  # each output is smaller; the report's third line crosses it
    code = f"import resource; resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); from ocrmend.cli import main; main()"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", code, "clean", str(pages), "-o", str(tmp_path / "out"), "--report", str(report), "-q", "-j", "1"],
        capture_output=True, env=env, timeout=60, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert resource.getrlimit(resource.RLIMIT_FSIZE)  # (the limit was the child's only)
    assert done.returncode == ExitCode.FAILED
    assert_one_error_line(done.stderr.decode(), f"cannot write --report {report}: File too large", "run the same command again")
    text = report.read_text("utf-8")
    assert text.endswith("\n") and 0 < len(text) < limit
    assert all(json.loads(line)["status"] == "ok" for line in text.splitlines())


def test_a_file_name_with_a_newline_stays_on_one_line(pages: Path, tmp_path: Path) -> None:
    bad = pages / "scan\nof page 2.txt"
    try:
        bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    except OSError:
        pytest.skip("this file system takes no newline in a name")
    report = tmp_path / "report.jsonl"
    result = run("clean", str(pages), "-o", str(tmp_path / "out"), "--report", str(report))
    assert result.exit_code == ExitCode.FAILED
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert_one_error_line("\n".join(errors), repr(str(bad)), "binary")
    [record] = [r for r in read_report(report)[0] if r["status"] == "failed"]
    assert record["path"] == str(bad)  # the report keeps the name itself (JSON escapes it)

    result = run("clean", str(tmp_path / "no\nsuch.txt"))
    assert result.stderr == f"ocrmend: error: {str(tmp_path / 'no')!r}"[:-1] + "\\nsuch.txt': no such file or folder; check the path\n"
    result = run("clean", str(pages / "a.txt"))  # an ordinary name is shown as it is
    assert result.exit_code == ExitCode.OK
