"""The ``ocrmend`` command: arguments, progress, exit codes and messages.

No text logic lives here, and no file handling either: the arguments become
jobs (``ocrmend.batch.plan_inputs``) that ``ocrmend.batch.run_batch`` cleans,
here or in worker processes; this module prints what comes back. stdout
carries only the document; every message goes to stderr as one line,
``ocrmend: error: <what went wrong>; <what to try>``.
"""

from __future__ import annotations

import contextlib
import enum
import importlib
import os
import re
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
import typer.core

import ocrmend

from .batch import (
    BatchStopped,
    Job,
    Report,
    Settings,
    Terminated,
    UsageProblem,
    explain_text,
    plan_inputs,
    plan_workers,
    read_path_list,
    run_batch,
    shown,
)
from .decode import DecodeError, decode_bytes
from .options import FORMATS, Options

PROG = "ocrmend"

# click's exceptions, from wherever this typer takes click (recent typers
# carry their own copy): the module that defines typer.BadParameter.
_click_errors = importlib.import_module(typer.BadParameter.__module__)
ClickException = _click_errors.ClickException
ClickUsageError = _click_errors.UsageError
ABORTS = (typer.Abort, getattr(_click_errors, "Abort", typer.Abort), KeyboardInterrupt)


class ExitCode(enum.IntEnum):
    OK = 0
    FAILED = 1  # at least one input could not be cleaned or written
    USAGE = 2  # bad arguments: nothing was done
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    TERMINATED = 143  # SIGTERM (128 + SIGTERM), e.g. from a batch scheduler; stopped as cleanly as at Ctrl-C


def _terminated(exc: BaseException | None) -> Terminated | None:
    """The ``Terminated`` behind an interruption (click turns it into an Abort), if any."""
    while exc is not None:
        if isinstance(exc, Terminated):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def _interrupted_code(exc: BaseException) -> ExitCode:
    return ExitCode.TERMINATED if _terminated(exc) else ExitCode.INTERRUPTED


def _interrupted_message(exc: BaseException) -> str:
    terminated = _terminated(exc)
    return f"interrupted ({terminated.name})" if terminated else "interrupted"


EXAMPLES = """\b
Examples:
  ocrmend clean page.txt                    clean one page to stdout
  ocrmend clean < page.txt > clean.txt      as a filter (stdin to stdout)
  ocrmend clean -f json page.txt            typed blocks with source line ranges
  ocrmend clean -f markdown page.txt        headline as #, captions in italics
  ocrmend clean -f alto scan.xml            the ALTO file enriched: block types, reading order, paragraphs
  ocrmend clean pages/ -o cleaned/          every *.txt under pages/, recursively
  ocrmend clean scans/ --glob '*.xml' -o out/ -f json   ALTO, PAGE XML or hOCR, known by content
  ocrmend clean archive/ -o clean/ -j 8 --report report.jsonl
  find archive -name '*.txt' | ocrmend clean --from-list - -o clean/
  ocrmend clean --encoding big5 old.txt     skip encoding detection
  ocrmend clean --explain page.txt          why each block starts and has its type, every change, on stderr
  ocrmend rules                             every rule code with its one-line description
  ocrmend review pages/ -o review/          an HTML report to check the result in a browser

\b
A rerun skips inputs whose output is up to date (--force redoes them).
Exit codes: 0 done, 1 some input failed, 2 bad arguments, 130 interrupted
(Ctrl-C), 143 stopped by SIGTERM.
Output is always UTF-8.
"""


# ------------------------------------------------------------------ messages
# What would break a message over two lines (or more), were it printed as it
# is: file names are shown escaped (``batch.shown``); this catches the rest.
LINE_BREAKS_RE = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _one_line(message: str) -> str:
    return LINE_BREAKS_RE.sub(lambda m: repr(m.group())[1:-1], message)


def _say(message: str) -> None:
    typer.echo(f"{PROG}: {message}", err=True)


def _error(message: str) -> None:
    _say(f"error: {_one_line(message)}")


# Set by --traceback: an unexpected error shows its traceback before its line.
_show_traceback = False


