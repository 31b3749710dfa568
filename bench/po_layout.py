"""Catalogue churn and writing speed against GNU gettext, in the same run.

1. Churn: a translator saves a catalogue with a GNU tool (msgcat, msgcat --no-wrap), the
   editor edits one source sentence, and the catalogue is updated: by `transpress extract`,
   and by GNU `msgmerge --previous` (the peer) on the same saved file with the same new
   template. Lines changed in the catalogue are counted for both (ideal: the edited entry's
   lines and the header's POT-Creation-Date).
2. Speed: writing a catalogue of N entries of the sample's Japanese and French text in GNU
   layout from scratch, by transpress and by msgcat (which also parses its input).

Run: .venv/bin/python bench/po_layout.py [--entries 5000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from transpress.catalog import Catalogue, Message, parse_po  # noqa: E402
from transpress.catalog.layout import render_catalogue  # noqa: E402

SEED = "pr051-2016"
OLD = "During this visit, Japan proposed closer bilateral relations"
NEW = "During this visit, Japan proposed much closer bilateral relations"


def changed(before: str, after: str) -> int:
    """Lines removed or added between two texts."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return sum(1 for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---"))


def churn(lang: str, save: list[str]) -> tuple[int, int, int, bool]:
    """(lines transpress changed, lines msgmerge changed, lines of the edited entry,
    whether both wrote the same bytes but the header's POT-Creation-Date)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("sources", "locale"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "transpress.toml", root)
        po = root / "locale" / lang / "LC_MESSAGES" / f"{SEED}.po"
        subprocess.run(["msgcat", *save, "-o", po, po], check=True)
        saved = po.read_text("utf-8")
        source = root / "sources" / f"{SEED}.txt"
        source.write_text(source.read_text("utf-8").replace(OLD, NEW), "utf-8")
        transpress = [Path(sys.executable).parent / "transpress", "-C", root, "extract"]
        subprocess.run(transpress, check=True, capture_output=True)
        ours = po.read_text("utf-8")
        po.write_text(saved, "utf-8")
        pot = root / "locale" / f"{SEED}.pot"
        gnu = ["msgmerge", "--quiet", "--previous", *save, "-U", "--backup=off", po, pot]
        subprocess.run(gnu, check=True)
        theirs = po.read_text("utf-8")
        entry = next(b for b in ours.split("\n\n") if "much closer" in b)
        same = _dateless(ours) == _dateless(theirs)
        return changed(saved, ours), changed(saved, theirs), entry.count("\n") + 1, same


def _dateless(text: str) -> list[str]:
    return [line for line in text.splitlines() if "POT-Creation-Date" not in line]


def catalogue_of(count: int) -> Catalogue:
    """A catalogue of `count` entries made of the sample's sentences and translations."""
    texts = []
    for lang in ("fr", "ja"):
        sample = parse_po((REPO / "locale" / lang / "LC_MESSAGES" / f"{SEED}.po").read_text())
        texts += [(m.msgid, m.msgstr) for m in sample.active]
    header = Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n")
    messages = [
        Message(
            msgid=f"{n} {texts[n % len(texts)][0]}",
            msgstr=texts[n % len(texts)][1],
            extracted=["paragraph"],
            references=[f"sources/pr{n:04}-2016.txt:{n % 40 + 1}"],
        )
        for n in range(count)
    ]
    return Catalogue(header, messages)


def best(seconds: list[float]) -> float:
    return min(seconds)


def main() -> None:
    """Print both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    print("| saved with | lines changed: transpress | msgmerge --previous | entry | same bytes |")
    print("| --- | ---: | ---: | ---: | --- |")
    for lang in ("fr", "ja"):
        for save in ([], ["--no-wrap"]):
            ours, theirs, entry, same = churn(lang, save)
            flags = " ".join(save)
            print(f"| {lang}, msgcat {flags} | {ours} | {theirs} | {entry} lines | {same} |")

    catalogue = catalogue_of(args.entries)
    ours, gnu = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        text = render_catalogue(catalogue, width=79)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        written = subprocess.run(["msgcat", "-"], input=text, capture_output=True, text=True)
        gnu.append(time.perf_counter() - start)
        assert written.stdout == text, "transpress and msgcat disagree on the layout"
    print()
    print(f"| writing {args.entries} entries in GNU layout | seconds (best of {args.repeats}) |")
    print("| --- | ---: |")
    print(f"| transpress (render only) | {best(ours):.3f} |")
    print(f"| msgcat (parse and write) | {best(gnu):.3f} |")
    print(f"| ratio | {best(ours) / best(gnu):.2f} |")


if __name__ == "__main__":
    main()
