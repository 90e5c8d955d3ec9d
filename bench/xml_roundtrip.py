"""Does ``ocrmend clean -f alto`` / ``-f page`` hold on real layout files?

For each folder given, runs the command a user runs (``python -m ocrmend
clean FOLDER --glob '*.xml' -f FORMAT -o OUT -j 1``) in both formats, then
checks every output file:

- it validates against the official schema (ALTO 4.4, PAGE 2019; the
  copies in tests/fixtures/schemas/);
- it keeps every source id: for an input of the same format (enriched),
  every ID/id of the source is in the output, reading-order groups
  included; for a new document (ALTO -> PAGE, PAGE -> ALTO), every line id;
- reading it back with ocrmend gives the same blocks (types and texts) as
  cleaning the source: the round trip.

Not a test: the folders live outside the repository (../shared/eval/...).

    python bench/xml_roundtrip.py ../shared/eval/cases-layout/chronam-alto \\
        ../shared/eval/cases-layout/reichsanzeiger-page ../shared/eval/ocr/layout/alto
    python bench/xml_roundtrip.py --glob '*.pdf' ../shared/eval/cases-layout/rmrb-pdf
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # (this checkout's ocrmend, as the command below runs it)

import ocrmend
SCHEMAS = REPO / "tests" / "fixtures" / "schemas"
SCHEMA_FILES = {"alto": "alto-4-4.xsd", "page": "pagecontent-2019-07-15.xsd"}
EXTENSIONS = {"alto": ".alto.xml", "page": ".page.xml"}


def ids(root: etree._Element) -> set[str]:
    return {v for el in root.iter() if isinstance(el.tag, str) for v in (el.get("ID"), el.get("id")) if v}


def blocks(doc: ocrmend.Document) -> list[tuple[str, str]]:
    return [(str(b.type), b.text) for b in doc.blocks]


def check(folder: Path, fmt: str, out: Path, pattern: str = "*.xml") -> str:
    subprocess.run(
        [sys.executable, "-m", "ocrmend", "clean", str(folder), "--glob", pattern, "-f", fmt, "-o", str(out), "-j", "1", "-q"],
        check=True,
        cwd=REPO,
    )
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / SCHEMA_FILES[fmt])))
    files = valid = kept = same = 0
    found = total = 0
    for source in sorted(folder.rglob(pattern)):
        target = out / source.relative_to(folder).with_suffix("").with_suffix(EXTENSIONS[fmt])
        data, written = source.read_bytes(), target.read_bytes()
        files += 1
        root = etree.fromstring(written)
        valid += schema.validate(root)
        doc = ocrmend.clean(data, source=str(source))
        if doc.input_format == fmt:
            src = etree.fromstring(data)
            kept += ids(src) <= ids(root)
        else:
            kept += {ln.ids[0] for b in doc.blocks for ln in b.lines if ln.ids} <= ids(root)
        before, after = blocks(doc), blocks(ocrmend.clean(written, source=str(target)))
        same += before == after
        total += len(before)
        found += sum(1 for b in before if b in set(after))
    return f"{folder.name:22s} -f {fmt:4s}  files {files:3d}  valid {valid:3d}  ids kept {kept:3d}  round trip {same:3d}  blocks {found}/{total}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--glob", default="*.xml", help="which inputs to take (e.g. '*.pdf', '*.hocr')")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for folder in args.folders:
            for fmt in ("alto", "page"):
                print(check(folder.resolve(), fmt, Path(tmp) / folder.name / fmt, args.glob), flush=True)


if __name__ == "__main__":
    main()
