"""English news-like sentences, generated from templates and word lists (no download).

`news_sentences(n)` gives n distinct sentences, the same for a given seed, shaped like wire
news: 10 to 45 words (median about 25), about one in five carrying a span transpress
protects with a placeholder (an amount, a count, a date, a time, a percentage, a URL, an
e-mail address), some opening with a quotation. The text is ASCII (straight quotes, no
abbreviation with a period), so an NFKC SentencePiece model gives it back unchanged and
transpress's segmenter sees each sentence as one.

`training_corpus(...)` is the text a benchmark vocabulary is trained on: the same kind of
sentences, plus generated names and words, so that BPE finds tens of thousands of pieces.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Iterator, Sequence

SEED = 20160311

_PEOPLE_TEXT = """
    Anna Berg, Paul Lefevre, Claire Moreau, James Whitfield, Maria Santos, Daniel Okafor,
    Sofia Lindqvist, Thomas Keller, Helen Marsh, Robert Quinn, Laura Bianchi, Peter Novak,
    Emma Dubois, Samuel Adeyemi, Julia Hartmann, Michael Brennan, Sarah Collins, Lucas Ferreira,
    Nina Petrova, David Ashworth, Grace Mwangi, Oliver Grant, Hannah Fischer, Marco Rossi,
    Ruth Gallagher, Kenji Watanabe, Elena Popescu, Victor Almeida, Irene Kowalski, Adam Novotny,
    Fatima Benali, George Whitaker, Alice Lambert, Henrik Dahl, Rosa Delgado, Martin Schulz,
    Yuki Tanaka, Leila Haddad, Patrick Doyle, Ingrid Solberg
"""
PEOPLE = tuple(p.strip() for p in _PEOPLE_TEXT.split(",") if p.strip())

_TITLES_TEXT = """
    chief executive, finance minister, spokeswoman, spokesman, director, chairman, president,
    chief economist, senior analyst, mayor, governor, prime minister, foreign minister,
    head of research, general manager, managing director, board member, union leader,
    lead investigator, commissioner, health minister, energy minister, trade secretary
"""
TITLES = tuple(t.strip() for t in _TITLES_TEXT.split(",") if t.strip())

_ORGS_TEXT = """
    the European Commission, the central bank, the World Health Organization, the city council,
    the national statistics office, the European Space Agency, the energy regulator,
    the transport ministry, the International Monetary Fund, the United Nations,
    the finance ministry, the health authority, the competition authority, the port authority,
    the steelworkers union, the airline, the carmaker, the software group, the utility,
    the insurance group, the chemicals company, the rail operator, the mining company,
    the state broadcaster, the opposition party, the ruling coalition, the supreme court,
    the parliament, the senate, the police, the army, the university, the hospital group,
    the research institute, the chamber of commerce, the employers federation
"""
ORGS = tuple(o.strip() for o in _ORGS_TEXT.split(",") if o.strip())

_PLACES_TEXT = """
    Paris, London, Berlin, Madrid, Rome, Brussels, Geneva, Vienna, Warsaw, Prague, Lisbon,
    Dublin, Stockholm, Oslo, Helsinki, Copenhagen, Athens, Istanbul, Cairo, Nairobi, Lagos,
    Johannesburg, Tokyo, Osaka, Seoul, Beijing, Shanghai, Singapore, Jakarta, Sydney,
    Melbourne, Toronto, Montreal, Chicago, Boston, Denver, Seattle, Houston, Mexico City,
    Buenos Aires, Santiago, Lima, Bogota, Mumbai, Delhi, Dubai, Frankfurt, Munich, Lyon,
    Marseille, Toulouse, Milan, Barcelona, Rotterdam, Hamburg, Zurich, Edinburgh, Manchester,
    Brittany, Bavaria, Scotland, Catalonia, Normandy, California, Texas, Ontario, Kenya,
    Brazil, Canada, Japan, Germany, France, Spain, Italy, Poland, India, Indonesia, Nigeria
