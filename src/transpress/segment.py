"""Rule-based sentence segmentation for press-release paragraphs (en, fr, ja).

The segmenter is pure and stdlib-only.  It works on one paragraph at a time:

* English / French: candidate terminators (``.``, ``!``, ``?``, ellipses) are
  found with one precompiled regex; each candidate is accepted or rejected by
  looking at the token before it (abbreviation, initial, number, ordinary word)
  and the word after it (case, "sentence starter" words).  URLs and e-mail
  addresses are masked first.  Quotations are *not* treated as unbreakable:
  a quoted passage of several sentences is split between its sentences, and a
  closing quote or bracket right after a terminator stays with its sentence.
* Japanese: split after 。！？!?． unless the terminator sits inside a matched
  「」『』（）【】 pair; closing brackets right after a terminator stay with the
  sentence.

``join_sentences(split_sentences(t, lang), lang) == t`` for normalised text
(single spaces between sentences in en/fr, none in ja).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from transpress import script

Language = str  # "en" | "fr" | "ja"

_LANGS = frozenset({"en", "fr", "ja"})

# --------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------

# Prepositive titles: a period after these never ends a sentence.
_TITLE_WORDS = """
    mr mrs ms messrs mmes dr drs prof st ste mt gen sen rep gov pres rev hon capt cpt
    lt col maj sgt cmdr adm supt insp fr mgr pr me mme mlle mlles mm
"""
_TITLES = frozenset(_TITLE_WORDS.split())
# Titles that are only titles with this exact capitalisation ("M. Macron").
_TITLES_CASED = frozenset({"M", "MM"})

# Abbreviations that can end a sentence but usually do not: a period after
# them is a boundary only when a clear sentence starter follows.
_ABBREVIATION_WORDS = """
    jr sr co corp inc ltd plc llc bros dept univ assn est approx appt apt
    etc vs v viz al cf eg ie no nos nr vol vols fig figs p pp ch chap sec
    art arts para ed eds ref tel ext min max hr hrs yr yrs mo mos wk ft sq
    oz lb lbs pt pts jan feb mar apr jun jul aug sep sept oct nov dec mon
    tue tues wed thu thur thurs fri sat sun ave blvd rd conn calif mass fla
    ill pa va wash tex mich mr intl natl govt dist div mfg misc op cit ibid
    resp incl excl esp n° nº env av ex éd éds coll cie ste sté t fasc hab
    tél fév janv févr avr juil déc boul bd dép réf éq qqch qqn mds md mrd
    mrds mio mios
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())

# Capitalised words that typically open a sentence (en + fr).  After an
# ambiguous abbreviation ("U.S.", "Inc.", "a.m.", "etc.", an initial) a
# boundary is accepted only if one of these follows.
_STARTER_WORDS = """
    a an the this that these those there their they them then thus it its he
    she his her hers we our ours you your i my me mine us who whom whose what
    which why how when where while whilst after before since although though
    however meanwhile moreover furthermore nevertheless nonetheless also and
    but or nor so yet if as at in on for from to with without by under over
    during according together last next earlier later still even only each
    both all most many some several few other another such no not now today
    yesterday tomorrow here did do does is are was were will would can could
    shall should may might must let please one two three four five first
    second third finally indeed instead overall otherwise accordingly
    additionally consequently similarly likewise currently recently further
    once unlike despite following through among between within throughout
    le la les l un une des du de d il ils elle elles on nous vous je j ce cet
    cette ces c ça cela ceci mais et ou donc or car en dans pour par sur sous
    selon au aux à avec après avant depuis pendant lors si s quand comme
    ainsi alors puis enfin cependant toutefois pourtant néanmoins notre nos
    votre vos leur leurs son sa ses mon ma mes qui que qu quel quelle quels
    quelles pourquoi comment où combien tous tout toute toutes chaque
    plusieurs certains certaines aucun aucune aujourd hier demain ensuite
    outre parmi entre contre malgré grâce n ne non oui voilà voici est sont
    était étaient sera seront il y dès afin lorsque puisque bien cet
"""
_STARTERS = frozenset(_STARTER_WORDS.split())