# ------------------------------------------------------------------ click/typer glue
class OcrmendGroup(typer.core.TyperGroup):
    """Runs the app in click's non-standalone mode so that every error, click's own
    usage errors included, is reported as one ``ocrmend: error:`` line."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        global _show_traceback
        _show_traceback = False  # (until `clean --traceback` says otherwise)
        try:
            with _sigterm_as_interrupt():
                code = super().main(args, PROG, complete_var, standalone_mode=False, **extra)
        except ClickUsageError as exc:
            where = exc.ctx.command_path if exc.ctx else PROG
            message = exc.format_message().rstrip(".")
            _error(f"{message[:1].lower()}{message[1:]}; see '{where} --help'")
            code = ExitCode.USAGE
        except ClickException as exc:
            _error(exc.format_message())
            code = exc.exit_code
        except ABORTS as exc:
            _say(_interrupted_message(exc))
            code = _interrupted_code(exc)
        except MemoryError:
            _unexpected()
            _error("out of memory; free some memory (or clean with fewer --jobs) and run the same command again")
            code = ExitCode.FAILED
        except Exception as exc:  # noqa: BLE001 -- a bug: one line, never a traceback (unless --traceback)
            _unexpected()
            _error(f"internal error ({type(exc).__name__}: {exc}); rerun with --traceback and report it")
            code = ExitCode.FAILED
        code = int(code or 0)
        if standalone_mode:
            sys.exit(code)
        return code


def _unexpected() -> None:
    """With --traceback, the traceback of the exception being handled, on stderr."""
    if _show_traceback:
        with contextlib.suppress(Exception):
            traceback.print_exc()


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises ``Terminated`` (a KeyboardInterrupt) in the main thread: it stops a run as Ctrl-C does.

    A batch scheduler or ``timeout`` sends SIGTERM, often to the whole process
    group; by default it would kill this process at once, leaving temporary
    files, the workers and a report without its summary. Further SIGTERMs are
    ignored while the run cleans up (a second one must not cut that short);
    the handler before is restored at the end. A SIGTERM that was ignored
    when ocrmend started stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_IGN:
        yield
        return

    def stop(signum: int, frame: object) -> None:
        signal.signal(signum, signal.SIG_IGN)
        raise Terminated(signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


app = typer.Typer(
    cls=OcrmendGroup,
    name=PROG,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback(invoke_without_command=True, epilog=EXAMPLES)
def root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
) -> None:
    """Repair the text that OCR engines and PDF extractors make of newspaper pages."""
    if version:
        typer.echo(f"{PROG} {ocrmend.__version__}")
        raise typer.Exit(ExitCode.OK)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(ExitCode.OK)


# ------------------------------------------------------------------ clean
# The options ``clean`` and ``review`` share, declared once.
GlobOption = Annotated[
    list[str] | None,
    typer.Option("--glob", metavar="PATTERN", help="Which files to take from folders (searched recursively); repeatable [default: *.txt].", show_default=False),
]
EncodingOption = Annotated[str | None, typer.Option("--encoding", metavar="NAME", help="Input encoding, e.g. gb18030 or big5 [default: detect].")]
PunctuationOption = Annotated[str, typer.Option("--punctuation", metavar="widen|keep", help="widen: make half-width marks in CJK text full width; keep: leave them.")]
ConvertOption = Annotated[str | None, typer.Option("--convert", metavar="CONFIG", help="OpenCC conversion after cleaning, e.g. t2s or s2t.")]
InputFormatOption = Annotated[
    str | None, typer.Option("--input-format", metavar="FORMAT", help="Read inputs as text, alto, page, hocr or pdf [default: from the content].")
]


@app.command(epilog=EXAMPLES, short_help="Clean pages into typed blocks (text, markdown or json).")
def clean(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATH", help="Files or folders to clean; none, or '-', reads stdin.", show_default=False),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text, markdown, json, alto (ALTO 4.4) or page (PAGE XML 2019).")] = "text",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="DIR", help="Write one output per input into this folder (needed for several inputs or a folder)."),
    ] = None,
    glob: GlobOption = None,
    from_list: Annotated[
        str | None,
        typer.Option("--from-list", metavar="FILE", help="Also clean the paths listed in FILE, one a line ('-': stdin)."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", metavar="N", help="Worker processes for a batch; 1 cleans in this process [default: all cores].", show_default=False),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", metavar="FILE", help="Write a JSON line per input, and a summary line, to FILE."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Clean inputs again even if their output is up to date.")] = False,
    encoding: EncodingOption = None,
    punctuation: PunctuationOption = "widen",
    convert: ConvertOption = None,
    input_format: InputFormatOption = None,
    explain: Annotated[bool, typer.Option("--explain", help="Record why each block starts and has its type, and every change: in JSON output, or on stderr.")] = False,
    show_traceback: Annotated[bool, typer.Option("--traceback", help="Show tracebacks instead of one-line errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr (errors still show).")] = False,
) -> None:
    """Clean pages of OCR or PDF-extracted text into paragraphs, headlines, captions...

    With no PATH (or '-') it is a filter: bytes from stdin, the document on
    stdout. One file goes to stdout too. Several files, or a folder, need
    --out DIR: each input gets one output there, at the same relative path,
    named by format (.txt, .md, .json, .alto.xml, .page.xml). Outputs are replaced whole, never left
    half written; a rerun skips inputs whose output is up to date.
    """
    global _show_traceback
    _show_traceback = show_traceback
    try:
        settings = _settings(output_format, encoding, punctuation, convert, explain, show_traceback, force, input_format)
        workers = _workers(jobs)
        arguments = list(paths or [])
        if from_list is not None:
            arguments += _read_list(from_list, arguments)
        elif not arguments and _stdin_is_terminal():  # an explicit '-' may be typed in; nothing at all is a slip
            raise UsageProblem("no input; pass a PATH, or pipe text in: ocrmend clean < page.txt")
        if not arguments and from_list is None:
            arguments = ["-"]
        if not arguments:
            raise UsageProblem(f"no paths in --from-list {from_list}; list one path a line")
        planned, failures = plan_inputs(
            arguments, None if out is None else str(out), glob or ["*.txt"], settings.extension
        )
        report_stream = _open_report(report)
    except UsageProblem as exc:
        _error(str(exc))
        raise typer.Exit(ExitCode.USAGE) from None
    except KeyboardInterrupt as exc:  # while reading a list or searching folders (typer would exit 130 silently)
        _say(_interrupted_message(exc))
        raise typer.Exit(_interrupted_code(exc)) from None
    workers = plan_workers(planned, workers) if out is not None else 1
    tally = Report(report_stream, workers)
    interrupted: KeyboardInterrupt | None = None
    stopped: BatchStopped | None = None
    try:
        for path, problem in failures:
            _error(problem)
            tally.add({"path": path, "output": None, "status": "failed", "error": problem, "seconds": 0.0})
        with _progress(planned, enabled=out is not None and not quiet and len(planned) > 1) as progress:

            def on_record(record: dict[str, Any]) -> None:
                for text in explain_text(record):  # a worker's --explain lines, printed here above the bar
                    progress.say(text.rstrip("\n"))
                tally.add(record)
                progress.advance(record, tally.failed)
                for warning in record.get("decode_warnings", ()):  # bad bytes shown as U+FFFD, a guessed encoding
                    progress.say(f"{PROG}: warning: {shown(record['path'])}: {warning}")
                if record["status"] == "failed":
                    if "traceback" in record:
                        progress.say(record["traceback"].rstrip("\n"))
                    progress.say(f"{PROG}: error: {_one_line(record['error'])}")

            run_batch(planned, settings, workers, on_record, out=None if out is None else str(out))
    except KeyboardInterrupt as exc:
        interrupted = exc
    except BatchStopped as exc:  # a full disk: for the outputs, or for the report
        stopped = exc
    try:
        tally.summary(interrupted is not None, _signal_name(interrupted), None if stopped is None else str(stopped))
    except BatchStopped as exc:
        stopped = stopped or exc
    if report_stream is not None:
        with contextlib.suppress(OSError):
            report_stream.close()
    if stopped is not None:
        _error(str(stopped))
        raise typer.Exit(ExitCode.FAILED)
    if interrupted is not None:
        _say(_interrupted_message(interrupted))
        raise typer.Exit(_interrupted_code(interrupted))
    if out is not None and planned and not quiet:
        _say(_summary_line(tally, out))
    raise typer.Exit(ExitCode.FAILED if tally.failed else ExitCode.OK)


# ------------------------------------------------------------------ review
REVIEW_EXAMPLES = """\b
Examples:
  ocrmend review samples/seed-page.txt -o review/        then open review/index.html
  ocrmend review scans/ --glob '*.xml' -o review/        a folder of ALTO, PAGE or hOCR pages
  find archive -name '*.txt' | shuf -n 50 | ocrmend review --from-list - -o sample/
