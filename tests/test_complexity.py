"""Growth tests (issue 9): every text pass stays near-linear on adversarial input.

Speed is measured, not asserted; what these tests assert is *growth*. A pass over an input
four times as long may take at most GROWTH_LIMIT times as long: a linear pass takes about
four times, a quadratic one sixteen. Each size is timed best of three with the garbage
collector off, and a case over the limit is measured again before it fails, so a busy
machine does not make them flake while a quadratic pass fails every time. The outputs on
the adversarial inputs are checked too, where that is cheap to say.

The full table (every pass on every input, sizes 8k to 256k, the growth t(2n)/t(n)):

    .venv/bin/python -m tests.test_complexity [PASS] [--inputs INPUT] [--sizes 8000,16000]
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from itertools import pairwise

import pytest

from transpress.catalog import CatalogEntry
from transpress.checks import Check, CheckContext, registered_checks
from transpress.checks.rules import check_dates, check_placeholders, check_urls
from transpress.glossary import Glossary, Term
from transpress.placeholders import mask, restore
from transpress.protect import protected_spans
from transpress.readers.plaintext import PlainTextReader
from transpress.segment import split_sentences
from transpress.typography import typeset

#: How much longer a pass may take on an input four times as long (linear: 4, quadratic: 16).
GROWTH_LIMIT = 10.0
SMALL, LARGE = 32_000, 128_000
ATTEMPTS = 3
MIN_TIMING = 0.01  # seconds

Pass = Callable[[str], object]
Input = Callable[[int], str]


def _repeat(unit: str) -> Input:
    """An input of `unit` over and over, cut to the size asked for."""
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _joined(make: Callable[[int], str]) -> Input:
    """Numbered pieces joined by spaces ("w1.fr w2.fr …"), cut to the size asked for."""
    return lambda n: " ".join(make(i) for i in range(n // 4 + 1))[:n]


INPUTS: dict[str, Input] = {
    "dots": _repeat("."),
    "digits": _repeat("0123456789"),
    "a.": _repeat("a."),
    "1.": _repeat("1."),
    "commas": _repeat(","),
    "spaces": lambda n: "x" + " " * (n - 2) + "x",
    "hyphens": _repeat("-"),
    "colons": _repeat(":"),
    "slashes": _repeat("/"),
    "ats": _repeat("@"),
    "http://": _repeat("http://"),
    "«": _repeat("«"),
    "「": _repeat("「"),
    "。": _repeat("。"),
    "a1.b2,": _repeat("a1.b2,"),
    "cjk": _repeat("日本の宇宙機関は"),
    "long word": _repeat("a"),
    "((((": _repeat("("),
    "[[[": _repeat("["),
    "url dots": lambda n: "http://" + _repeat("a.")(n - 7),
    "a@a@": _repeat("a@"),
    "$1": _repeat("$1"),
    "%s": _repeat("%s"),
    "{x}": _repeat("{x}"),
    "a-": _repeat("a-"),
    "日.": _repeat("日."),
    "a.Bc": _repeat("a.Bc"),
    "Ab.Cd.": _repeat("Ab.Cd."),
    "Mr. ": _repeat("Mr. "),
    "1 ": _repeat("1 "),
    " \t": _repeat(" \t"),
    "](": _repeat("]("),
    "⟦ ": lambda n: "⟦" + " " * (n - 1),
    "[X1X]": _repeat("à[X1X]"),
    "[X ": _repeat("[X a "),
    "日 [X2X] ": _repeat("日 [X2X] "),
    "%000": lambda n: "%" + "0" * (n - 1),
    "(日本": lambda n: "(" + _repeat("日本の宇宙")(n - 1),
    "http://..x": lambda n: "http://" + "." * (n - 8) + "x",
    "「』": lambda n: "「" * (n // 2) + "』" * (n - n // 2),
    "「。」": _repeat("「。」"),
    "1. 2.": _joined(lambda i: f"{i % 999 + 1}."),
    "urls": _joined(lambda i: f"w{i}.fr"),
    "emails": _joined(lambda i: f"a{i}@b.fr"),
    "phones": _joined(lambda i: f"+33 {i}"),
    "mixed": _repeat("Le CNES a dit « oui » : 1 200 km, 10:30, www.cnes.fr! "),
    # Release structure: header lines, list items, blocks.
    "references": _repeat("PR051 – 2016\n\n"),
    "issuers": _repeat("JAXA\n"),
    "items and paragraphs": _repeat("- a\nPara.\n"),
    "loose items": _repeat("- a\n\n"),
    "minus lines": _repeat("word\n- 5\n"),
}

_GLOSSARY = Glossary(
    (
        Term({"en": "CNES", "fr": "CNES"}, dnt=True),
        Term({"en": "space agency", "fr": "agence spatiale"}, dnt=False),
    )
)


_TWO_SPANS = mask("Launch at 10:30 from Kourou.", ["Kourou"])


def _checking(check: Check) -> Pass:
    """A check run on an entry whose source and translation are both the text."""
    languages = getattr(check, "languages", ()) or ("fr",)
    context = CheckContext("en", languages[0], _GLOSSARY)
    return lambda text: check(CatalogEntry(text, text, 1, "reviewed"), context)


def _typesetting(lang: str) -> Pass:
    return lambda text: typeset(text, lang)


def _splitting(lang: str) -> Pass:
    return lambda text: split_sentences(text, lang)


def _reading(where: str) -> Pass:
    """The plain-text reader on a release with the text in its header or in its body."""
    head, tail = "Paris, 11 March 2016\n", "\n\nThe title\n\nA body.\n"
    if where == "body":
        head, tail = "Paris, 11 March 2016\n\nThe title\n\n", "\n"
    reader = PlainTextReader()
    return lambda text: reader.read(head + text + tail, release_id="x", source="x", language="en")


PASSES: dict[str, Pass] = {
    "protected_spans": lambda text: protected_spans(text, ["CNES"]),
    "mask": lambda text: mask(text, ["CNES"]),
    # A model's output, however odd, for a segment of two spans.
    "restore": lambda text: restore(text, _TWO_SPANS),
    "restore[ja]": lambda text: restore(text, _TWO_SPANS, target="ja"),
    **{f"typeset[{lang}]": _typesetting(lang) for lang in ("en", "fr", "ja")},
    **{f"split_sentences[{lang}]": _splitting(lang) for lang in ("en", "fr", "ja")},
    **{f"check[{check.name}]": _checking(check) for check in registered_checks()},
    **{f"read[{where}]": _reading(where) for where in ("header", "body")},
}

# The passes and inputs that were quadratic (or worse) before issue 9, one case per cause.
CASES = [
    ("protected_spans", "a."),  # a domain looked for from every label of a dotted run
    ("protected_spans", "a-"),  # … and from every hyphen of a run of labels
    ("protected_spans", "long word"),  # an address looked for from every letter of a word
    ("protected_spans", "digits"),
    ("mask", "日."),
    ("typeset[en]", "1 "),  # protected spans put back one str.replace at a time
    ("typeset[en]", "]("),  # link targets looked for from every "]("
    ("typeset[fr]", "spaces"),  # spaces before » looked for from every space
    ("typeset[ja]", "(日本"),  # Japanese within brackets, two adjacent stars
    ("split_sentences[en]", "http://..x"),  # a URL's trailing punctuation, from every dot
    ("split_sentences[en]", " \t"),  # spaces before a line break, from every space
    ("split_sentences[ja]", "spaces"),
    ("split_sentences[en]", "emails"),  # each "@" looks back for its word; spans searched
    ("split_sentences[fr]", "Ab.Cd."),  # "world.Today": the word so far scanned again
    ("split_sentences[ja]", "「』"),  # brackets that close nothing search the whole stack
    ("split_sentences[ja]", "「。」"),  # every bracket pair searched for each terminator
    ("check[numbers]", "a."),
    ("check[dates]", "digits"),  # int() of long runs of digits (also an error past 4300)
    ("check[placeholders]", "⟦ "),
    ("check[placeholders]", "%000"),
    ("check[placeholders]", "[X1X]"),
    ("restore", "[X1X]"),  # placeholders: every one put back and spaced
    ("restore", "[X "),  # brackets that never close within reach
    ("restore[ja]", "日 [X2X] "),
    ("check[urls]", "urls"),  # the translation normalised and searched for each URL
    ("check[emails]", "emails"),
    ("check[french-spacing]", "1."),
    # Issue 14's passes, linear by construction: kept so.
    ("check[doubled-words]", "a-"),  # a word's hyphenated parts, each matched once
    ("check[doubled-words]", "long word"),
    ("check[numbers]", "a1.b2,"),  # words of letters and digits, and what numbers are worth
    ("read[header]", "references"),  # "is there a title yet?" asked of every block so far
    ("read[header]", "issuers"),
    ("read[body]", "loose items"),  # "is the rest contacts?" copied the rest of the body
    ("read[body]", "items and paragraphs"),
    ("read[body]", "minus lines"),
]


def _best_time(run: Pass, text: str, repeats: int = 3) -> float:
    """The shortest of `repeats` timings of one pass, the garbage collector off; a fast pass
    is run enough times in a row for a timing to last MIN_TIMING, so timer noise is small."""
    run(text[: len(text) // 16])  # compiled patterns and lazy imports out of the way
    enabled = gc.isenabled()
    gc.disable()
    try:
        loops, best = 1, float("inf")
        while loops < 1024 and _timing(run, text, loops) < MIN_TIMING:
            loops *= 4
        for _ in range(repeats):
            best = min(best, _timing(run, text, loops) / loops)
        return best
    finally:
        if enabled:
            gc.enable()


def _timing(run: Pass, text: str, loops: int) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        run(text)
    return time.perf_counter() - start


def growth(run: Pass, make: Input, small: int = SMALL, large: int = LARGE) -> float:
    """How many times longer a pass takes on the large input than on the small one."""
    return _best_time(run, make(large)) / max(_best_time(run, make(small)), 1e-6)


@pytest.mark.parametrize(("name", "input_name"), CASES, ids=[f"{p}-{i}" for p, i in CASES])
def test_growth_is_near_linear(name: str, input_name: str) -> None:
    ratios: list[float] = []
    while len(ratios) < ATTEMPTS and (not ratios or ratios[-1] > GROWTH_LIMIT):
        ratios.append(growth(PASSES[name], INPUTS[input_name]))
    assert min(ratios) <= GROWTH_LIMIT, (
        f"{name} on {input_name!r}: an input {LARGE // SMALL}x as long took "
        f"{min(ratios):.1f}x as long (at most {GROWTH_LIMIT} allowed; linear is about 4)"
    )


def test_every_case_names_a_pass_and_an_input() -> None:
    assert all(name in PASSES and input_name in INPUTS for name, input_name in CASES)


def test_long_runs_are_protected_as_one_span() -> None:
    n = LARGE
    assert protected_spans(INPUTS["digits"](n)) == [(0, n)]
    assert protected_spans("a" * n + "@cnes.fr") == [(0, n + 8)]
    assert protected_spans(INPUTS["a."](n) + "fr") == [(0, n + 2)]
    assert protected_spans(INPUTS["a."](n)) == protected_spans(INPUTS["a-"](n)) == []
    assert mask(INPUTS["1 "](n)).spans == ("1",) * (n // 2)


def test_typography_of_long_runs() -> None:
    n = LARGE
    assert typeset("x" + " " * n + "»", "fr") == "x\u00a0»"
    assert typeset("(" + "日本" * n + ")", "ja") == "（" + "日本" * n + "）"
    assert typeset(INPUTS["]("](n), "en") == INPUTS["]("](n)


def test_sentences_of_long_runs() -> None:
    n = LARGE - LARGE % 6  # whole repeats of the units below
    assert split_sentences(INPUTS["a."](n), "en") == [INPUTS["a."](n)]
    glued = INPUTS["Ab.Cd."](n)  # "Ab.Cd.Ab.Cd…": "Cd.Ab.Cd" is shaped like "U.S", "Ab" not
    assert split_sentences(glued + " Next", "en") == ["Ab.", glued[3:], "Next"]
    assert split_sentences(INPUTS["「』"](n), "ja") == [INPUTS["「』"](n)]
    assert split_sentences(INPUTS["「。」"](n), "ja") == ["「。」"] * (n // 3)
    assert split_sentences(INPUTS[" \t"](n) + "A. B.", "en") == ["A. B."]


def test_checks_of_long_runs() -> None:
    context = CheckContext("en", "fr")
    digits = INPUTS["digits"](LARGE)
    assert check_dates(CatalogEntry(digits, digits, 1, "reviewed"), context) == []
    padded = "0" * LARGE + "11 mars 2016"  # a day of 11, however many zeros lead it
    assert check_dates(CatalogEntry("On 2016-03-11.", padded, 1, "reviewed"), context) == []
    leftover = CatalogEntry("x", INPUTS["⟦ "](LARGE), 1, "reviewed")
    assert check_placeholders(leftover, context) == [
        "leftover placeholder '⟦': put back the text it stands for"
    ]
    urls = INPUTS["urls"](LARGE)
    assert check_urls(CatalogEntry(urls, urls, 1, "reviewed"), context) == []


def main(argv: list[str] | None = None) -> None:
    """Print how long each pass takes on each input (ms) and how that grows from one size to
    the next (sizes that double: linear is 2): the worst step, and the mean one."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("passes", nargs="?", default="", help="passes whose name holds this")
    parser.add_argument("--inputs", default="", help="inputs whose name holds this")
    parser.add_argument("--sizes", default="8000,16000,32000,64000,128000,256000", help="chars")
    parser.add_argument("--stop-after", type=float, default=2.0, help="seconds; no larger size")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    header = "".join(f"{n // 1000:>7}k" for n in sizes)
    print(f"{'pass':32} {'input':12} {header}  worst   mean")
    for name, run in PASSES.items():
        for input_name, make in INPUTS.items():
            if args.passes in name and args.inputs in input_name:
                print(f"{name:32} {input_name:12} {_row(run, make, sizes, args.stop_after)}")


def _row(run: Pass, make: Input, sizes: list[int], stop_after: float) -> str:
    """Milliseconds per size (up to the first past `stop_after` seconds), then the growth."""
    times: list[float] = []
    for n in sizes:
        try:
            times.append(_best_time(run, make(n), repeats=3 if n <= 64_000 else 1))
        except Exception as error:  # the table reports a crash and goes on
            return f"{type(error).__name__} at {n // 1000}k"
        if times[-1] > stop_after:
            break
    ratios = [b / max(a, 1e-6) for a, b in pairwise(times)]
    cells = "".join(f"{t * 1000:8.1f}" for t in times) + " " * 8 * (len(sizes) - len(times))
    if not ratios:
        return cells
    mean = (times[-1] / max(times[0], 1e-6)) ** (1 / len(ratios))
    return cells + f"  {max(ratios):5.1f}  {mean:5.1f}"


if __name__ == "__main__":
    main()
