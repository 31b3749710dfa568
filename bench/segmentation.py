"""Benchmark transpress.segment against pysbd, choppa-srx and PyICU.

Usage::

    PYTHONPATH=src python bench/segmentation.py --data /work/segbench

The data directory (kept outside the repository) must contain:

* ``golden_en.json`` / ``golden_ja.json``: ``{"rules": [{"id", "text", "expected"}]}``
  (the Pragmatic Segmenter Golden Rules);
* ``real_en.json`` / ``real_fr.json`` / ``real_ja.json``:
  ``{"source": ..., "paragraphs": [{"text": ..., "sentences": [...]}]}``
  (paragraphs built from gold-segmented text).

Baselines that are not importable are reported as "n/a"; pysbd is a project
dependency, choppa-srx and PyICU are optional.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from transpress.segment import split_sentences

Segmenter = Callable[[str, str], list[str]]
LANGS = ("en", "fr", "ja")
_WS = re.compile(r"\s+")


def _transpress(text: str, lang: str) -> list[str]:
    return split_sentences(text, lang)


def _make_pysbd() -> Segmenter | None:
    try:
        import pysbd  # type: ignore[import-untyped]
    except ImportError:
        return None
    cache: dict[str, Any] = {}

    def seg(text: str, lang: str) -> list[str]:
        if lang not in cache:
            cache[lang] = pysbd.Segmenter(language=lang, clean=False)
        return [s.strip() for s in cache[lang].segment(text) if s.strip()]

    return seg


def _make_choppa() -> Segmenter | None:
    try:
        from choppa import DEFAULT_SRX_RULESET, SrxDocument, SrxTextIterator  # type: ignore
    except ImportError:
        return None
    document = SrxDocument(ruleset=DEFAULT_SRX_RULESET)

    def seg(text: str, lang: str) -> list[str]:
        it = SrxTextIterator(document, f"{lang}_two", text)
        return [s.strip() for s in it if s.strip()]

    return seg


def _make_icu() -> Segmenter | None:
    try:
        import icu  # type: ignore[import-not-found]
    except ImportError:
        return None
    cache: dict[str, Any] = {}

    def seg(text: str, lang: str) -> list[str]:
        if lang not in cache:
            cache[lang] = icu.BreakIterator.createSentenceInstance(icu.Locale(lang))
        bi = cache[lang]
        bi.setText(text)
        # ICU offsets are UTF-16 code units.
        units = text.encode("utf-16-le")
        out, prev = [], 0
        for b in bi:
            piece = units[prev * 2 : b * 2].decode("utf-16-le").strip()
            if piece:
                out.append(piece)
            prev = b
        return out

    return seg


def _norm(s: str, lang: str) -> str:
    return _WS.sub("" if lang == "ja" else " ", s).strip()


def golden(seg: Segmenter, rules: list[dict[str, Any]], lang: str) -> tuple[int, list[int]]:
    """Number of golden rules passed and the ids of the failures."""
    failed = []
    for rule in rules:
        try:
            got = [_norm(s, lang) for s in seg(rule["text"], lang)]
        except Exception:  # a crashing baseline fails the rule
            got = None
        if got != [_norm(s, lang) for s in rule["expected"]]:
            failed.append(rule["id"])
    return len(rules) - len(failed), failed


def _boundaries(text: str, pieces: list[str]) -> set[int]:
    """Offsets (start of the next non-space char) where a new segment begins."""
    out: set[int] = set()
    pos = 0
    for i, piece in enumerate(pieces):
        found = text.find(piece, pos)
        if found < 0:  # segmenter altered the text: align on non-space chars
            squeezed = _WS.sub("", piece)
            k, j = pos, 0
            while k < len(text) and j < len(squeezed):
                if not text[k].isspace():
                    j += 1
                k += 1
            end = k
        else:
            end = found + len(piece)
        if i < len(pieces) - 1:
            nxt = end
            while nxt < len(text) and text[nxt].isspace():
                nxt += 1
            out.add(nxt)
        pos = end
    return out


def boundary_prf(
    seg: Segmenter, paras: list[dict[str, Any]], lang: str
) -> tuple[float, float, float]:
    """Boundary precision, recall and F1 over sentence-internal boundaries."""
    tp = fp = fn = 0
    for p in paras:
        text = p["text"]
        gold = _boundaries(text, p["sentences"])
        pred = _boundaries(text, seg(text, lang))
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def speed(seg: Segmenter, real: dict[str, list[dict[str, Any]]], min_time: float = 1.0) -> float:
    """Gold sentences segmented per second over all real paragraphs."""
    n_sent = sum(len(p["sentences"]) for paras in real.values() for p in paras)
    runs, start = 0, time.perf_counter()
    while True:
        for lang, paras in real.items():
            for p in paras:
                seg(p["text"], lang)
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return n_sent * runs / elapsed


def _errors(seg: Segmenter, paras: list[dict[str, Any]], lang: str, limit: int) -> None:
    shown = 0
    for p in paras:
        text = p["text"]
        gold = _boundaries(text, p["sentences"])
        pred = _boundaries(text, seg(text, lang))
        for b in sorted(gold ^ pred):
            kind = "FN" if b in gold else "FP"
            print(f"  {kind} {lang}: ...{text[max(0, b - 60) : b]}|{text[b : b + 40]}...")
            shown += 1
            if shown >= limit:
                return


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument(
        "--data", type=Path, required=True, help="directory with golden_*.json and real_*.json"
    )
    ap.add_argument(
        "--errors",
        type=int,
        default=0,
        help="print up to N transpress boundary errors per language",
    )
    ap.add_argument("--min-time", type=float, default=1.0, help="seconds per speed measurement")
    args = ap.parse_args(argv)

    candidates: dict[str, Segmenter | None] = {
        "transpress": _transpress,
        "pysbd": _make_pysbd(),
        "choppa-srx": _make_choppa(),
        "PyICU": _make_icu(),
    }
    segs = {k: v for k, v in candidates.items() if v is not None}
    missing = [k for k, v in candidates.items() if v is None]

    goldens: dict[str, list[dict[str, Any]]] = {}
    for lang in ("en", "ja"):
        f = args.data / f"golden_{lang}.json"
        if f.exists():
            goldens[lang] = json.loads(f.read_text(encoding="utf-8"))["rules"]
    real: dict[str, list[dict[str, Any]]] = {}
    for lang in LANGS:
        f = args.data / f"real_{lang}.json"
        if f.exists():
            real[lang] = json.loads(f.read_text(encoding="utf-8"))["paragraphs"]

    for lang, paras in real.items():
        n = sum(len(p["sentences"]) for p in paras)
        print(f"real {lang}: {len(paras)} paragraphs, {n} sentences, {n - len(paras)} boundaries")
    if missing:
        print("not installed (skipped): " + ", ".join(missing))
    print()

    header = ["segmenter"]
    header += [f"golden {lang}" for lang in goldens]
    header += [f"{lang} P/R/F1" for lang in real]
    header += ["sent/s", "vs pysbd"]
    rows: list[list[str]] = []
    speeds: dict[str, float] = {}
    failures: dict[str, dict[str, list[int]]] = {}
    for name, seg in segs.items():
        row = [name]
        failures[name] = {}
        for lang, rules in goldens.items():
            passed, failed = golden(seg, rules, lang)
            failures[name][lang] = failed
            row.append(f"{passed}/{len(rules)}")
        for lang, paras in real.items():
            p, r, f1 = boundary_prf(seg, paras, lang)
            row.append(f"{p:.3f}/{r:.3f}/{f1:.3f}")
        speeds[name] = speed(seg, real, args.min_time) if real else 0.0
        row.append(f"{speeds[name]:,.0f}")
        rows.append(row)
    base = speeds.get("pysbd")
    for row in rows:
        row.append(f"{speeds[row[0]] / base:.1f}x" if base else "n/a")

    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print()
    for name, per_lang in failures.items():
        desc = "; ".join(f"{lang}: {ids}" for lang, ids in per_lang.items() if ids)
        print(f"golden rules failed by {name}: {desc or 'none'}")
    if args.errors:
        for lang, paras in real.items():
            _errors(_transpress, paras, lang, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
