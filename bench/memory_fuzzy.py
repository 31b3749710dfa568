"""Fuzzy memory matches on a 1,000-release archive: transpress (rapidfuzz) against difflib.

The memory is every segment of N releases from bench/archive.py's generator, as reviewed
en→fr units (tens of thousands). The queries are the segments of new releases: some are
archive sentences with one word changed (what a press office reuses), the rest new text.
Both sides answer the same question for each query, the best source scoring at least the
threshold: transpress's FuzzyIndex (length prefilter, rapidfuzz's extractOne with
`fuzz.ratio` and a score cutoff), and `difflib.get_close_matches(query, sources, n=1,
cutoff=threshold)`, what a user of the standard library would write. difflib is timed on
a sample of the queries (it takes seconds each); the figure compared is time per query.

Run: .venv/bin/python bench/memory_fuzzy.py [--releases 1000] [--queries 200]
"""

from __future__ import annotations

import argparse
import difflib
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
for _path in (REPO / "src", BENCH):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from archive import release_id, release_text  # noqa: E402
from transpress.extract import template_entries  # noqa: E402
from transpress.fuzzy import FuzzyIndex, Reviewed  # noqa: E402
from transpress.readers import reader_for  # noqa: E402


def segments(text: str, number: int) -> list[str]:
    """The msgids extract would give one release."""
    reader = reader_for(Path("release.txt"))
    assert reader is not None
    release = reader.read(text, release_id=release_id(number), source="x.txt", language="en")
    return [entry.msgid for entry in template_entries(release)]


def archive_units(count: int) -> list[Reviewed]:
    """Every segment of `count` releases, reviewed in French (the first of each source)."""
    rng = random.Random(20160311)
    units: dict[str, Reviewed] = {}
    for number in range(1, count + 1):
        for msgid in segments(release_text(rng, number), number):
            units.setdefault(msgid, Reviewed(msgid, f"[fr] {msgid}", release_id(number)))
    return list(units.values())


def queries(units: list[Reviewed], count: int) -> list[str]:
    """Half edited archive sentences (one word replaced), half segments of new releases."""
    rng = random.Random(42)
    long = [u.source for u in units if len(u.source.split()) >= 8]
    edited = []
    for source in rng.sample(long, count // 2):
        words = source.split()
        words[rng.randrange(len(words))] = rng.choice(["indeed", "notably", "reportedly"])
        edited.append(" ".join(words))
    fresh: list[str] = []
    number = 10_000
    while len(fresh) < count - len(edited):
        fresh += segments(release_text(rng, number), number)
        number += 1
    return edited + fresh[: count - len(edited)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--difflib-queries", type=int, default=20)
    parser.add_argument("--threshold", type=float, default=75.0)
    args = parser.parse_args()

    units = archive_units(args.releases)
    asked = queries(units, args.queries)
    print(f"memory: {len(units)} reviewed units from {args.releases} releases")
    print(f"queries: {len(asked)} segments (half edited archive sentences)")

    started = time.perf_counter()
    index = FuzzyIndex(units)
    built = time.perf_counter() - started
    started = time.perf_counter()
    ours = [index.best(q, threshold=args.threshold) for q in asked]
    ours_seconds = time.perf_counter() - started
    ours_per_query = ours_seconds / len(asked)
    found = sum(1 for m in ours if m is not None)
    print(
        f"transpress (rapidfuzz): index built in {built * 1000:.0f} ms; "
        f"{ours_seconds:.3f} s for {len(asked)} queries, {ours_per_query * 1000:.2f} ms/query; "
        f"{found} matched at >= {args.threshold:g} %"
    )

    sources = [u.source for u in units]
    sample = asked[:: max(1, len(asked) // args.difflib_queries)][: args.difflib_queries]
    times, agree = [], 0
    for query in sample:
        started = time.perf_counter()
        theirs = difflib.get_close_matches(query, sources, n=1, cutoff=args.threshold / 100)
        times.append(time.perf_counter() - started)
        mine = index.best(query, threshold=args.threshold)
        agree += (mine.unit.source if mine else None) == (theirs[0] if theirs else None)
    difflib_per_query = statistics.fmean(times)
    print(
        f"difflib.get_close_matches: {difflib_per_query * 1000:.0f} ms/query "
        f"(on {len(sample)} of the queries); same best match on {agree}/{len(sample)}"
    )
    print(f"ratio: transpress is {difflib_per_query / ours_per_query:.0f}x faster per query")


if __name__ == "__main__":
    main()
