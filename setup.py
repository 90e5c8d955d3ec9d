"""Optional build: the engine's modules compiled by mypyc from the same .py sources.

``pip install .`` (a wheel) compiles them when mypy (mypyc) and a C compiler
are at hand, and installs the pure Python otherwise: the same sources, the
same output (tests/test_compiled.py builds both and compares them).
``pip install -e .`` never compiles (a compiled module would shadow the .py
being edited), nor does a build with OCRMEND_PURE=1 in its environment.
Everything else about the package is in pyproject.toml.
"""

from __future__ import annotations

import glob
import os
import sys

from setuptools import Distribution, setup
from setuptools.command.build_ext import build_ext

# The modules a page runs through, and the layout readers (a few objects a
# word).  Options, tuning, rules and the command line stay Python (they run
# once per call, not once per line).
COMPILED = [
    "chars", "classify", "decode", "furniture", "heads", "hyphenation", "interruptions", "join", "layout",
    "lines", "mend", "model", "paragraphs", "pipeline", "reading_order", "render", "roles", "spacing",
    "readers/alto", "readers/geometry", "readers/hocr", "readers/pagexml", "readers/xmlsafe",
]  # fmt: skip


def compiled_modules() -> list:
    """The extension modules to build: none for metadata (egg_info,
    dist_info), for an editable install, or without mypy."""
    wanted = {"bdist_wheel", "build", "build_ext", "install"}
    if not wanted & set(sys.argv[1:]):
        return []
    if os.environ.get("OCRMEND_PURE") or "editable_wheel" in sys.argv:
        remove_compiled_leftovers()
        return []
    try:
        from mypyc.build import mypycify  # (type-checks the modules first)

        return mypycify([f"ocrmend/{name}.py" for name in COMPILED], opt_level="3", group_name="ocrmend")
    except (Exception, SystemExit) as exc:  # no mypy, or a type error
        remove_compiled_leftovers()
        print(f"ocrmend: not compiled ({exc!r}); installing the pure Python", file=sys.stderr)
        return []


def remove_compiled_leftovers() -> None:
    """An in-tree build keeps what an earlier build compiled (build/lib*):
    a pure build must not ship it."""
    for path in glob.glob("build/lib*/ocrmend/**/*.so", recursive=True) + glob.glob("build/lib*/*__mypyc*.so"):
        os.remove(path)


class OptionalBuildExt(build_ext):
    """Compile all the modules or none: a module without its group's library does not import."""

    def run(self) -> None:
        if self.editable_mode:
            return
        try:
            super().run()
        except Exception as exc:  # no C compiler, or it failed
            for path in self.get_outputs():
                if os.path.exists(path):
                    os.remove(path)
            remove_compiled_leftovers()
            print(f"ocrmend: not compiled ({exc!r}); installing the pure Python", file=sys.stderr)


class BinaryDistribution(Distribution):
    def has_ext_modules(self) -> bool:  # the wheel is tagged for this interpreter, compiled or not
        return True


setup(ext_modules=compiled_modules(), cmdclass={"build_ext": OptionalBuildExt}, distclass=BinaryDistribution)
