"""The compiled core (ocrmend/_speedups.c) against the pure-Python stages it
replaces: same lines, same measures, same breaks, same document, on the
project's pages and on generated ones.

The pure-Python functions are the reference: each comparison runs once with
``accel.core`` and once with it set to None.
"""

from __future__ import annotations

import os
import re
import shutil
import sysconfig
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ocrmend
from ocrmend import accel, classify, furniture, interruptions, lines, paragraphs, pipeline, reading_order, spacing
from ocrmend.chars import HAN_RE
from ocrmend.spacing import HAN_RANGES
from ocrmend.model import Block, BlockType, Line, PythonLine
from test_properties import pages

ROOT = Path(__file__).resolve().parent.parent
SHARED_CASES = ROOT.parent / "shared" / "eval" / "cases-dev"

needs_core = pytest.mark.skipif(accel.core is None, reason="the compiled core is not built here")


def project_pages() -> list[Path]:
    found = [ROOT / "samples" / "seed-page.txt"]
    found += sorted((ROOT / "tests" / "fixtures" / "extractors").glob("*.txt"))
    if SHARED_CASES.is_dir():
        found += sorted(SHARED_CASES.glob("*/input.txt"))
    return found


def both(monkeypatch: pytest.MonkeyPatch, run):
    """``run()`` with the compiled core, then with the pure-Python stages."""
    compiled = run()
    with monkeypatch.context() as m:
        m.setattr(accel, "core", None)
        pure = run()
    return compiled, pure


def line_fields(found: list[lines.Line]) -> list[tuple]:
    return [
        (ln.text, ln.number, ln.indent, ln.page, ln.blank_before, ln.width, ln.squeezable, ln.hang, ln.lead, ln.final, ln.kind)
        for ln in found
    ]


def stages(text: str) -> tuple:
    """Every compiled stage on one page, as plain values."""
    cjk = ocrmend.chars.is_cjk_text(text)
    found = lines.read_lines(text, cjk)
    if not found:
        return ()
    furniture_found = furniture.find_furniture(found)
    double = paragraphs.detect_double_spacing(found)
    forced = paragraphs.hard_breaks(found, double)
    widths = paragraphs.estimate_column_widths(found, cjk, forced)
    widths_unforced = paragraphs.estimate_column_widths(found, cjk, None)
    runs, measures = paragraphs.segment_lines(found, cjk, widths)
    hosts = interruptions.find_interruptions(found, widths)
    displaced = [(h.number, [ln.number for ln in run]) for h, run in reading_order.lift_displaced(found, widths, cjk)]
    blocks = pipeline._blocks_of(runs, cjk, None)
    shapes = accel.core.block_shapes if accel.core is not None else classify._block_shapes
    looks = [shapes(blocks, measures, head, classify.FIXED_FORM_START_CHARS, BlockType.BODY) for head in (0, 46, 104)]
    return (
        line_fields(found),
        forced,
        widths,
        widths_unforced,
        [[ln.number for ln in run] for run in runs],
        measures,
        hosts,
        paragraphs.line_counts(found, widths, True),
        paragraphs.line_counts(found),
        furniture_found,
        displaced,
        [(b.type, b.text) for b in blocks],
        looks,
    )


def test_the_core_is_built_where_a_compiler_is() -> None:
    """A silent build failure would cost every user the speed: where this
    machine has a C compiler, the core must have been built."""
    if os.environ.get("OCRMEND_PURE_PYTHON"):
        pytest.skip("OCRMEND_PURE_PYTHON is set")
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip("no C compiler here: ocrmend runs its pure-Python stages")
    assert accel.core is not None, "ocrmend/_speedups.c did not build: run `pip install -e .` and read its output"


def test_an_outdated_core_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A core missing a function the stages call (built from older sources)
    falls back to Python with a warning, instead of failing mid-page."""
    import types

    stale = types.ModuleType("ocrmend._speedups")
    stale.bind = lambda *args: None
    monkeypatch.setitem(__import__("sys").modules, "ocrmend._speedups", stale)
    monkeypatch.setattr(ocrmend, "_speedups", stale, raising=False)
    monkeypatch.delenv("OCRMEND_PURE_PYTHON", raising=False)
    with pytest.warns(RuntimeWarning, match="pip install -e"):
        assert accel.load() is None


@needs_core
def test_the_pure_stages_clean_dataclass_lines_as_the_core_cleans_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the core (OCRMEND_PURE_PYTHON, or no compiler) lines are the
    dataclass: the pages come out as the core makes them; and the stages
    running in Python on the core's lines (a core too old for some stage)
    do too."""
    pages_ = [p.read_bytes() for p in project_pages()[:12]]
    compiled = [ocrmend.clean(data).to_json() for data in pages_]
    with monkeypatch.context() as m:
        m.setattr(accel, "core", None)
        assert [ocrmend.clean(data).to_json() for data in pages_] == compiled  # (the core's lines)
        m.setattr(lines, "Line", PythonLine)
        assert type(lines.read_lines("加强", True)[0]) is PythonLine
        assert [ocrmend.clean(data).to_json() for data in pages_] == compiled


@needs_core
def test_the_built_core_has_every_function_the_stages_call() -> None:
    assert all(hasattr(accel.core, name) for name in accel.FUNCTIONS)