"""
PLACES = tuple(p.strip() for p in _PLACES_TEXT.split(",") if p.strip())

_NOUNS_TEXT = """
    agreement plan project budget report survey contract deal programme policy proposal
    reform law bill strategy investment loan market sector economy industry company
    factory plant mine port airport railway line bridge road network grid system service
    hospital school campus prison court ruling decision vote election campaign coalition
    government ministry agency council committee board panel team group union alliance
    partnership venture merger takeover acquisition offer bid price rate tax tariff levy
    subsidy deficit debt surplus revenue profit loss output growth inflation demand supply
    shortage crisis recovery downturn slowdown recession boom strike protest talks summit
    meeting conference visit trip tour launch mission satellite rocket vaccine drug trial
    study research data figure result forecast estimate target goal deadline schedule delay
    outage fire flood storm drought earthquake heatwave harvest crop season weather climate
    emission pollution waste water energy power electricity gas oil coal fuel battery
    charger vehicle car truck bus train ship aircraft fleet route border region province
    district neighbourhood community population worker employee manager customer consumer
    patient student teacher doctor nurse farmer driver pilot engineer scientist researcher
    investor shareholder lender bank insurer regulator watchdog prosecutor judge lawyer
    witness suspect victim family resident voter official minister leader chief executive
    director spokesperson analyst economist expert observer critic supporter opponent
    rival partner supplier client tenant landlord owner buyer seller retailer brand product
    platform app website software chip device phone network cable licence permit
    investigation inquiry audit review assessment inspection complaint lawsuit appeal
    settlement fine penalty sanction ban restriction measure rule standard guideline
    framework package fund grant award prize festival exhibition museum library theatre
    stadium match tournament season championship club player coach squad fan ticket
"""
NOUNS = tuple(_NOUNS_TEXT.split())

_PLURALS_TEXT = """
    workers employees residents patients students teachers doctors nurses farmers drivers
    pilots engineers scientists researchers investors shareholders customers consumers
    voters officials visitors tourists passengers households families children pupils
    families companies firms banks suppliers retailers homes flats jobs contracts vehicles
    cars trucks buses trains ships aircraft flights routes schools hospitals clinics
    factories plants mines projects programmes loans bonds shares tonnes barrels hectares
    kilometres seats votes signatures applications complaints cases tests doses samples
"""
PLURALS = tuple(_PLURALS_TEXT.split())

_ADJECTIVES_TEXT = """
    new major large small key main national regional local international European global
    public private federal central northern southern eastern western coastal rural urban
    annual monthly quarterly weekly recent previous current future final early late first
    second third last next former senior junior leading independent official joint
    strong weak stable volatile rising falling higher lower record modest sharp steady
    gradual rapid slow sudden unexpected surprise controversial ambitious long short
    medium temporary permanent emergency special digital green renewable nuclear solar
    wind electric fossil financial economic political social environmental legal
    military civil medical scientific technical commercial industrial agricultural
    cultural historic ancient modern popular widespread limited full partial direct
"""
ADJECTIVES = tuple(_ADJECTIVES_TEXT.split())

_VERBS_TEXT = """
    announced approved rejected signed launched unveiled confirmed denied criticised
    welcomed proposed introduced delayed postponed cancelled suspended extended expanded
    reduced raised cut increased lowered doubled halved secured won lost completed opened
    closed acquired sold bought built repaired replaced reviewed examined investigated
    published released presented defended challenged questioned backed supported opposed
    funded financed awarded granted blocked ordered requested received reported recorded
    revised updated restored resumed ended started began finished reached agreed
"""
VERBS = tuple(_VERBS_TEXT.split())

_INTRANSITIVE_TEXT = """
    rose fell grew slowed recovered stalled improved worsened declined climbed dropped
    stabilised rebounded slipped surged eased
"""
INTRANSITIVE = tuple(_INTRANSITIVE_TEXT.split())

_SAYING_TEXT = "said, added, warned, explained, noted"
SAYING = tuple(s.strip() for s in _SAYING_TEXT.split(","))

_PREPOSITIONS_TEXT = """
    in, across, near, outside, north of, south of, east of, west of, around, throughout
"""
LOCATIVES = tuple(p.strip() for p in _PREPOSITIONS_TEXT.split(",") if p.strip())

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_TIME_WORDS_TEXT = """
    on Monday, on Tuesday, on Wednesday, on Thursday, on Friday, at the weekend, last week,
    last month, last year, this week, this month, earlier this year, later this year,
    next year, in the coming weeks, in the spring, in the autumn, by the end of the year,
    over the past decade, for the first time, since the start of the year