# --------------------------------------------------------------------------
# Precompiled patterns
# --------------------------------------------------------------------------

# Spaces before a line break are taken from where their run begins (looked for from each
# space, a long run would be scanned once per space).
_SPACES_BREAK = r"(?:(?<![ \t])[ \t]++)?[\r\n]+[ \t]*"
_WS_NEWLINE = re.compile(rf"{_SPACES_BREAK}|\t+")
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BRACKET_ELLIPSIS = re.compile(r"\[(?:\.\.\.|…)\]")
_TRAILING_PUNCT = re.compile(r"(?<![.,;:!?)\]\"'»”’])[.,;:!?)\]\"'»”’]+$")
# Candidate terminators: spaced ellipsis, runs of . ! ? and the ellipsis char.
_CAND = re.compile(r"\.(?: \.)+|[.!?…]+")
_CLOSERS = re.compile(r"(?:[ \u00a0\u202f]?[»”’]|[\"')\]])*")
_NEXT_WORD = re.compile(r"[^\s]+")
_OPENERS = "\"'«“‘([{¿¡"
_WORD_STRIP = "\"'«“‘”’»([{¿¡ \u00a0\u202f"
_MULTI_PERIOD = re.compile(r"(?:[^\W\d_]{1,2}\.-?)+[^\W\d_]{1,2}")
# The longest start of a text shaped like _MULTI_PERIOD ("U.S" of "U.S.Army").
_MULTI_PERIOD_START = re.compile(r"[^\W\d_]{1,2}(?:\.-?[^\W\d_]{1,2})*")
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))
_LEADING_SPACE = re.compile(r"\s*")
_NO_SPACE_BOUNDARY = re.compile(r"(?<=[a-z0-9%)])\.(?=[A-Z][a-z])")
_LIST_MARK = re.compile(
    r"(?:(?<=\s)|^)(?P<bullet>[•⁃▪‣◦]\s?)?(?P<label>\d{1,3}|[a-z])(?P<p>\.\)|\)|\.)(?=\s)"
)
_MARKER_ONLY = re.compile(r"(?:[•⁃▪‣◦]\s?)?(?:\d{1,3}|[A-Za-z])[.)]+")
_BULLET_SPLIT = re.compile(r"(?<=\s)[•⁃▪‣◦](?=\s?\S)")

# Japanese
_JA_NEWLINE = re.compile(_SPACES_BREAK)
_JA_CAND = re.compile(
    r"(?:[。！？!?]|(?<![0-9０-９])．(?![0-9０-９]))[。！？!?．]*(?:[ 　]?[!?！？])*"
)
_JA_CLOSERS = re.compile(r"[」』）)】〕〉》”’\"]*")
_JA_PAIRS = {"「": "」", "『": "』", "（": "）", "【": "】", "〔": "〕", "〈": "〉", "《": "》"}
_JA_CLOSING = frozenset(_JA_PAIRS.values())
_JA_BRACKET = re.compile(f"[{re.escape(''.join(_JA_PAIRS) + ''.join(_JA_CLOSING))}]")
_JA_PARTICLE_AFTER_QUOTE = re.compile(
    r"(?:という|との|とか|とし|として|って|など|まで|より|から|と|が|を|に|は|で|の|や|へ|か)"
)
_CJK = script.TEXT
_JA_CJK_NEWLINE = re.compile(rf"(?<=[{_CJK}])[ \t]*[\r\n]+[ \t]*(?=[{_CJK}])")


def _span_end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """End of ``pattern`` matched at ``pos`` (``pos`` itself if it does not match)."""
    m = pattern.match(text, pos)
    return m.end() if m else pos


def _check_lang(lang: str) -> None:
    if lang not in _LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of en, fr, ja")


