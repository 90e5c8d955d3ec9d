"""The ``ocrmend`` command: arguments, files, exit codes and messages.

No text logic lives here: the command reads bytes, calls ``ocrmend.clean``
and writes ``Document.to_text`` / ``to_markdown`` / ``to_json``. stdout carries
only the document; every message goes to stderr as one line,
``ocrmend: error: <what went wrong>; <what to try>``.
"""

from __future__ import annotations

import enum
import importlib
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

import ocrmend

from .decode import DecodeError, decode_bytes
from .model import Document
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


EXTENSIONS = {"text": ".txt", "markdown": ".md", "json": ".json"}
RENDERERS: dict[str, Callable[[Document], str]] = {
    "text": Document.to_text,
    "markdown": Document.to_markdown,
    "json": Document.to_json,
}

EXAMPLES = """\b
Examples:
  ocrmend clean page.txt                    clean one page to stdout
  ocrmend clean < page.txt > clean.txt      as a filter (stdin to stdout)
  ocrmend clean -f json page.txt            typed blocks with source line ranges
  ocrmend clean -f markdown page.txt        headline as #, captions in italics
  ocrmend clean pages/ -o cleaned/          every *.txt under pages/, recursively
  ocrmend clean scans/ --glob '*.ocr' -o out/ -f json
  ocrmend clean --encoding big5 old.txt     skip encoding detection
  ocrmend clean --explain page.txt          list every deliberate change on stderr

\b
Exit codes: 0 done, 1 some input failed, 2 bad arguments, 130 interrupted.
Output is always UTF-8.
"""


# ------------------------------------------------------------------ messages
def _say(message: str) -> None:
    typer.echo(f"{PROG}: {message}", err=True)


def _error(message: str) -> None:
    _say(f"error: {message}")


class UsageProblem(Exception):
    """Bad arguments, found before any input is read: exit 2, nothing written."""


class InputProblem(Exception):
    """One input failed; a batch goes on with the others."""


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
        try:
            code = super().main(args, PROG, complete_var, standalone_mode=False, **extra)
        except ClickUsageError as exc:
            where = exc.ctx.command_path if exc.ctx else PROG
            message = exc.format_message().rstrip(".")
            _error(f"{message[:1].lower()}{message[1:]}; see '{where} --help'")
            code = ExitCode.USAGE
        except ClickException as exc:
            _error(exc.format_message())
            code = exc.exit_code
        except ABORTS:
            _say("interrupted")
            code = ExitCode.INTERRUPTED
        code = int(code or 0)
        if standalone_mode:
            sys.exit(code)
        return code


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
@dataclass(frozen=True)
class Settings:
    render: Callable[[Document], str]
    extension: str
    options: Options
    explain_on_stderr: bool
    show_traceback: bool
    quiet: bool


@dataclass(frozen=True)
class Job:
    source: Path | None  # the input file; None for stdin
    name: str  # how messages and the JSON "source" field call it
    target: Path | None  # the output file; None for stdout