@needs_core
@pytest.mark.parametrize("path", project_pages(), ids=lambda p: p.parent.name if p.name == "input.txt" else p.name)
def test_pages_are_cleaned_the_same_with_and_without_the_core(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    text = ocrmend.clean(data).to_text()  # (warm: decoding is not compared twice)
    compiled, pure = both(monkeypatch, lambda: (stages(ocrmend.decode.decode_bytes(data)[0]), ocrmend.clean(data).to_json()))
    assert compiled == pure
    assert text


@needs_core
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(page=pages())
def test_generated_pages_give_the_same_stages(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled, pure = both(monkeypatch, lambda: (stages(page), ocrmend.clean(page).to_json()))
    assert compiled == pure


@needs_core
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    raw=st.lists(
        st.text(alphabet=st.sampled_from(list("加强卫生，。、“”（）《》 \u3000\xa0\x1e\fab1-—…摄ABC%\t,.;:!?'\"()[]")), max_size=30),
        max_size=25,
    ),
    blank_style=st.booleans(),
)
def test_odd_lines_give_the_same_stages(raw: list[str], blank_style: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Column marks, indents, lone marks, empty and all-space lines."""
    text = ("\n\n" if blank_style else "\n").join(raw)
    compiled, pure = both(monkeypatch, lambda: stages(text))
    assert compiled == pure


@needs_core
@pytest.mark.parametrize("cjk", [True, False])
def test_form_feeds_start_pages_the_same_way(cjk: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled pass takes the form feeds out of the lines itself: one
    at a line's start, inside it, at its end, alone, twice in a row, with
    the source line numbers of unfolded columns or without."""
    text = "加强\f卫生\n\f\n第二页\n\f\f第四页 \fA\n\n末行\f\n\f"
    numbers = list(range(7, 7 + text.count("\n") + 1))
    for given in (None, numbers):
        compiled, pure = both(monkeypatch, lambda: line_fields(lines.read_lines(text, cjk, given)))
        assert compiled == pure
        assert [ln.page for ln in lines.read_lines(text, cjk, given)] == [1, 2, 5, 6]


@needs_core
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_categories=()), max_size=200))
def test_cjk_widths_follow_the_gb18030_codec(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled pass reads GB18030 widths off a table made from the
    codec: any character (astral, surrogate, control) measures the same."""
    compiled, pure = both(monkeypatch, lambda: line_fields(lines.read_lines(text, True)))
    assert compiled == pure


@needs_core
def test_equal_unfinished_lines_with_no_clause_mark_are_no_caption_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """The narrow-box cost needs a clause mark (found lazily in the compiled
    pass, where "not asked yet" must survive an unsigned char)."""
    found = lines.read_lines("\n".join(["加强卫生加强卫生"] * 4), True)
    args = ([40] * 4, [False] * 4, [True, None, None, None], True, [False] * 4, False)
    compiled, pure = both(monkeypatch, lambda: paragraphs._viterbi(found, *args))
    assert compiled == pure == [True, True, True, True]


@needs_core
def test_the_core_refuses_misuse_without_crashing() -> None:
    """Fields of the wrong type, items that are no lines, truth values that
    are not bools, a foreign type to bind: TypeError or ValueError, never a
    crash.  A compiled line cannot hold a field of the wrong type at all: the
    passes read its fields without checking them."""
    core = accel.core
    line = Line("加强", 1)
    for field, wrong in (("text", 1.5), ("text", b"ab"), ("indent", None), ("kind", 3), ("width", 2.0), ("number", "1"), ("final", 1)):
        with pytest.raises(TypeError):
            setattr(line, field, wrong)
        with pytest.raises(TypeError):
            Line(**{"text": "加强", "number": 1, field: wrong})
    for field in ("text", "width", "final", "number"):
        with pytest.raises(TypeError):
            delattr(line, field)
    with pytest.raises(OverflowError):
        line.width = 2**31
    # (nor by the back doors: the members' own setter, object's setattr)
    with pytest.raises(AttributeError):
        Line.text.__set__(line, 1.5)
    with pytest.raises(TypeError):
        object.__setattr__(line, "text", 1.5)
    setattr(line, "".join(["te", "xt"]), "卫生")  # (a name made at run time is a field name too)
    assert line.text == "卫生"
    line.text = "加强"
    assert line_fields([line]) == line_fields([Line("加强", 1)])  # (refused changes left it as it was)
    half = PythonLine.__new__(PythonLine)  # (the pure-Python line can be half made: the core refuses it)
    half.width, half.squeezable, half.hang, half.lead = 20, 0, 0, 1
    with pytest.raises(TypeError):
        core.viterbi([half, half], [40, 40], [False, False], [True, None], [False, False], False, False, paragraphs._COSTS)
    for item in (PythonLine("加强", 1), "加强", None):
        with pytest.raises(TypeError):
            core.segment_marks([item], [5], True, "本", "，", 2)
        with pytest.raises(TypeError):
            core.furniture_candidates([item], "x", "")
        with pytest.raises(TypeError):
            core.line_counts([item], None, True)
        with pytest.raises(TypeError):
            core.interruption_hosts([Line("a", 1), item, Line("b", 3)], [20] * 3, interruptions.NARROW, interruptions.WIDE)

    class Evil:
        def __bool__(self) -> bool:
            raise AssertionError("no Python code runs inside the loops")

    two = lines.read_lines("a\nb", False)
    with pytest.raises(TypeError):
        core.split_runs(two, [True, Evil()], [1, 1])
    with pytest.raises(TypeError):
        core.hard_breaks(lines.read_lines("a\nb", False), False) and core.initial_states(two, [True, Evil()], True)
    with pytest.raises(ValueError):
        core.build_lines("a", None, None, False, "")
    with pytest.raises(ValueError):
        core.build_lines("a\nb\nc", [1, 2], None, False, "\x1e")  # (a source number short)
    with pytest.raises(TypeError):
        core.build_lines(["a"], None, None, False, "\x1e")  # (the text, not its lines)

    with pytest.raises(TypeError):
        core.bind(Line, "", "", "", "")  # (the classes only: the line type is the core's own)
    with pytest.raises(ValueError):
        core.bind("", "", "", "", "a" * 65)
    assert core.build_lines("加强。", None, None, True, "\x1e")[0][0].final  # (still bound to the classes)


@needs_core
def test_block_shapes_refuses_what_is_not_a_block() -> None:
    core = accel.core
    ok = Block(BlockType.BODY, lines.read_lines("a", False), "a")
    args = (classify.FIXED_FORM_START_CHARS, BlockType.BODY)
    assert core.block_shapes([ok], [1], 46, *args) == classify._block_shapes([ok], [1], 46, *args)
    with pytest.raises(ValueError):
        core.block_shapes([ok], [], 46, *args)
    with pytest.raises(TypeError):
        core.block_shapes([ok], [1.0], 46, *args)
    with pytest.raises(TypeError):
        core.block_shapes([Block(BlockType.BODY, [], "a")], [1], 46, *args)
    with pytest.raises(TypeError):
        core.block_shapes([Block(BlockType.BODY, ["a line?"], "a")], [1], 46, *args)
    with pytest.raises(AttributeError):
        core.block_shapes(["not a block"], [1], 46, *args)


@needs_core
def test_the_core_refuses_what_is_not_a_line() -> None:
    """Wrong arguments raise TypeError or ValueError, never crash the interpreter."""
    core = accel.core
    with pytest.raises(TypeError):
        core.hard_breaks(["not a line"], False)
    with pytest.raises(ValueError):
        core.viterbi(lines.read_lines("a\nb", False), [1], [True], [None], [False], False, False, paragraphs._COSTS)
    with pytest.raises((TypeError, ValueError)):
        core.segment_marks(lines.read_lines("a\nb", False), [], False, "", "", 3)


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab AB1&.加强卫生□ \u3000ᄀ（）")), min_size=1, max_size=20))
def test_letter_spacing_needs_what_the_core_looks_for(text: str) -> None:
    """The compiled pass asks is_letter_spaced only of lines spaced from the
    second character on or holding a character at U+1100 or above."""
    text = text.strip() or "a"
    if lines.is_letter_spaced(text):
        assert text[1:2] == " " or max(text) >= "\u1100"


# Letters of every script HAN names (Han, a BMP and an astral one, kana,
# Hangul syllables and jamo, 〇), marks and Latin around them, both blanks,
# and the credit's verbs.
SPACED_ALPHABET = list("加强卫生赵磊摄攝𠀀あアᄀ가〇□（）。，・ab1 \u3000")


@needs_core
@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(SPACED_ALPHABET), max_size=24))
def test_the_compiled_letter_spacing_is_the_patterns(text: str) -> None:
    """spaced_runs collapses what LETTER_SPACED_CJK_RE finds, as
    _join_spaced_run joins it, and finds a run where the pattern does."""
    core = accel.core
    want = spacing.LETTER_SPACED_CJK_RE.sub(spacing._join_spaced_run, text)
    assert core.spaced_runs(text, HAN_RE, False) == want
    assert core.spaced_runs(text, HAN_RE, True) is bool(spacing.LETTER_SPACED_CJK_RE.search(text))


@needs_core
@settings(max_examples=500, deadline=None)
@given(
    tokens=st.lists(st.sampled_from(["加", "强", "卫", "生", "摄", "□", "■", "□□", "（资料图片）", "(图)", "加强", "。", "生。", "ab", "A",
                                     "1", "𠀀", "あ", "（", "x" * 30]), min_size=1, max_size=12),
    gaps=st.lists(st.sampled_from([" ", "  ", "\u3000", "\t", " \x1c", "\xa0"]), min_size=12, max_size=12),
)
def test_the_compiled_letter_spaced_test_is_the_pythons(tokens: list[str], gaps: list[str]) -> None:
    """letter_spaced answers as lines._spaced_tokens does (is_letter_spaced
    past its first tests), on texts of tokens and blanks of every kind."""
    text = "".join(t + g for t, g in zip(tokens, gaps)).rstrip(" ")
    assert accel.core.letter_spaced(text, HAN_RE) is lines._spaced_tokens(text)


@needs_core
def test_the_compiled_letter_spacing_by_example() -> None:
    runs = accel.core.spaced_runs
    table = [
        ("□ 赵 磊", "□ 赵磊"),
        ("加 强 卫 生  健\u3000康", "加强卫生健康"),
        ("王 琪 摄", "王琪 摄"),
        ("琪 摄", "琪摄"),  # (a verb ends a run of three letters or more)
        ("共筑健康丝路 共享健康发展", "共筑健康丝路 共享健康发展"),
        ("加   强", "加   强"),  # (three blanks: no run)
        ("新华社北 京", "新华社北 京"),
        ("𠀀 𠀁，가 나", "𠀀𠀁，가나"),
        ("", ""),
    ]
    for before, after in table:
        assert runs(before, HAN_RE, False) == after
    text = "没有间隔的文字"
    assert runs(text, HAN_RE, False) is text
    with pytest.raises(TypeError):
        runs(b"bytes", HAN_RE, False)
    with pytest.raises(AttributeError):
        runs("加 强", object(), False)  # (no pattern: no match method)


def _candidates_keep_what_the_pattern_takes(words: list[str], gaps: list[str], seed: int, cjk: bool) -> int:
    """Lines of random words and gaps: every one furniture.CANDIDATE_RE
    takes (after the cheap size tests) and furniture._grade grades is among
    the compiled candidates (the ones that do not grade may be dropped).
    Returns how many there were."""
    import random

    rnd = random.Random(seed)
    texts = []
    for _ in range(3000):
        k = rnd.randint(1, 6)
        texts.append("".join(rnd.choice(words) + rnd.choice(gaps) for _ in range(k)).strip() or "x")
    found = lines.read_lines("\n".join(texts), cjk)
    compiled = set(accel.core.furniture_candidates(found, furniture.STRONG_START_CHARS, furniture.HAN_BOUNDS))
    taken = 0
    for i, ln in enumerate(found):
        t = ln.text
        size = len(t)
        cheap = size <= 80 and (
            size <= 12
            or (size <= 40 and t[0] in furniture.STRONG_STARTS)
            or ((" " in t or "\u3000" in t or "|" in t or "｜" in t) and (size <= 40 or "  " in t or "\u3000" in t))
        )
        if cheap and furniture.CANDIDATE_RE.match("\n" + t) and furniture._grade(t):
            taken += 1
            assert i in compiled, repr(t)
    return taken


@needs_core
@pytest.mark.parametrize("seed", range(3))
def test_the_compiled_furniture_candidates_keep_every_ascii_line_that_grades(seed: int) -> None:
    """An ASCII line that is one item of words and digits is dropped unless
    it can grade (a number, A12, capitals, up to four capitalised words, a
    page label): never one furniture._grade would grade."""
    words = ["NEWS", "IN", "BRIEF", "0", "12", "123", "1234", "A1", "A12", "A123", "S", "C", "I", "Daily", "Herald",
             "By", "Staff", "Page", "PAGE", "P.", "Monday", "January", "5,", "2024", "x", "eBay", "McDonald", "-", "3"]
    gaps = [" ", " ", " ", "", "  ", "\t"]
    assert _candidates_keep_what_the_pattern_takes(words, gaps, seed, False) > 100


@needs_core
def test_the_compiled_furniture_candidates_drop_ascii_lines_that_cannot_grade() -> None:
    texts = ["NEWS IN BRIEF 0", "By Staff Reporters", "12", "1234", "A12", "S C I E N C E", "Daily Herald", "A Day", "Page 3", "eBay"]
    found = lines.read_lines("\n".join(texts), False)
    kept = {found[i].text for i in accel.core.furniture_candidates(found, furniture.STRONG_START_CHARS, furniture.HAN_BOUNDS)}
    assert kept == {"By Staff Reporters", "12", "A12", "S C I E N C E", "Daily Herald", "Page 3"}


@needs_core
def test_the_compiled_furniture_candidates_keep_every_line_the_pattern_takes() -> None:
    """The compiled cheap tests may drop ASCII lines whose first item holds a
    lowercase word, or that are one item that cannot grade: never one that
    furniture.CANDIDATE_RE would take and furniture._grade grade."""
    words = ["Page", "P.", "Monday", "Sunday", "NEWS", "The", "of", "and", "12", "3a", "-", "--", "|", "·",
             "Daily", "x", "By", "Staff", "\x0b", "A12", "iPhone", "eBay"]
    assert _candidates_keep_what_the_pattern_takes(words, [" ", "  ", "\t", " | ", ""], 3, False) > 100


@needs_core
@pytest.mark.parametrize("seed", range(3))
def test_the_compiled_furniture_candidates_keep_every_cjk_line_the_pattern_takes(seed: int) -> None:
    """For lines that are not ASCII the compiled tests look at the first
    item (Han, digits, letters, single blanks up to a gap or rule): never
    dropping one furniture.CANDIDATE_RE would take."""
    words = ["第5版", "2020年10月12日", "星期一", "责任编辑：张三", "版式设计：李四", "要闻", "经 济", "，", "。", "本报",
             "《人民日报》", "（", "）", "·", "｜", "|", "•", "\u3000", "Ａ", "١٢", "𠀀", "가", "ﾊ", "ー", "〇", "—", "- 5 -",
             "农历", "Page", "a", "x", "P.", "Monday", "\x0b", "\xa0", "摄", "！", "A12", "—— 3 ——", "北京", "晚报",
             "日报", "國際新聞", "加强卫生", "𠀀𠀁", "农历八月初五", "農曆"]
    gaps = [" ", "  ", "\u3000", "\t", " | ", "", "", ""]
    assert _candidates_keep_what_the_pattern_takes(words, gaps, seed, True) > 100


def test_han_bounds_are_the_han_ranges() -> None:
    pattern = re.compile(f"[{HAN_RANGES}]")
    bounds = furniture.HAN_BOUNDS
    spans = [(ord(bounds[k]), ord(bounds[k + 1])) for k in range(0, len(bounds), 2)]
    for c in range(0x10000):
        assert bool(pattern.match(chr(c))) == any(a <= c <= b for a, b in spans), hex(c)


@needs_core
def test_a_core_built_with_unsigned_char_gives_the_same_pages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``char`` is unsigned on aarch64, ppc64le and s390x: the core is built
    here once more with -funsigned-char and must clean pages as Python does."""
    import importlib.util
    import subprocess

    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip("no C compiler here")
    target = tmp_path / ("_speedups" + (sysconfig.get_config_var("EXT_SUFFIX") or ".so"))
    source = Path(accel.__file__).with_name("_speedups.c")
    command = [compiler, "-O1", "-funsigned-char", "-shared", "-fPIC", f"-I{sysconfig.get_paths()['include']}", str(source), "-o", str(target)]
    built = subprocess.run(command, capture_output=True, text=True)
    if built.returncode != 0:
        pytest.skip(f"could not build the core here: {built.stderr.strip()[:200]}")
    spec = importlib.util.spec_from_file_location("_speedups", target)
    unsigned = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(unsigned)
    unsigned.bind(*accel.BIND_CLASSES)
    pages_ = [p.read_bytes() for p in project_pages()[:25]]
    # a box of equal unfinished lines without a clause mark inside a wider column
    body = "新华社北京电国家卫生健康委员会今天发布消息说全国各地正在加强卫生健康领域的合作交流"
    column = [body[:20], body[20:40]]
    box = column + ["加强卫生加强卫生", "加强卫生加强卫生", "健康丝路共享发展"] + column
    pages_.append(("\n".join(["\n".join(box) + "。"] * 3) + "\n").encode())
    with monkeypatch.context() as m:
        m.setattr(accel, "core", unsigned)
        built_unsigned = [ocrmend.clean(data).to_json() for data in pages_]
        m.setattr(accel, "core", None)
        pure = [ocrmend.clean(data).to_json() for data in pages_]
    assert built_unsigned == pure


def test_cleaning_pauses_the_cyclic_collector_and_resumes_it() -> None:
    """clean() pauses the cyclic GC for its run and leaves it as it found it,
    also when the input is refused."""
    import gc

    from ocrmend.decode import DecodeError

    seen = []
    real = ocrmend.pipeline._clean

    def spy(*args):
        seen.append(gc.isenabled())
        return real(*args)

    assert gc.isenabled()
    ocrmend.pipeline._clean, saved = spy, real
    try:
        ocrmend.clean("加强卫生")
        with pytest.raises(DecodeError):
            ocrmend.clean(b"\x00\x01\x02" * 100)
        gc.disable()
        ocrmend.clean("加强卫生")
        assert not gc.isenabled()
        gc.enable()
    finally:
        ocrmend.pipeline._clean = saved
        gc.enable()
    assert seen == [False, False, False]
    assert gc.isenabled()


@needs_core
def test_median_and_modal_widths_counted_or_sorted_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """The core counts widths below 4096 and sorts wider ones: both give
    Python's median and modal width."""
    for page in ("a\n" * 3 + "b" * 5000 + "\n" + "cc\n" * 2, "abcd\nabcd\nab\nabcdef\nabcdef\n", "加强卫生\n" * 3 + "x" * 4095):
        found = lines.read_lines(page, False)
        compiled, pure = both(monkeypatch, lambda: paragraphs.line_counts(found, None, True))
        assert compiled == pure


@needs_core
def test_blocks_are_made_as_their_type_makes_them() -> None:
    """join_runs fills the bound Block's slots itself; a type of another
    shape is refused by bind_block, and join_runs calls any other class."""
    from dataclasses import dataclass

    core = accel.core
    run = lines.read_lines("加强卫生", True)
    made, slow = core.join_runs([run], True, Block, BlockType.BODY)
    assert made == [Block(BlockType.BODY, run, "加强卫生")] and slow == []

    @dataclass(slots=True)
    class Wider:
        type: BlockType
        lines: list
        text: str = ""
        extra: int = 0

    for wrong in (Wider, "Block", int):
        with pytest.raises(TypeError):
            core.bind_block(wrong)
    made, _ = core.join_runs([run], True, Wider, BlockType.BODY)
    assert made == [Wider(BlockType.BODY, run, "加强卫生", 0)]
    assert type(core.join_runs([run], True, Block, BlockType.BODY)[0][0]) is Block  # (still bound to Block)


@needs_core
def test_ints_of_every_size_are_read_as_python_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """The core reads one-digit ints off the object and others through the
    C API: zero, negative and multi-digit widths (and measures) count as in
    Python, up to the ends of a C int, which a line's fields are."""
    for widths in ([0, -1, -5, 7], [2**30 + 3, 2**31 - 1, 5, 5], [-(2**31), 3, 3, 12]):
        found = lines.read_lines("a\nb\nc\nd", False)
        for ln, w in zip(found, widths):
            ln.width = w
        compiled, pure = both(monkeypatch, lambda: paragraphs.line_counts(found, [w - 1 for w in widths], True))
        assert compiled == pure


@needs_core
def test_blocks_holding_a_mark_are_the_blocks_the_pattern_finds() -> None:
    import random

    rnd = random.Random(37)
    alphabet = ["加", "a", ",", "(", "：", "\ufe10", "\ufe35", "\ufe45", " ", "x", "𠀀", "é", "\u3000"]
    for _ in range(2000):
        blocks = [Block(BlockType.BODY, [], "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 8)))) for _ in range(rnd.randint(0, 6))]
        holding, spaced = accel.core.blocks_holding(blocks, pipeline.PUNCTUATION_REPAIR_CHARS, " \u3000")
        assert set(holding) == pipeline._blocks_matching(pipeline.PUNCTUATION_REPAIR_RE, blocks)
        assert spaced == [k for k, b in enumerate(blocks) if " " in b.text or "\u3000" in b.text]
    with pytest.raises(TypeError):
        accel.core.blocks_holding([Block(BlockType.BODY, [], b"a")], ",", " ")
    with pytest.raises(AttributeError):
        accel.core.blocks_holding([Block.__new__(Block)], ",", " ")  # (a slot never set: read off the block)
    # a call that fails on its second class leaves no stale table behind
    one = [Block(BlockType.BODY, [], "Y")]
    assert accel.core.blocks_holding(one, "X", " ") == ([], [])
    with pytest.raises(ValueError):
        accel.core.blocks_holding(one, "Y", "a" * 65)
    assert accel.core.blocks_holding(one, "Y", " ") == ([0], [])


@needs_core
def test_column_measures_with_widths_of_any_span(monkeypatch: pytest.MonkeyPatch) -> None:
    """The core sorts a zone's widths by insertion (short zones), by counting
    (a small span) or with qsort (a line thousands of cells wide): the
    measures are Python's."""
    import random

    rnd = random.Random(41)
    for cjk in (True, False):
        for _ in range(30):
            rows = []
            for _ in range(rnd.randint(5, 60)):
                w = rnd.choice([rnd.randint(8, 40), rnd.randint(1, 5), 5000])
                rows.append(("加" if cjk else "a") * (w // (2 if cjk else 1) or 1) + rnd.choice(["", "。", "."]))
            found = lines.read_lines("\n".join(rows), cjk)
            compiled, pure = both(monkeypatch, lambda: paragraphs.estimate_column_widths(found, cjk, None))
            assert compiled == pure


@needs_core
def test_the_compiled_line_is_the_dataclass_line() -> None:
    """model.Line (compiled) and model.PythonLine (the dataclass, the
    reference) have the same fields in the same order, the same defaults,
    equality, repr, match arguments and pickling."""
    import copy
    import dataclasses
    import pickle

    names = [f.name for f in dataclasses.fields(PythonLine)]
    assert Line.__match_args__ == PythonLine.__match_args__ == tuple(names)
    values = ("加 强", 7, "\u3000", 2, -1, 40, 3, 2, 4, True, "spaced")
    made = [(Line(*values), PythonLine(*values)), (Line("x", 1), PythonLine("x", 1))]
    made.append((Line(**dict(zip(names, values))), PythonLine(**dict(zip(names, values)))))
    for compiled, pure in made:
        assert line_fields([compiled]) == line_fields([pure])
        assert repr(compiled) == repr(pure)
        for again in (pickle.loads(pickle.dumps(compiled)), copy.copy(compiled), copy.deepcopy(compiled)):
            assert type(again) is Line and again == compiled and again is not compiled
    a, b = Line(*values), Line(*values)
    assert a == b and not a != b
    for k, name in enumerate(names):  # (every field takes part in equality, as in the dataclass)
        other = list(values)
        other[k] = {str: "y", int: 99, bool: False}[type(values[k])]
        assert Line(*other) != a and PythonLine(*other) != PythonLine(*values)
    assert a != PythonLine(*values) and PythonLine(*values) != a  # (another class: not equal, as dataclasses)
    with pytest.raises(TypeError):
        hash(a)
    with pytest.raises(TypeError):
        hash(PythonLine(*values))
    with pytest.raises(TypeError):
        Line("x")  # (text and number have no default)
    match Line("x", 3):
        case Line(text, number):
            assert (text, number) == ("x", 3)


@needs_core
def test_what_a_compiled_line_holds_is_found_anew_when_its_text_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled passes find the spaces, bars, （《 and 摄 in a line's text
    once and keep that with the line: the furniture, interruption and
    segmentation passes then answer as Python does, on lines full of those
    characters and of their neighbours in the code table, and again after
    every line's text is set anew."""
    import random

    rnd = random.Random(53)
    marked = [" ", "  ", "\u3000", "\u3000\u3000", "|", "｜", "（", "《", "摄", "攝", "\u3020", "\uff09", "\u300b", "\u6445", "\u651c", "\u2020", "|\u3000"]
    plain = ["加强", "卫生", "健康", "丝路", "合作", "。", "，", "12", "ab", "第5版", "𠀀"]

    def page() -> str:
        rows = []
        for _ in range(300):
            rows.append("".join(rnd.choice(marked if rnd.random() < 0.3 else plain) for _ in range(rnd.randint(1, 14))).strip() or "加")
        return "\n".join(rows)

    found = lines.read_lines(page(), True)
    W = [20] * len(found)
    for round_ in range(3):
        for run in (
            lambda: furniture.find_furniture(found),
            lambda: interruptions.find_interruptions(found, W),
            lambda: paragraphs._segment_marks(found, W, True),
        ):
            compiled, pure = both(monkeypatch, run)
            assert compiled == pure
        for ln, text in zip(found, page().split("\n")):
            ln.text = text  # (the widths stay: only what the text holds is looked at anew)


@needs_core
def test_the_compiled_run_candidates_are_the_merges_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """cjk_run_candidates lists the runs heads.merge_wrapped_heads and
    reading_order.glue_runs may take: one-line runs under one-line runs,
    runs opening (after blanks) with a mark no line starts with, runs under
    a two-line run whose first line ends on 电; both merges then give what
    their Python comprehensions give."""
    import random

    from ocrmend import heads

    rnd = random.Random(61)
    starts = ["", "", "", " ", "\u3000", "  "]
    bodies = ["加强卫生", "）加强", "》", "，健康", "新华社北京１０月５日电", "电", "合作", "“丝路”", "（一）", "𠀀", "a", "。"]
    for _ in range(300):
        text = "\n".join(rnd.choice(starts) + rnd.choice(bodies) for _ in range(rnd.randint(2, 30)))
        found = lines.read_lines(text, True)
        for ln in found:  # (read_lines takes the blanks a line opens with into its indent: some are left)
            if rnd.random() < 0.3:
                ln.text = rnd.choice(starts) + ln.text
        cut = sorted(rnd.sample(range(1, len(found)), rnd.randint(0, len(found) - 1))) if len(found) > 1 else []
        runs = [found[a:b] for a, b in zip([0, *cut], [*cut, len(found)])]
        lone = [len(run) == 1 for run in runs]
        opens = [run[0].text.lstrip(" \u3000")[:1] for run in runs]
        expected = [k for k in range(1, len(runs)) if opens[k] in heads.NEVER_FIRST_SET or (lone[k] and lone[k - 1])]
        assert accel.core.cjk_run_candidates(runs, heads.NEVER_FIRST, "") == expected
        dateline = [k for k in range(1, len(runs)) if (lone[k] and lone[k - 1]) or (len(runs[k - 1]) == 2 and runs[k - 1][0].text[-1] == "电")]
        assert accel.core.cjk_run_candidates(runs, "", "电") == dateline
        measures = [20] * len(runs)
        for merge in (heads.merge_wrapped_heads, reading_order.glue_runs):
            compiled, pure = both(monkeypatch, lambda: merge([list(r) for r in runs], list(measures), True))
            assert compiled == pure
    with pytest.raises(TypeError):
        accel.core.cjk_run_candidates([["加强"]], "", "")
    with pytest.raises(ValueError):
        accel.core.cjk_run_candidates([], "", "电子")


@needs_core
def test_compiled_lines_are_left_out_of_the_cyclic_collector() -> None:
    """A line holds str, int and bool only and can close no reference cycle:
    the compiled pass leaves its lines off the collector's lists (thousands
    per page are not traversed), and nothing else changes; so are the runs
    and blocks made of them."""
    import gc

    built = lines.read_lines("加强\n卫生\f\n第二页", True)
    assert built and not any(gc.is_tracked(ln) for ln in built)
    # (nor its runs of lines, nor the blocks it joins them into: they hold lines and str only)
    runs, _ = accel.core.split_runs(built, [True, False, True], [10, 10, 10])
    assert len(runs) == 2 and not any(gc.is_tracked(run) for run in runs)
    blocks, slow = accel.core.join_runs(runs, True, Block, BlockType.BODY)
    assert slow == [] and [b.text for b in blocks] == ["加强卫生", "第二页"]
    assert not any(gc.is_tracked(b) for b in blocks)
    assert [ln.page for ln in built] == [0, 1, 1]  # (a feed starts a page from its own line)
    assert gc.is_tracked(PythonLine("x", 1))  # (the pure-Python line is tracked, as any slotted object)



@needs_core
def test_a_long_latin_line_is_spread_only_by_two_spaces_in_a_row() -> None:
    """The compiled cheap tests find two spaces in a row in a long one-byte
    line eight bytes at a time: wherever they stand, and never where they
    do not (single spaces, a space and a mark, a non-ASCII letter)."""
    texts, expected = [], []
    for size in range(41, 81, 3):
        for at in range(1, size - 2):
            body = "D" + "a" * (size - 1)
            texts.append(body[:at] + "  " + body[at + 2 :])
            expected.append(True)
            texts.append(body[:at] + " !" + body[at + 2 :])
            expected.append(False)
            if at + 3 < size:
                texts.append(body[:at] + " é " + body[at + 3 :])
                expected.append(False)
    found = lines.read_lines("\n".join(texts), False)
    assert [ln.text for ln in found] == texts
    kept = set(accel.core.furniture_candidates(found, furniture.STRONG_START_CHARS, furniture.HAN_BOUNDS))
    assert [i in kept for i in range(len(texts))] == expected


@needs_core
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(
        st.sampled_from(["The", "city", "said,", "NEWS", "IN", "BRIEF", "By", "Staff", "ǅemal", "ΣΑΣ", "ß", "é", "a.", "1", "—"]),
        min_size=1,
        max_size=200,
    ),
    widths=st.lists(st.integers(8, 40), min_size=1, max_size=5),
    blanks=st.integers(0, 6),
)
def test_latin_glue_and_stated_breaks_match_python(words, widths, blanks, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Latin glue candidates and the stated-break counts the core finds
    lead to the runs and the answer the Python stages give."""
    import random
    import textwrap

    rnd = random.Random(len(words) * 31 + blanks)
    text, k = [], 0
    while k < len(words):
        n = rnd.randint(1, 30)
        text.append(textwrap.fill(" ".join(words[k : k + n]), width=rnd.choice(widths)))
        k += n
    page = ("\n\n" if blanks % 2 else "\n").join(text)

    def run():
        found = lines.read_lines(page, False)
        if not found:
            return None
        double = paragraphs.detect_double_spacing(found)
        forced = paragraphs.hard_breaks(found, double)
        W = paragraphs.estimate_column_widths(found, False, forced)
        runs, measures = paragraphs.segment_lines(found, False, W)
        glued, _ = reading_order.glue_runs(runs, measures, False)
        return (
            paragraphs._blank_lines_end_paragraphs(found, W, forced, False),
            [[ln.number for ln in r] for r in glued],
        )

    compiled, pure = both(monkeypatch, run)
    assert compiled == pure


@needs_core
def test_latin_glue_candidates_and_stated_break_counts_are_pythons() -> None:
    """Directly: the core's Latin glue candidates are glue_runs' Python
    test, and its stated-break counts are the Python loop's."""
    import random

    rnd = random.Random(59)
    ends = ["said,", "said", "SAID", "ǅ", "ΣΑΣ", "ς", "1", "ß", ".", "NEWS", "é", "A,", "—", "x"]
    for _ in range(3000):
        texts = [" ".join(rnd.choice(ends) for _ in range(rnd.randint(1, 3))) for _ in range(rnd.randint(1, 12))]
        found = lines.read_lines("\n".join(texts), False)
        cuts = sorted({0, *rnd.sample(range(len(found)), rnd.randint(0, len(found) - 1))})
        runs = [found[a:b] for a, b in zip(cuts, cuts[1:] + [len(found)])]
        first, last = [r[0].text for r in runs], [r[-1].text for r in runs]
        python = [
            k
            for k in range(1, len(runs))
            if first[k][0] in reading_order.ASCII_LOWER
            or last[k - 1][-1] == ","
            or last[k - 1][-1].islower()
            or (last[k - 1].isupper() and first[k].isupper())
        ]
        assert accel.core.latin_glue_candidates(runs) == python, texts
        W = [rnd.randint(1, 12) for _ in found]
        forced = [rnd.random() < 0.5 for _ in found]
        stated = [i for i in range(1, len(found)) if forced[i]]
        counts = (
            len(stated),
            sum(found[i - 1].final for i in stated),
            sum(not found[i - 1].final and found[i - 1].width >= 0.6 * W[i - 1] for i in stated),
        )
        assert accel.core.stated_break_counts(found, W, forced) == counts, texts


@needs_core
def test_the_compiled_furniture_candidates_drop_long_lines_of_han_alone() -> None:
    """A line of more than eight Han letters and nothing else cannot grade
    (a name has six at most, eight with 日报; a lunar date opens with 农历):
    a heading, dropped before the pattern."""
    texts = ["加强关键核心技术研究", "加强卫生北京日报", "农历八月初五日大吉大利", "北京晚报", "加强关键核心技术研究 2", "加強衛生健康領域區域合作"]
    found = lines.read_lines("\n".join(texts), True)
    kept = {found[i].text for i in accel.core.furniture_candidates(found, furniture.STRONG_START_CHARS, furniture.HAN_BOUNDS)}
    assert kept == {"加强卫生北京日报", "农历八月初五日大吉大利", "北京晚报", "加强关键核心技术研究 2"}
    assert all(not furniture._grade(t) for t in texts if t not in kept)


@needs_core
def test_without_lines_drops_exactly_the_lifted_lines() -> None:
    """by identity: an equal line that was not lifted stays."""
    import random

    rnd = random.Random(61)
    for _ in range(300):
        found = lines.read_lines("\n".join(rnd.choice(["加强", "卫生", "a"]) for _ in range(rnd.randint(1, 40))), True)
        measure = list(range(len(found)))
        drop = rnd.sample(found, rnd.randint(0, len(found)))
        kept, kept_measure = accel.core.without_lines(found, measure, drop)
        ids = {id(ln) for ln in drop}
        assert [id(ln) for ln in kept] == [id(ln) for ln in found if id(ln) not in ids]
        assert kept_measure == [m for m, ln in zip(measure, found) if id(ln) not in ids]


@needs_core
@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=()), max_size=60), limit=st.integers(-2, 70))
def test_char_counts_are_the_encoded_samples(text: str, limit: int) -> None:
    """The core counts what is_cjk_text and has_ocr_spacing read off the
    UTF-8 bytes of a sample: bytes past one a character, ASCII letters
    (any character: astral, lone surrogates, Latin-1)."""
    sample = text[: max(limit, 0)]
    encoded = sample.encode("utf-8", "surrogatepass")
    letters = len(encoded) - len(encoded.translate(None, ocrmend.chars.ASCII_LETTERS))
    assert accel.core.char_counts(text, limit) == (len(encoded) - len(sample), letters)


@needs_core
def test_credit_tails_are_the_shapes_first_list() -> None:
    import random

    rnd = random.Random(67)
    pieces = ["王琪", " ", "摄", "攝", "（资料图片）", "加强卫生健康领域区域合作", "a", "\n"]
    for _ in range(500):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) + "。"
        found = lines.read_lines(text, True)
        cuts = sorted({0, *rnd.sample(range(len(found)), rnd.randint(0, len(found) - 1))})
        runs = [found[a:b] for a, b in zip(cuts, cuts[1:] + [len(found)])]
        blocks = [Block(BlockType.BODY, run, "".join(ln.text for ln in run)) for run in runs]
        tails = accel.core.credit_tails(blocks)
        assert tails == classify._credit_tails(blocks)
        assert tails == accel.core.block_shapes(blocks, [0] * len(blocks), 46, classify.FIXED_FORM_START_CHARS, BlockType.BODY)[0]


@needs_core
@pytest.mark.parametrize("cjk", [False, True])
def test_runs_the_core_joins_are_joined_as_python_joins_them(cjk: bool) -> None:
    """Whatever run the compiled join takes (it leaves the rest to Python)
    comes out as pipeline._joined_text makes it: one-byte texts with tabs,
    no-break spaces, double spaces and letter-spacing, and wider ones."""
    import random

    rnd = random.Random(71 + cjk)
    pieces = ["a", "bc", " ", "  ", "\t", "\xa0", "é", "A", "B C", "-", ",", "x y", "加", "\u3000", "“", "1"]
    taken = 0
    for _ in range(3000):
        texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8))) for _ in range(rnd.randint(1, 4))]
        found = lines.read_lines("\n".join(texts), cjk)
        if not found:
            continue
        blocks, slow = accel.core.join_runs([found], cjk, Block, BlockType.BODY)
        if not slow:
            taken += 1
            assert blocks[0].text == pipeline._joined_text(found, cjk, None), texts
    assert taken > 300


