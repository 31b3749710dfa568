"""Built-in checks on content: what must survive translation, glossary, identical, length.

Modelled on translate-toolkit's pofilter (numbers, urls, emails, variables,
notranslatewords, unchanged, long/short), tuned for press releases in en, fr and ja.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from transpress import script
from transpress.catalog import CHECK_PREFIX, CatalogEntry, State
from transpress.checks import CheckContext, Rule
from transpress.checks.quantities import quantities
from transpress.checks.text import (
    WORD,
    SpanKind,
    all_spans,
    contains_term,
    decimal,
    digit_runs,
    digits,
    doubled_words,
    mixed_tokens,
    normalized,
    number_keys,
    spans_of_kind,
    terms_in,
    without_spans,
)
from transpress.locale import month_number
from transpress.placeholders import leftovers

# printf-style (%s, %(name)s, %d) and brace ({name}, {0}) variables; no space flag, so
# "50 % de" is text, not a "% d" conversion.
# (Possessive runs: giving back a "0" flag to the width, or a space, never makes a match,
# and trying each way to share a long run out is quadratic.)
_VARIABLE = re.compile(r"%(?:\(\w+\))?[-+#0]*+\d*(?:\.\d+)?[sdifrxXeEgGc]|\{[\w.]*\}")

#: Characters of a translation per character of English, by language. Measured on
#: reviewed press releases: French runs 1.05–1.5× the English, Japanese 0.25–0.65×
#: (short sentences and polite forms run longer, hence 0.45 rather than the median 0.4).
LENGTH_FACTORS = {"en": 1.0, "fr": 1.15, "ja": 0.45}
#: A translation this many times longer or shorter than expected is suspicious: for
#: en→ja, outside 0.18–1.13× the source's length; for en→fr, outside 0.46–2.9×.
LENGTH_TOLERANCE = 2.5
#: Shorter sources, in English characters or their equivalent (labels, names: "Tel:"),
#: vary too much in length to judge.
LENGTH_MIN_SOURCE = 20
#: Identical strings of at most this many capitalised words are taken for names.
NAME_MAX_WORDS = 3


def check_numbers(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """Every number of the source is in the translation, however it is formatted there,
    and so are the digits of words such as COP21 or A320 (as pofilter's `numbers` does).

    Numbers compare by their digits, so 1,200 = 1 200 = 1200 and 4.5 = 4,5; failing that,
    by what they are worth, so €18.5 million = 1,850万 = 18,5 millions and 1.2 billion =
    12億. A number spelt out in words in the translation ("onze") is reported: silence it
    on that entry.
    """
    numbers = {span: digits(span) for span in spans_of_kind(entry.msgid, "number")}
    tokens = mixed_tokens(entry.msgid)
    if not numbers and not tokens:
        return []  # the translation is not read for nothing
    found = _number_keys(entry.msgstr, numbers.values())
    missing = [span for span, key in numbers.items() if key not in found]
    if missing:
        missing = _other_quantities(entry, context, missing)
    problems = [f"number {span!r} is not in the translation" for span in missing]
    if tokens:
        runs = {decimal(run) for run in digit_runs(entry.msgstr)}
        problems += [
            f"number {run!r} in {token!r} is not in the translation"
            for token in dict.fromkeys(tokens)
            for run in digit_runs(token)
            if decimal(run) not in runs
        ]
    return problems


def _number_keys(text: str, wanted: Iterable[str]) -> set[str]:
    """`number_keys(text)`, or as much of it as tells whether the wanted keys are there:
    its runs of digits, when they hold them all (its spans are then not looked for)."""
    runs = set(digit_runs(text))
    return runs if runs.issuperset(wanted) else runs | number_keys(text)


def _other_quantities(entry: CatalogEntry, context: CheckContext, spans: list[str]) -> list[str]:
    """The number spans of the source whose quantity is not one the translation writes
    differently (€18.5 million as 1,850万)."""
    written = {q.value for q in quantities(entry.msgstr, context.target_lang)}
    source = [q for q in quantities(entry.msgid, context.source_lang) if q.value in written]
    return [span for span in spans if not any(digits(span) in q.parts for q in source)]


def check_dates(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """Each date keeps its day, month and year, in whatever format the target uses
    (2016-03-11 may become 11 mars 2016 or 2016年3月11日)."""
    if not spans_of_kind(entry.msgid, "date"):
        return []  # the translation's words are not looked up for nothing
    months = {month_number(w, context.target_lang) for w in WORD.findall(entry.msgstr)}
    return _reformattable(entry, "date", {m for m in months if m is not None})


def check_times(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """Each time keeps its hours and minutes (2 p.m. may become 14 h)."""
    return _reformattable(entry, "time")


def _reformattable(entry: CatalogEntry, kind: SpanKind, named: Iterable[int] = ()) -> list[str]:
    """Each span of a kind whose parts (day, month, year; hours, minutes) are not all in the
    translation, as digits or (for months) named."""
    spans = dict.fromkeys(spans_of_kind(entry.msgid, kind))
    if not spans:
        return []
    present = {decimal(run) for run in digit_runs(entry.msgstr)} | {str(n) for n in named}
    problems = []
    for span in spans:
        lost = [run for run in digit_runs(span) if not _has_part(decimal(run), span, present)]
        if lost:
            problems.append(
                f"{kind} {span!r} is not in the translation (missing {', '.join(lost)})"
            )
    return problems


def _has_part(value: str, span: str, present: set[str]) -> bool:
    """Whether a date or time part (a `decimal`) is in the translation (a p.m. hour may be
    on 24 hours)."""
    afternoon = "p.m." in span.lower() and len(value) <= 2 and int(value) < 12
    return value in present or (afternoon and str(int(value) + 12) in present)


def check_urls(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """Each URL or domain of the source is in the translation, exactly."""
    urls = dict.fromkeys(spans_of_kind(entry.msgid, "url"))
    if not urls:
        return []
    # The translation's own spans (pieces of it) are looked up first: searching the whole
    # translation for each of many URLs would be quadratic.
    target, spans = normalized(entry.msgstr), set(all_spans(entry.msgstr))
    return [
        f"URL {url!r} is missing or changed"
        for url in urls
        if url not in spans and url not in target
    ]


def check_emails(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """Each e-mail address of the source is in the translation (case aside)."""
    emails = dict.fromkeys(spans_of_kind(entry.msgid, "email"))
    if not emails:
        return []
    target = normalized(entry.msgstr).casefold()
    spans = {span.casefold() for span in all_spans(entry.msgstr)}  # as for URLs
    return [
        f"e-mail address {email!r} is missing or changed"
        for email in emails
        if email.casefold() not in spans and email.casefold() not in target
    ]


def check_phones(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """Each phone number of the source is in the translation (spacing and dots aside)."""
    phones = dict.fromkeys(spans_of_kind(entry.msgid, "phone"))
    if not phones:
        return []
    target = _compact(entry.msgstr)
    spans = {_SEPARATORS.sub("", span) for span in all_spans(entry.msgstr)}  # as for URLs
    return [
        f"phone number {phone!r} is missing or changed"
        for phone in phones
        if _compact(phone) not in spans and _compact(phone) not in target
    ]


_SEPARATORS = re.compile(r"[\s.\-]")


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", normalized(text))


def check_placeholders(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """No machine-translation placeholder ([X1X], ⟦1⟧) is left, and variables (%s, {name}) match."""
    problems = [
        f"leftover placeholder {token!r}: put back the text it stands for"
        for token in leftovers(entry.msgstr, entry.msgid)
    ]
    both = entry.msgid + entry.msgstr
    if "%" not in both and "{" not in both:
        return problems  # every variable starts with one of them: none to count
    source, target = (
        Counter(_VARIABLE.findall(entry.msgid)),
        Counter(_VARIABLE.findall(entry.msgstr)),
    )
    problems += [f"variable {v!r} is missing from the translation" for v in source - target]
    problems += [f"variable {v!r} is not in the source" for v in target - source]
    return problems


def check_glossary_dnt(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """A do-not-translate term of the source is in the translation, unchanged."""
    present = terms_in(entry.msgid, context.glossary.dnt_terms)
    if not present:
        return []
    problems = []
    for term, forms in context.glossary.dnt_forms:
        found = [form for form in forms if form in present]
        if not found:
            continue
        expected = term.forms.get(context.target_lang) or found[0]
        if not contains_term(entry.msgstr, expected):
            problems.append(f"do-not-translate term {expected!r} is missing or changed")
    return problems


def check_glossary_term(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """A glossary term of the source is translated by its glossary form (case aside)."""
    present = terms_in(entry.msgid, context.term_sources, ignore_case=True)
    return [
        f"glossary: {source!r} should be translated as {target!r}"
        for source, target in context.term_pairs
        if source in present and not contains_term(entry.msgstr, target, ignore_case=True)
    ]


def check_identical(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """The translation is not a copy of the source, unless the source is all names,
    numbers, acronyms and do-not-translate terms ("JAXA", "COP21", "Jean-Yves Le Gall")."""
    if entry.msgstr.strip() != entry.msgid.strip() or not _needs_translation(entry, context):
        return []
    return ["the translation is identical to the source"]


def _needs_translation(entry: CatalogEntry, context: CheckContext) -> bool:
    rest = without_spans(entry.msgid, context.glossary.dnt_terms)
    words = [w for w in WORD.findall(rest) if not w.isupper()]
    is_name = len(words) <= NAME_MAX_WORDS and all(w[0].isupper() for w in words)
    return bool(words) and not is_name


def check_length_ratio(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """The translation's length is within LENGTH_TOLERANCE times what the pair leads to expect."""
    source, target = len(entry.msgid.strip()), len(entry.msgstr.strip())
    source_factor = LENGTH_FACTORS.get(context.source_lang, 1.0)
    if source / source_factor < LENGTH_MIN_SOURCE:
        return []
    expected = LENGTH_FACTORS.get(context.target_lang, 1.0) / source_factor
    ratio = target / source
    if 1 / LENGTH_TOLERANCE <= ratio / expected <= LENGTH_TOLERANCE:
        return []
    pair = f"{context.source_lang}→{context.target_lang}"
    length = "short" if ratio < expected else "long"
    return [
        f"the translation is suspiciously {length}: {ratio:.2f}× the source's length "
        f"(about {expected:.2f}× is usual for {pair})"
    ]


#: Words a language writes twice on purpose: French reflexive verbs ("nous nous
#: réunissons", "vous vous inscrivez"), English "had had" and "that that".
LEGITIMATE_DOUBLES = {"fr": frozenset({"nous", "vous"}), "en": frozenset({"had", "that"})}


def check_doubled_words(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """No word written twice in a row ("des des", "the the"), as pofilter's `doublewords`
    finds, unless the source doubles it too (Bora Bora) or the language means it (nous
    nous); numbers are not words, and Japanese, written unspaced, is not judged."""
    if context.target_lang in script.UNSPACED:
        return []
    legitimate = LEGITIMATE_DOUBLES.get(context.target_lang, frozenset())
    doubled = [p for p in doubled_words(entry.msgstr) if p.split()[0].casefold() not in legitimate]
    if not doubled:
        return []  # the source is not read for nothing
    source = {" ".join(pair.casefold().split()) for pair in doubled_words(entry.msgid)}
    return [
        f"doubled word {pair!r}"
        for pair in dict.fromkeys(doubled)
        if " ".join(pair.casefold().split()) not in source
    ]


def check_back_translation(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """A machine draft whose back-translation drifted from its source, as `translate` found
    when the reverse model was installed (its `mt-check: back-translation` comment)."""
    if entry.state != State.MACHINE:
        return []  # reviewed or edited since: the finding was about another text
    lines = (c.removeprefix(CHECK_PREFIX) for c in entry.comments if c.startswith(CHECK_PREFIX))
    return [line for line in lines if line.startswith("back-translation")]


CONTENT_RULES = (
    Rule("numbers", "error", check_numbers),
    Rule("dates", "error", check_dates),
    Rule("times", "error", check_times),
    Rule("urls", "error", check_urls),
    Rule("emails", "error", check_emails),
    Rule("phones", "error", check_phones),
    Rule("placeholders", "error", check_placeholders),
    Rule("glossary-dnt", "error", check_glossary_dnt),
    Rule("glossary-term", "warning", check_glossary_term),
    Rule("identical", "warning", check_identical),
    Rule("length-ratio", "warning", check_length_ratio),
    Rule("doubled-words", "warning", check_doubled_words),
    Rule("back-translation", "warning", check_back_translation),
)