"""
TIME_WORDS = tuple(t.strip() for t in _TIME_WORDS_TEXT.split(",") if t.strip())
_DOMAINS_TEXT = "example.org example.com news.example.net agency.example.eu press.example.com"
DOMAINS = tuple(_DOMAINS_TEXT.split())


# --------------------------------------------------------------------------------------
# Phrases
# --------------------------------------------------------------------------------------

Phrase = Callable[[random.Random], str]


def _noun_phrase(rng: random.Random) -> str:
    """the new budget / a regional agreement / the plan of the agency."""
    form = rng.random()
    if form < 0.45:
        return f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    if form < 0.7:
        article = rng.choice(("a", "the"))
        noun = rng.choice(NOUNS)
        article = "an" if article == "a" and noun[0] in "aeiou" else article
        return f"{article} {noun}"
    if form < 0.85:
        return f"the {rng.choice(NOUNS)} of {rng.choice(ORGS)}"
    return f"the {rng.choice(NOUNS)} {rng.choice(NOUNS)}"


def _subject(rng: random.Random) -> str:
    """Who acts: an organisation, a person with a title, or a noun phrase."""
    form = rng.random()
    if form < 0.35:
        return rng.choice(ORGS)
    if form < 0.55:
        return f"{rng.choice(PEOPLE)}, the {rng.choice(TITLES)},"
    if form < 0.7:
        return f"{rng.choice(ORGS)} in {rng.choice(PLACES)}"
    return _noun_phrase(rng)


def _modifier(rng: random.Random) -> str:
    """A prepositional phrase, a time phrase or a relative clause."""
    form = rng.random()
    if form < 0.25:
        return f"{rng.choice(LOCATIVES)} {rng.choice(PLACES)}"
    if form < 0.45:
        return rng.choice(TIME_WORDS)
    if form < 0.6:
        return f"for {_noun_phrase(rng)}"
    if form < 0.72:
        return f"after {_noun_phrase(rng)} {rng.choice(INTRANSITIVE)}"
    if form < 0.84:
        return f", which {rng.choice(VERBS)} {_noun_phrase(rng)},"
    if form < 0.92:
        return f"with {rng.choice(ORGS)}"
    return f"despite {_noun_phrase(rng)}"


def _span(rng: random.Random) -> str:
    """A phrase holding something transpress protects: amount, date, time, URL, address."""
    kinds: Sequence[Phrase] = (
        lambda r: f"worth EUR {r.randint(2, 950)}.{r.randint(1, 9)} million",
        lambda r: f"worth ${r.randint(1, 40)}.{r.randint(1, 9)} billion",
        lambda r: f"costing {r.randint(2, 900):,}{r.choice(('', ',000'))} pounds",
        lambda r: f"for {r.randint(120, 98000):,} {r.choice(PLURALS)}",
        lambda r: f"by {r.randint(2, 40)}.{r.randint(0, 9)} percent",
        lambda r: f"on {r.randint(1, 28)} {r.choice(MONTHS)} {r.randint(2019, 2027)}",
        lambda r: f"at {r.randint(7, 22)}:{r.choice(('00', '15', '30', '45'))} local time",
        lambda r: f"in {r.randint(1990, 2026)}",
        lambda r: f"online at https://www.{r.choice(DOMAINS)}/{r.choice(NOUNS)}-{r.randint(1, 99)}",
        lambda r: f"through press@{r.choice(DOMAINS)}",
        lambda r: f"at www.{r.choice(DOMAINS)}",
    )
    return rng.choice(kinds)(rng)


def _clause(rng: random.Random) -> str:
    """Subject, verb and object: the core of every sentence."""
    if rng.random() < 0.15:
        return f"{_noun_phrase(rng)} {rng.choice(INTRANSITIVE)}"
    return f"{_subject(rng)} {rng.choice(VERBS)} {_noun_phrase(rng)}"


def _attribution(rng: random.Random) -> str:
    """, said Anna Berg, the director of the agency / , Anna Berg told reporters in Paris."""
    person = rng.choice(PEOPLE)
    if rng.random() < 0.25:
        return f", {person} told reporters in {rng.choice(PLACES)}"
    role = f"the {rng.choice(TITLES)} of {rng.choice(ORGS)}"
    return f", {rng.choice(SAYING)} {person}, {role}"


def _words(text: str) -> int:
    return len(text.split())


def _target_length(rng: random.Random) -> int:
    """Words in a news sentence: log-normal around 25, kept within 10 to 45."""
    return max(10, min(45, round(rng.lognormvariate(3.2, 0.33))))


def _tidy(text: str) -> str:
    """Join phrase glue: no space before a comma, no doubled commas, one final period."""
    text = " ".join(text.split()).replace(" ,", ",").replace(",,", ",")
    text = text.rstrip(",") + "."
    return text[0].upper() + text[1:]


def news_sentence(rng: random.Random, *, span_rate: float = 0.2) -> str:
    """One sentence of 10 to 45 words: a clause grown with modifiers to a news-like length."""
    while True:
        sentence = _grown_sentence(rng, span_rate)
        if 10 <= _words(sentence) <= 45:
            return sentence


def _grown_sentence(rng: random.Random, span_rate: float) -> str:
    """A clause, maybe a span, modifiers up to a drawn length, maybe quoted or attributed."""
    target = _target_length(rng)
    quoted = rng.random() < 0.15
    parts = [_clause(rng)]
    if rng.random() < span_rate:
        parts.append(_span(rng))
    while _words(" ".join(parts)) < target - (8 if quoted else 3):
        parts.append(_modifier(rng))
    body = " ".join(parts)
    if quoted:  # "The council approved the plan," said Anna Berg, the director of ...
        core = _tidy(body)[:-1]
        return f'"{core},"{_tidy(_attribution(rng))[1:]}'.replace('," ,', '," ')
    if rng.random() < 0.2:
        body += _attribution(rng)
    return _tidy(body)


def news_sentences(count: int, seed: int = SEED, *, span_rate: float = 0.2) -> list[str]:
    """`count` distinct news-like sentences, the same for a given seed."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < count:
        seen.setdefault(news_sentence(rng, span_rate=span_rate))
    return list(seen)