# --------------------------------------------------------------------------
# English / French
# --------------------------------------------------------------------------


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs, e-mail addresses and bracketed ellipses (no boundary inside).

    >>> _protected_spans("See www.cnes.fr. Then")
    [(4, 15)]
    """
    spans: list[tuple[int, int]] = []
    if "://" in text or "www." in text:
        for m in _URL.finditer(text):
            trail = _TRAILING_PUNCT.search(m.group())
            spans.append((m.start(), m.end() - (len(trail.group()) if trail else 0)))
    if "@" in text:
        # only scan the words holding an "@", once each, from where they begin
        start = 0
        for word in text.split(" "):
            if "@" in word and (email := _EMAIL.match(text, start)) is not None:
                spans.append(email.span())
            start += len(word) + 1
    if "[" in text:
        spans.extend(m.span() for m in _BRACKET_ELLIPSIS.finditer(text))
    return spans


def _covered(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The starts and ends of the union of some spans, sorted, for `_inside`."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(span for span in spans if span[0] < span[1]):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _inside(pos: int, covered: tuple[list[int], list[int]]) -> bool:
    """Whether a position is in one of the spans (given by `_covered`).

    >>> _inside(3, _covered([(0, 2), (1, 4)])), _inside(4, _covered([(0, 2), (1, 4)]))
    (True, False)
    """
    index = bisect_right(covered[0], pos) - 1
    return index >= 0 and pos < covered[1][index]


def _next_word(text: str, pos: int) -> str:
    """The word starting at ``pos`` without surrounding quotes/brackets.

    >>> _next_word('« L’agence', 0)
    'L’agence'
    """
    m = _NEXT_WORD.match(text, pos)
    if m is None:
        return ""
    word = m.group().lstrip(_WORD_STRIP)
    if word:
        return word
    m2 = _NEXT_WORD.match(text, _skip_spaces(text, m.end()))
    return m2.group().lstrip(_WORD_STRIP) if m2 else ""


def _skip_spaces(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos] in " \u00a0\u202f":
        pos += 1
    return pos


def _is_starter(word: str) -> bool:
    core = word.rstrip(",;:.!?\"'»”’)")
    for apo in ("'", "’"):
        if apo in core:
            core = core.split(apo, 1)[0]
            break
    return core.lower() in _STARTERS and core[:1].isupper()


def _is_title_word(word: str) -> bool:
    core = word.rstrip(".")
    return core in _TITLES_CASED or (core.lower() in _TITLES and core[:1].isupper())


def _first_alpha(text: str, pos: int) -> str:
    """First significant character at/after ``pos``, looking through openers."""
    n = len(text)
    while pos < n and (text[pos] in _OPENERS or text[pos] in " \u00a0\u202f"):
        pos += 1
    return text[pos] if pos < n else ""


def _list_boundaries(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Boundaries before inline list items, and the spans of the list markers.

    >>> _list_boundaries("1) Ready 2) Steady")[0]
    [9]
    """
    marks = list(_LIST_MARK.finditer(text)) if _LIST_MARK.match(text) else []
    if not marks:
        if text[:1] in "•⁃▪‣◦":
            bullets = [
                m.start() for m in _BULLET_SPLIT.finditer(text) if text[m.start()] == text[0]
            ]
            return bullets, [(0, 1)] + [(c, c + 1) for c in bullets]
        return [], []
    first = marks[0]
    style = first.group("p")
    label = first.group("label")
    cuts: list[int] = []
    spans = [first.span()]
    expected = _succ(label)
    for m in marks[1:]:
        if m.group("p") == style and m.group("label") == expected:
            cuts.append(m.start())
            spans.append(m.span())
            expected = _succ(expected)
    if not cuts:
        return [], []
    return cuts, spans


def _succ(label: str) -> str:
    if label.isdigit():
        return str(int(label) + 1)
    return chr(ord(label) + 1)


def _spaced_ellipsis_boundary(text: str, s: int, e: int) -> int | None:
    """Boundary offset for a spaced ellipsis ``. . .`` run, or None."""
    dots = text.count(".", s, e)
    attached = s > 0 and not text[s - 1].isspace()
    after = _span_end(_CLOSERS, text, e)
    nxt = _first_alpha(text, _skip_spaces(text, after))
    if attached and dots >= 4:
        # "compounds. . . . The" -> the word's own period ends the sentence.
        if nxt.isupper():
            return s + 1
        return None
    if dots >= 4 and nxt.isupper() and after < len(text) and text[after].isspace():
        return after
    return None