@app.command(epilog=EXAMPLES, short_help="Clean pages into typed blocks (text, markdown or json).")
def clean(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATH", help="Files or folders to clean; none, or '-', reads stdin.", show_default=False),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text, markdown or json.")] = "text",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="DIR", help="Write one output per input into this folder (needed for several inputs or a folder)."),
    ] = None,
    glob: Annotated[str, typer.Option("--glob", metavar="PATTERN", help="Which files to take from folders (searched recursively).")] = "*.txt",
    encoding: Annotated[str | None, typer.Option("--encoding", metavar="NAME", help="Input encoding, e.g. gb18030 or big5 [default: detect].")] = None,
    punctuation: Annotated[str, typer.Option("--punctuation", metavar="widen|keep", help="widen: make half-width marks in CJK text full width; keep: leave them.")] = "widen",
    convert: Annotated[str | None, typer.Option("--convert", metavar="CONFIG", help="OpenCC conversion after cleaning, e.g. t2s or s2t.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Record every deliberate change: in JSON output, or on stderr.")] = False,
    show_traceback: Annotated[bool, typer.Option("--traceback", help="Show tracebacks instead of one-line errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr (errors still show).")] = False,
) -> None:
    """Clean pages of OCR or PDF-extracted text into paragraphs, headlines, captions...

    With no PATH (or '-') it is a filter: bytes from stdin, the document on
    stdout. One file goes to stdout too. Several files, or a folder, need
    --out DIR: each input gets one output there, at the same relative path,
    named by format (.txt, .md, .json). Outputs are replaced whole, never left
    half written.
    """
    try:
        settings = _settings(output_format, encoding, punctuation, convert, explain, show_traceback, quiet)
        if not paths and _stdin_is_terminal():  # an explicit '-' may be typed in; nothing at all is a slip
            raise UsageProblem("no input; pass a PATH, or pipe text in: ocrmend clean < page.txt")
        jobs, failures = _plan(paths or ["-"], out, glob, settings)
    except UsageProblem as exc:
        _error(str(exc))
        raise typer.Exit(ExitCode.USAGE) from None
    for problem in failures:
        _error(problem)
    try:
        if out is None:  # stdin or one file, to stdout
            ok = all([_run_to_stdout(job, settings) for job in jobs])
        else:
            ok = _run_batch(jobs, out, settings, failed_before=len(failures))
    except KeyboardInterrupt:
        _say("interrupted")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    raise typer.Exit(ExitCode.OK if ok and not failures else ExitCode.FAILED)


def _settings(
    output_format: str,
    encoding: str | None,
    punctuation: str,
    convert: str | None,
    explain: bool,
    show_traceback: bool,
    quiet: bool,
) -> Settings:
    if output_format not in FORMATS:
        raise UsageProblem(f"unknown format {output_format!r}; use text, markdown or json")
    if encoding is not None:
        try:
            decode_bytes(b"", encoding)  # an unknown codec is a bad argument, not a bad file
        except DecodeError as exc:
            raise UsageProblem(str(exc)) from None
    try:
        options = Options(encoding=encoding, punctuation=punctuation, convert=convert, explain=explain)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None
    return Settings(
        render=RENDERERS[output_format],
        extension=EXTENSIONS[output_format],
        options=options,
        explain_on_stderr=explain and output_format != "json",
        show_traceback=show_traceback,
        quiet=quiet,
    )


def _plan(paths: list[str], out: Path | None, glob: str, settings: Settings) -> tuple[list[Job], list[str]]:
    """Turn the arguments into jobs; report missing paths as failures, bad combinations as usage problems."""
    if "-" in paths:
        if len(paths) > 1:
            raise UsageProblem("'-' (stdin) cannot be mixed with paths; clean stdin and files in separate runs")
        if out is not None:
            raise UsageProblem("--out needs PATH arguments; stdin is cleaned to stdout (redirect it with >)")
        return [Job(None, "<stdin>", None)], []

    folders = [p for p in paths if Path(p).is_dir()]
    if out is None:
        if folders:
            raise UsageProblem(f"{folders[0]} is a folder; pass --out DIR to write one output per file")
        if len(paths) > 1:
            raise UsageProblem(f"{len(paths)} inputs need --out DIR for their outputs; or clean one file to stdout")
    if out is not None and out.exists() and not out.is_dir():
        raise UsageProblem(f"--out {out} is a file; pass a folder (it is created if missing)")

    failures: list[str] = []
    pairs: list[tuple[Path, Path, str]] = []  # (input, path relative to --out, name)
    out_root = out.resolve() if out is not None else None
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            # Outputs of an earlier run under pages/cleaned/ are not inputs of this one.
            root = path.resolve()
            skip = out_root if out_root is not None and out_root != root and out_root.is_relative_to(root) else None
            found = [
                p
                for p in sorted(path.rglob(glob))
                if p.is_file() and not (skip is not None and p.resolve().is_relative_to(skip))
            ]
            if not found:
                failures.append(f"no files matching {glob!r} under {arg}; pass --glob PATTERN to choose other files")
            pairs.extend((p, p.relative_to(path), str(p)) for p in found)
        elif path.exists():
            pairs.append((path, Path(path.name), arg))
        else:
            failures.append(f"{arg}: no such file or folder; check the path")

    if out is None:
        return [Job(source, name, None) for source, _, name in pairs], failures

    jobs: list[Job] = []
    claimed: dict[Path, str] = {}
    inputs = {source.resolve() for source, _, _ in pairs}
    done: set[Path] = set()
    for source, relative, name in pairs:
        if source.resolve() in done:  # named twice (a file and its folder): clean it once
            continue
        done.add(source.resolve())
        target = out / relative.with_suffix(settings.extension)
        key = target.resolve()
        if key in inputs:
            raise UsageProblem(f"{name} would be overwritten by its own output; choose another --out folder")
        if key in claimed:
            raise UsageProblem(
                f"{claimed[key]} and {name} would both be written to {target}; clean them in separate runs"
            )
        claimed[key] = name
        jobs.append(Job(source, name, target))
    return jobs, failures