def length_summary(sentences: Sequence[str]) -> str:
    """Words per sentence (min, median, mean, max) as one line."""
    lengths = [_words(s) for s in sentences]
    return (
        f"{min(lengths)}-{max(lengths)} words, median {statistics.median(lengths):.0f}, "
        f"mean {statistics.mean(lengths):.1f}"
    )


# --------------------------------------------------------------------------------------
# Training corpus
# --------------------------------------------------------------------------------------

_ONSET_TEXT = (
    "b c d f g h j k l m n p r s t v w z br cr dr fr gr pr tr bl cl fl gl pl sl st sp sk sh ch th"
)
_ONSETS = _ONSET_TEXT.split()
_VOWELS = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ou", "ie", "oa"]
_CODAS = ["", "", "", "n", "r", "l", "s", "t", "m", "nd", "rt", "st", "ck", "ng", "x"]
_SUFFIXES = ["", "", "", "s", "ia", "ton", "berg", "ville", "ers", "ing", "ed", "ity", "land"]


def invented_word(rng: random.Random) -> str:
    """A pronounceable made-up word (a name, a brand, a place) of 1 to 4 syllables."""
    syllables = rng.choice((1, 2, 2, 3, 3, 4))
    word = "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    )
    return word + rng.choice(_SUFFIXES)


def _invented_line(rng: random.Random, words: Sequence[str]) -> str:
    """A line of news text with invented names, places and codes mixed in."""
    sentence = news_sentence(rng, span_rate=0.5)
    tokens = sentence.split()
    for _ in range(rng.randint(2, 6)):
        word = rng.choice(words)
        word = word.capitalize() if rng.random() < 0.6 else word
        if rng.random() < 0.1:
            word = f"{word.upper()[:3]}-{rng.randint(1, 999)}"
        tokens.insert(rng.randint(0, len(tokens)), word)
    return " ".join(tokens)


#: Real vocabularies are trained on web text, which holds every printable ASCII character
#: and the usual typographic ones: without these lines no placeholder form such as `[X1X]`
#: would be carried and the benchmark would time transpress's unmasked fallback instead.
CHARACTER_LINES = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789",
    "! \" # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \\ ] ^ _ ` { | } ~",
    "€ £ ¥ « » – — ’ ‘ “ ” … ° é è à ç ù ô É À Ç",
)


def training_corpus(
    *, lines: int = 60000, invented: int = 150000, seed: int = SEED + 1
) -> Iterator[str]:
    """Lines to train a vocabulary on: news sentences, half of them with invented words.

    A different seed from the benchmark's sentences: the vocabulary is trained on text
    of the same kind, not on the very sentences it is timed with.
    """
    rng = random.Random(seed)
    words = [invented_word(rng) for _ in range(invented)]
    for number in range(lines):
        if number % 1000 == 0:
            yield from CHARACTER_LINES
        yield _invented_line(rng, words) if number % 2 else news_sentence(rng)
