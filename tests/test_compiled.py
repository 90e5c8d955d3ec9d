"""The compiled build (mypyc, setup.py) gives the pure-Python build's output.

Both builds come from the same .py files, so they agree by construction;
this test builds the wheel a user's ``pip install .`` builds, loads it, and
checks that the engine's modules are compiled and that every page below
cleans to the same text, JSON and explanations as the sources here.  It
takes about a minute (mypyc compiles the engine).  Skipped only where no C
compiler is found: then ``pip install .`` installs the pure Python too.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import ocrmend
from pagegen import PROFILES, make_page
from test_alto_reader import make_alto
from test_hocr_reader import make_hocr
from test_hocr_reader import make_page as make_hocr_page

REPO = Path(__file__).resolve().parents[1]
SEEDS = range(4)

# What the subprocess runs against the compiled package: every page's
# outputs, and where the engine's modules were loaded from.
PROBE = """
import json, sys
import ocrmend, ocrmend.pipeline, ocrmend.paragraphs, ocrmend.model, ocrmend.readers.hocr
pages = json.load(open(sys.argv[1], encoding="utf-8"))
out = {}
for name, page in pages.items():
    data = bytes.fromhex(page["hex"]) if "hex" in page else page["text"]
    doc = ocrmend.clean(data, explain=True)
    out[name] = [doc.to_text(), doc.to_json()]
print(json.dumps({"files": [ocrmend.pipeline.__file__, ocrmend.paragraphs.__file__, ocrmend.model.__file__, ocrmend.readers.hocr.__file__], "out": out}))
"""


def c_compiler() -> str | None:
    cc = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(cc)


def pages() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {"seed": {"text": (REPO / "samples" / "seed-page.txt").read_text(encoding="utf-8")}}
    for profile in PROFILES:
        for seed in SEEDS:
            data, _ = make_page(profile, seed)
            out[f"{profile}-{seed}"] = {"hex": data.hex()} if isinstance(data, bytes) else {"text": data}
    # the layout readers are compiled too: Tesseract-like hOCR and ALTO pages
    rng = random.Random(5)
    layout = [make_hocr_page(k + 1, rng) for k in range(3)]
    out["hocr"] = {"hex": make_hocr(layout).hex()}
    out["alto"] = {"hex": make_alto(layout).hex()}
    return out


@pytest.mark.skipif(c_compiler() is None, reason="no C compiler: pip install . installs the pure Python")
def test_the_compiled_build_cleans_every_page_as_the_sources_do(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        capture_output=True, text=True, timeout=900, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-2000:]
    assert "not compiled" not in build.stderr, build.stderr[-2000:]
    (wheel,) = wheels.glob("ocrmend-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        assert any(n.startswith("ocrmend/paragraphs.") and n.endswith((".so", ".pyd")) for n in zf.namelist()), zf.namelist()
        # every module of the source is in the wheel (a subpackage left out of the build breaks the CLI)
        shipped = {n for n in zf.namelist() if n.startswith("ocrmend/") and n.endswith(".py")}
        sources = {p.relative_to(REPO).as_posix() for p in (REPO / "ocrmend").rglob("*.py")}
        assert sources <= shipped, sorted(sources - shipped)
        zf.extractall(site)

    todo = pages()
    (tmp_path / "pages.json").write_text(json.dumps(todo), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "pages.json")], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert probe.returncode == 0, probe.stderr[-2000:]
    result = json.loads(probe.stdout)
    assert all(f.startswith(str(site)) and f.endswith((".so", ".pyd")) for f in result["files"]), result["files"]

    for name, page in todo.items():
        data = bytes.fromhex(page["hex"]) if "hex" in page else page["text"]
        doc = ocrmend.clean(data, explain=True)
        assert result["out"][name] == [doc.to_text(), doc.to_json()], name