def _run_to_stdout(job: Job, settings: Settings) -> bool:
    try:
        output = _clean_one(job, settings)
    except InputProblem as exc:
        _error(str(exc))
        return False
    stdout = typer.get_binary_stream("stdout")
    try:
        stdout.write(output.encode("utf-8"))
        stdout.flush()
    except BrokenPipeError:
        _silence_stdout()  # `ocrmend clean big.txt | head`: the reader has all it wants
    return True


def _run_batch(jobs: list[Job], out: Path, settings: Settings, failed_before: int) -> bool:
    progress = not settings.quiet and sys.stderr.isatty() and len(jobs) > 1
    written = failed = 0
    for number, job in enumerate(jobs, 1):
        if progress:
            typer.echo(f"\r\x1b[K{PROG}: [{number}/{len(jobs)}] {job.name}", err=True, nl=False)
        try:
            output = _clean_one(job, settings)
            assert job.target is not None
            _write_atomically(job.target, output.encode("utf-8"))
            written += 1
        except InputProblem as exc:
            if progress:
                typer.echo("\r\x1b[K", err=True, nl=False)
            _error(str(exc))
            failed += 1
    if progress:
        typer.echo("\r\x1b[K", err=True, nl=False)
    if jobs and not settings.quiet:
        total = len(jobs) + failed_before
        failed_note = f"; {total - written} failed" if written < total else ""
        _say(f"cleaned {written} of {total} {'input' if total == 1 else 'inputs'} into {out}{failed_note}")
    return failed == 0


def _clean_one(job: Job, settings: Settings) -> str:
    """Read, clean and render one input; every failure becomes an InputProblem."""
    try:
        data = typer.get_binary_stream("stdin").read() if job.source is None else job.source.read_bytes()
    except OSError as exc:
        _maybe_traceback(settings)
        raise InputProblem(f"cannot read {job.name}: {exc.strerror or exc}; check the path and its permissions") from None
    try:
        doc = ocrmend.clean(data, source=job.name, options=settings.options)
        output = settings.render(doc)
    except DecodeError as exc:
        _maybe_traceback(settings)
        raise InputProblem(f"{job.name}: {exc}") from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a bug in a stage must not take the batch down
        _maybe_traceback(settings)
        raise InputProblem(
            f"{job.name}: internal error ({type(exc).__name__}: {exc}); rerun with --traceback and report it"
        ) from None
    if settings.explain_on_stderr:
        for edit in doc.edits:
            before, after = (json.dumps(s, ensure_ascii=False) for s in (edit.before, edit.after))
            typer.echo(f"{job.name}:{edit.line}: {edit.rule} {before} -> {after}", err=True)
    return output


def _maybe_traceback(settings: Settings) -> None:
    if settings.show_traceback:
        traceback.print_exc(file=sys.stderr)


def _write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it over the target:
    a reader (or a crash, or Ctrl-C) never sees half a file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputProblem(f"cannot write {target}: {exc.strerror or exc}; check that --out is a writable folder") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(temporary, target)
    except BaseException as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputProblem(f"cannot write {target}: {exc.strerror or exc}; check free space and permissions") from None
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _stdin_is_terminal() -> bool:
    try:
        return typer.get_binary_stream("stdin").isatty()
    except (AttributeError, OSError, ValueError):  # no stdin at all
        return False


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the flush at exit stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file descriptor (in-process tests)
        pass


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    app(args=list(argv) if argv is not None else None, prog_name=PROG)