def _split_latin(text: str) -> list[str]:
    protected = _covered(_protected_spans(text))
    cuts, marker_spans = _list_boundaries(text)
    markers = _covered(marker_spans)
    boundaries: set[int] = set(cuts)
    n = len(text)
    seg_start = 0
    words = _WordsBefore(text)
    seg_text_start: dict[int, int] = {}  # where a sentence's text begins, by its start

    for m in _CAND.finditer(text):
        s, e = m.span()
        if _inside(s, protected) or _inside(s, markers):
            continue
        term = m.group()
        if " " in term:  # spaced ellipsis
            b = _spaced_ellipsis_boundary(text, s, e)
            if b is not None:
                boundaries.add(b)
                seg_start = b
            continue
        end = _span_end(_CLOSERS, text, e)
        if end >= n:
            continue
        if not text[end].isspace():
            # "world.Today" (no space between sentences)
            if term == "." and _NO_SPACE_BOUNDARY.match(text, s) and not words.abbreviated(s):
                boundaries.add(s + 1)
                seg_start = s + 1
            continue
        nstart = end
        while nstart < n and text[nstart].isspace():
            nstart += 1
        if nstart >= n:
            continue
        first = _first_alpha(text, nstart)
        if not first or first.islower():
            continue
        if seg_start not in seg_text_start:
            seg_text_start[seg_start] = _span_end(_LEADING_SPACE, text, seg_start)
        if _MARKER_ONLY.fullmatch(text, seg_text_start[seg_start], s + len(term)):
            continue
        if _accept(text, s, term, nstart, first, seg_start):
            boundaries.add(end)
            seg_start = end
    return _cut(text, sorted(boundaries))


class _WordsBefore:
    """The word before each of increasing positions (from the last space, openers aside),
    for "world.Today": each space is looked for once and each word measured once, so a long
    word glued by many periods ("a.Bc.Bc.Bc…") is not scanned again for each."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.scanned = 0  # spaces before this have been looked for
        self.start = -1  # where the current word begins; -1 before the first
        self.core = 0  # where it begins, openers aside
        self.shaped = 0  # where its longest start shaped like _MULTI_PERIOD ends

    def abbreviated(self, pos: int) -> bool:
        """Whether the word before `pos` is an abbreviation or shaped like "U.S" (`pos` being
        a period, the word is shaped like that if it has a period and its shape reaches pos).

        >>> words = _WordsBefore("(U.S.Army.Today")
        >>> words.abbreviated(2), words.abbreviated(4), words.abbreviated(9)
        (False, True, False)
        """
        text = self.text
        space = text.rfind(" ", self.scanned, pos)
        self.scanned = pos
        if space != -1 or self.start < 0:
            self.start = self.core = space + 1
            while text[self.core] in _OPENERS:  # the period at `pos` ends this
                self.core += 1
            self.shaped = _span_end(_MULTI_PERIOD_START, text, self.core)
        core = min(self.core, pos)
        if pos - core <= _LONGEST_ABBREVIATION and text[core:pos].lower() in _ABBREVIATIONS:
            return True
        return pos <= self.shaped and text.find(".", core, pos) != -1


def _accept(text: str, s: int, term: str, nstart: int, first: str, seg_start: int) -> bool:
    """Decide whether the terminator ``term`` at ``s`` ends a sentence."""
    if term != ".":
        # !, ?, "...", "…", "....": a boundary unless lowercase follows (excluded earlier)
        return True
    tok_start = s
    while tok_start > seg_start and not text[tok_start - 1].isspace():
        tok_start -= 1
    core = text[tok_start:s].lstrip(_OPENERS)
    if not core:
        return first.isupper() or first.isdigit() or first in _OPENERS
    if core in _TITLES_CASED or (core.lower() in _TITLES and not core.islower()):
        return False
    word = _next_word(text, nstart)
    lower = core.lower()
    if (
        lower in _ABBREVIATIONS
        or (len(core) == 1 and core.isalpha())
        or _MULTI_PERIOD.fullmatch(core) is not None
    ):
        if _is_starter(word):
            return True
        if _is_title_word(word):
            return len(text[seg_start : s + len(term)].split()) >= 5
        return False
    if core[-1].isdigit():
        return not first.isdigit()
    return True


def _cut(text: str, boundaries: list[int]) -> list[str]:
    out: list[str] = []
    prev = 0
    for b in boundaries:
        piece = text[prev:b].strip()
        if piece:
            out.append(piece)
        prev = b
    tail = text[prev:].strip()
    if tail:
        out.append(tail)
    return out


# --------------------------------------------------------------------------
# Japanese
# --------------------------------------------------------------------------


def _ja_bracket_spans(text: str) -> list[tuple[int, int]]:
    """Spans strictly inside matched Japanese brackets.

    >>> _ja_bracket_spans("彼は「はい。」と言った。")
    [(3, 6)]
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []  # (closing bracket, where the opening one is)
    # The depths in the stack of each kind of pair, so a closing bracket finds its opening
    # one without searching the stack (brackets that close nothing would make it quadratic).
    depths: dict[str, list[int]] = {closing: [] for closing in _JA_CLOSING}
    for match in _JA_BRACKET.finditer(text):
        i, ch = match.start(), match.group()
        if ch in _JA_PAIRS:
            depths[_JA_PAIRS[ch]].append(len(stack))
            stack.append((_JA_PAIRS[ch], i))
        elif depths[ch]:
            depth = depths[ch][-1]
            spans.append((stack[depth][1] + 1, i))
            del stack[depth:]
            for kind in depths.values():
                while kind and kind[-1] >= depth:
                    kind.pop()
    return spans