@needs_core
@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.sampled_from([" ", " ", "a", "\t", "é", "加", "𠀀"]), max_size=40))
def test_holds_double_space_is_the_pair_search(text: str) -> None:
    """Eight bytes at a time on one-byte text (the pair at any offset, across
    a word's edge), the str search on the others."""
    assert accel.core.holds_double_space(text) is ("  " in text)
    assert accel.core.holds_double_space("x" * 17 + text) is ("  " in text)
    with pytest.raises(TypeError):
        accel.core.holds_double_space(b"  ")


@needs_core
def test_the_compiled_scans_find_a_character_or_a_pair_wherever_it_stands() -> None:
    """holds_char and holds_double_space test two- and four-byte text 64
    characters at a time, then one by one: a space pair or a character is
    found at every place, across the blocks' edges, and not found where
    only its neighbours stand (a single space; U+3001, U+2000, U+0000)."""
    for filler in ("加", "𠀀", "a", "é"):
        for size in (0, 1, 2, 63, 64, 65, 66, 127, 128, 129, 200):
            plain = filler * size
            assert not accel.core.holds_double_space(plain) and not accel.core.holds_char(plain, "\u3000")
            for at in range(size):
                for near in ("\u3001", "\u2000", "\x00", " "):
                    text = plain[:at] + near + plain[at + 1 :]
                    assert accel.core.holds_char(text, "\u3000") is False
                    assert accel.core.holds_double_space(text) is False
                text = plain[:at] + "\u3000" + plain[at + 1 :]
                assert accel.core.holds_char(text, "\u3000") is True
                assert accel.core.holds_char(text, "a") is ("a" in text)
                if at + 1 < size:
                    pair = plain[:at] + "  " + plain[at + 2 :]
                    assert accel.core.holds_double_space(pair) is True
    with pytest.raises(TypeError):
        accel.core.holds_char("abc", "ab")
    assert spacing.holds_ideographic_space("加" * 300 + "\u3000") and not spacing.holds_ideographic_space("加" * 300)