"""


@app.command(epilog=REVIEW_EXAMPLES, short_help="Write an HTML report to check what cleaning did, page by page.")
def review(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATH", help="Files or folders to review.", show_default=False),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="DIR", help="Write DIR/index.html and a page per input under DIR/pages/ (required).", show_default=False),
    ] = None,
    glob: GlobOption = None,
    from_list: Annotated[
        str | None,
        typer.Option("--from-list", metavar="FILE", help="Also review the paths listed in FILE, one a line ('-': stdin)."),
    ] = None,
    encoding: EncodingOption = None,
    punctuation: PunctuationOption = "widen",
    convert: ConvertOption = None,
    input_format: InputFormatOption = None,
    show_traceback: Annotated[bool, typer.Option("--traceback", help="Show tracebacks instead of one-line errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr (errors still show).")] = False,
) -> None:
    """Clean pages and write a static HTML report to check the result in a browser.

    Each input gets a page (DIR/pages/<input>.html): its source lines beside
    the cleaned blocks, types in colour, every change and decision marked
    with its rule code, and for ALTO, PAGE, hOCR and PDF a sketch of the page
    with each block's box in reading order. DIR/index.html lists the pages,
    those that most need a look first. The files need no server: open them
    from disk.
    """
    from .review import plan_review, review_inputs

    global _show_traceback
    _show_traceback = show_traceback
    try:
        if out is None:
            raise UsageProblem("review needs --out DIR for its pages; e.g. ocrmend review page.txt -o review/")
        settings = _settings("text", encoding, punctuation, convert, True, show_traceback, True, input_format)
        arguments = list(paths or [])
        if from_list is not None:
            arguments += _read_list(from_list, arguments)
        if not arguments:
            raise UsageProblem("no input; pass a PATH (a file or a folder), or --from-list FILE")
        planned, failures = plan_review(arguments, str(out), glob or ["*.txt"])
    except UsageProblem as exc:
        _error(str(exc))
        raise typer.Exit(ExitCode.USAGE) from None
    except KeyboardInterrupt as exc:
        _say(_interrupted_message(exc))
        raise typer.Exit(_interrupted_code(exc)) from None
    for _, problem in failures:
        _error(problem)

    def on_failure(name: str, message: str, exc: BaseException | None) -> None:
        if show_traceback and exc is not None:
            traceback.print_exception(exc)
        _error(message)

    done, failed = review_inputs(planned, str(out), settings.options, on_failure, failures)
    if not quiet:
        total = len(done) + len(failed)
        more = f"; {len(failed)} failed" if failed else ""
        _say(f"reviewed {len(done)} of {total} {'input' if total == 1 else 'inputs'}{more}; open {shown(os.path.join(str(out), 'index.html'))}")
    raise typer.Exit(ExitCode.FAILED if failed else ExitCode.OK)


# ------------------------------------------------------------------ rules
@app.command(short_help="List every rule code with its one-line description.")
def rules(
    codes: Annotated[list[str] | None, typer.Argument(help="Codes to show (e.g. B010 T007); all when none is given.", show_default=False)] = None,
) -> None:
    """List the rules ocrmend applies, by code (as `--explain` names them)."""
    from .rules import RULES

    wanted = [c.upper() for c in codes or []]
    unknown = [c for c in wanted if c not in RULES]
    if unknown:
        _error(f"no rule {unknown[0]}; run 'ocrmend rules' for the list")
        raise typer.Exit(ExitCode.USAGE)
    for code in wanted or RULES:
        rule = RULES[code]
        typer.echo(f"{rule.code}  {rule.summary}  [{rule.module}.py]")


def _signal_name(exc: BaseException | None) -> str | None:
    if exc is None:
        return None
    terminated = _terminated(exc)
    return terminated.name if terminated else "SIGINT"


def _settings(
    output_format: str,
    encoding: str | None,
    punctuation: str,
    convert: str | None,
    explain: bool,
    show_traceback: bool,
    force: bool,
    input_format: str | None = None,
) -> Settings:
    if output_format not in FORMATS:
        raise UsageProblem(f"unknown format {output_format!r}; use {', '.join(FORMATS[:-1])} or {FORMATS[-1]}")
    if encoding is not None:
        try:
            decode_bytes(b"", encoding)  # an unknown codec is a bad argument, not a bad file
        except DecodeError as exc:
            raise UsageProblem(str(exc)) from None
    try:
        options = Options(encoding=encoding, punctuation=punctuation, convert=convert, explain=explain, input_format=input_format)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None
    return Settings(
        fmt=output_format,
        options=options,
        explain_on_stderr=explain and output_format != "json",
        show_traceback=show_traceback,
        force=force,
    )


def _workers(jobs: int | None) -> int:
    if jobs is None:
        try:
            return len(os.sched_getaffinity(0))  # the cores this process may use (containers, taskset)
        except AttributeError:
            return os.cpu_count() or 1
    if jobs < 1:
        raise UsageProblem(f"--jobs {jobs}: need at least 1 worker; --jobs 1 cleans in this process")
    return jobs


def _read_list(from_list: str, arguments: list[str]) -> list[str]:
    if from_list == "-":
        if "-" in arguments:
            raise UsageProblem("--from-list - reads paths from stdin, so stdin cannot also be an input; save the text to a file and list it")
        try:
            stdin = typer.get_binary_stream("stdin")
        except (AttributeError, RuntimeError):  # `<&-`: no stdin at all
            raise UsageProblem("cannot read --from-list -: stdin is closed; pipe the list in, or pass --from-list FILE") from None
        try:
            return read_path_list(stdin)
        except OSError as exc:
            raise UsageProblem(f"cannot read --from-list -: {exc.strerror or exc}; pipe the list in, or pass --from-list FILE") from None
    try:
        with open(from_list, "rb") as stream:
            return read_path_list(stream)
    except OSError as exc:
        raise UsageProblem(f"cannot read --from-list {shown(from_list)}: {exc.strerror or exc}; check the path") from None


def _open_report(report: Path | None) -> TextIO | None:
    if report is None:
        return None
    try:
        if report.parent != Path():
            report.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: each line goes to the end in one write (Report writes lines whole or not at all).
        return open(report, "w", encoding="utf-8", opener=lambda path, flags: os.open(path, flags | os.O_APPEND, 0o666))
    except OSError as exc:
        raise UsageProblem(f"cannot write --report {shown(str(report))}: {exc.strerror or exc}; choose another path") from None


def _summary_line(tally: Report, out: Path) -> str:
    counts = tally.counts
    total = sum(counts.values())
    line = f"cleaned {counts['ok']} of {total} {'input' if total == 1 else 'inputs'} into {shown(str(out))}"
    if counts["skipped"]:
        line += f"; {counts['skipped']} already up to date"
    if counts["failed"]:
        line += f"; {counts['failed']} failed"
    return line


# ------------------------------------------------------------------ progress
class _NoProgress:
    def advance(self, record: dict[str, Any], failed: int) -> None:
        pass

    def say(self, message: str) -> None:
        typer.echo(message, err=True)


class _RichProgress:
    """Files, MB, rates, ETA and failures so far, on stderr, redrawn in place."""

    def __init__(self, jobs: list[Job]) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.console = Console(stderr=True, highlight=False)
        total_mb = sum(job.size for job in jobs) / 1e6
        self.progress = Progress(
            TextColumn(f"{PROG}"),
            BarColumn(),
            TextColumn("{task.fields[files]}/" + str(len(jobs)) + " files"),
            TextColumn("{task.fields[mb]:.1f}/" + f"{total_mb:.1f} MB"),
            TextColumn("{task.fields[rates]}"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failed]}"),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("clean", total=max(1, sum(job.size for job in jobs)), files=0, mb=0.0, rates="", failed="")
        self.files = 0

    def __enter__(self) -> _RichProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def advance(self, record: dict[str, Any], failed: int) -> None:
        self.files += 1
        task = self.progress.tasks[0]
        size = record.get("bytes_in") or 0
        elapsed = task.elapsed or 0.0
        mb = task.completed / 1e6 + size / 1e6
        rates = f"{self.files / elapsed:.1f} files/s {mb / elapsed:.2f} MB/s" if elapsed > 0 else ""
        self.progress.update(
            self.task, advance=size, files=self.files, mb=mb, rates=rates, failed=f"{failed} failed" if failed else ""
        )

    def say(self, message: str) -> None:
        self.console.print(message, markup=False, highlight=False, soft_wrap=True)


@contextlib.contextmanager
def _progress(jobs: list[Job], enabled: bool) -> Iterator[_NoProgress | _RichProgress]:
    """A progress bar only on a terminal, and only if rich (typer's companion) is there."""
    if enabled and _stderr_is_terminal():
        try:
            bar = _RichProgress(jobs)
        except ImportError:
            pass
        else:
            with bar:
                yield bar
            return
    yield _NoProgress()


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _stdin_is_terminal() -> bool:
    try:
        return typer.get_binary_stream("stdin").isatty()
    except (AttributeError, OSError, RuntimeError, ValueError):  # no stdin at all (`<&-`)
        return False


def _plug_closed_standard_streams() -> None:
    """Give a closed stdin, stdout or stderr (``<&-``, ``>&-``) /dev/null as its descriptor.

    Python then has no ``sys.stdin`` (or ``sys.stdout``...), which is how
    ocrmend tells that it cannot read or write there; but the descriptor's
    number is free, and the next file opened -- an output, the report --
    would take it, and with it whatever a worker process or the C runtime
    writes to "stdout" or "stderr". /dev/null keeps the numbers taken.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                null = os.open(os.devnull, os.O_RDWR)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    _plug_closed_standard_streams()
    app(args=list(argv) if argv is not None else None, prog_name=PROG)