def _split_ja(text: str) -> list[str]:
    # Spans by start; `reach` is the furthest end of one starting at or before the terminator,
    # so the terminator is inside brackets if it is beyond it, and the outermost pair ends there.
    spans = sorted(_ja_bracket_spans(text))
    opened, reach = 0, -1
    boundaries: list[int] = []
    n = len(text)
    for m in _JA_CAND.finditer(text):
        s, e = m.span()
        term = m.group()
        while opened < len(spans) and spans[opened][0] <= s:
            reach = max(reach, spans[opened][1])
            opened += 1
        if term[0] in "!?" and s > 0 and text[s - 1].isascii() and text[s - 1].isalnum():
            continue  # "Yahoo!ニュース"
        end = _span_end(_JA_CLOSERS, text, e)
        if end >= n:
            continue
        if reach > s:
            # Inside brackets: only a terminator right before the closing
            # bracket(s) of an outermost pair can end a sentence.
            if reach >= end:
                continue
            if _JA_PARTICLE_AFTER_QUOTE.match(text, end):
                continue
        boundaries.append(end)
    return _cut(text, boundaries)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def _normalise(text: str, lang: str) -> str:
    if lang == "ja":
        text = _JA_CJK_NEWLINE.sub("", text)
        return _JA_NEWLINE.sub(" ", text).strip()
    if "\n" in text or "\r" in text or "\t" in text:
        text = _WS_NEWLINE.sub(" ", text)
    return text.strip()


def split_sentences(text: str, lang: str) -> list[str]:
    """Split one paragraph into sentences (each stripped of surrounding whitespace)."""
    _check_lang(lang)
    text = _normalise(text, lang)
    if not text:
        return []
    if lang == "ja":
        return _split_ja(text)
    return _split_latin(text)


def join_sentences(sentences: Sequence[str], lang: str) -> str:
    """Join sentences back with the language's spacing: one space for en/fr, none for ja."""
    return sentence_separator(lang).join(s for s in sentences if s)


def sentence_separator(lang: str) -> str:
    """What stands between two sentences of a paragraph in `lang`.

    >>> sentence_separator("fr"), sentence_separator("ja")
    (' ', '')
    """
    _check_lang(lang)
    return script.joiner(lang)
