"""Recognising the parts of a release that every reader shares: dateline, contacts, quotes."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Sequence

from transpress import inline, script
from transpress.document import Block, Dateline, Kind, ListMarker
from transpress.errors import InputError
from transpress.locale import month_number

_YEAR = r"(?P<year>\d{4})"
# A place may carry one qualifier after a comma (`WASHINGTON, D.C.`, `HOUSTON, Texas`),
# tried only when the line does not read without it (`Paris, Friday 11 March`).
_PLACE = r"(?:(?P<place>[^\d,–—]+?(?:,\s*[^\d,–—]+?)??)(?:,|\s[–—-])\s+)?"
# Wire-style datelines end on the dash that leads into the text: `MONTRÉAL, March 3, 2026 –`.
_END = r"(?:\s+[–—-])?$"
_EN_DMY = re.compile(
    r"^"
    + _PLACE
    + r"(?:[A-Z][a-z]+day,?\s+)?(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+\.?)\s+"
    + _YEAR
    + _END
)
_EN_MDY = re.compile(
    r"^"
    + _PLACE
    + r"(?:[A-Z][a-z]+day,?\s+)?(?P<month>[A-Za-z]+\.?)\s+(?P<day>\d{1,2}),?\s+"
    + _YEAR
    + _END
)
_FR_DMY = re.compile(
    r"^"
    + _PLACE
    + r"(?:(?P<le>[Ll]e)\s+)?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    r"(?P<day>\d{1,2})(?:er)?\s+(?P<month>[^\W\d_]+\.?)\s+" + _YEAR + _END
)
_JA_DATE = re.compile(
    r"^(?:(?P<place>[^\d\s、,]+?)[、,\s\u3000]\s*)?(?P<year>\d{4})年\s*(?P<month>\d{1,2})月\s*(?P<day>\d{1,2})日"
    r"(?:\s*[（(].[)）])?(?:[\s\u3000]+(?P<after>[^\d\s]+))?$"
)

_REFERENCE = re.compile(
    r"^(?:(?:Ref|Réf|Reference|Référence|No|N°)\.?\s*:?\s*\S.*"
    r"|[A-Z]{1,8}\s?[-/]?\s?\d{1,5}(?:\s*[–—/-]\s*\d{2,4})?)$"
)
_CONTACTS_HEADING = re.compile(
    r"(?i)\b(?:press\s+)?contacts?\b|\bcontacts?\s+presse\b|\bmedia\s+(?:contacts?|enquiries)\b"
    r"|お問い?合わせ|問い合わせ先|報道関係"
)
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_WEBSITE = re.compile(r"^(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)
_PHONE = re.compile(
    r"^(?P<label>(?:[^\W\d_][^\d+]*?)?[:：]?)(?P<sep>\s*)(?P<number>\+?\(?\d[\d\s().\-/]{4,}\d)$"
)
# Speech, not a quoted name: three words or more in Latin quotes, a full sentence in 「」.
_QUOTE = re.compile(
    r'"\s*(?:\S+\s+){2,}[^"]*|“\s*(?:\S+\s+){2,}[^”]*|«\s*(?:\S+\s+){2,}[^»]*'
    r"|「[^」]*[。！？][^」]*」|「[^」]{2,}」と(?:述べ|語|話|コメント|説明)"
)
_JAPANESE = re.compile(f"[{script.WORD}]")
_HIRAGANA = re.compile(f"[{script.HIRAGANA}]")
_FRENCH_WORDS = re.compile(r"(?i)\b(?:le|la|les|des|du|une|et|est|dans|pour|qui|sur|avec|au|aux)\b")
_ENGLISH_WORDS = re.compile(r"(?i)\b(?:the|of|and|is|in|for|which|on|with|to|was|were|by)\b")


def parse_dateline(line: str) -> tuple[Dateline, str] | None:
    """Parse a dateline into a place and a date, with the language it is written in.

    >>> parse_dateline("Paris, 11 March 2016")
    (Dateline(place='Paris', date=datetime.date(2016, 3, 11)), 'en')
    >>> parse_dateline("Paris, le 3 mai 2017")
    (Dateline(place='Paris', date=datetime.date(2017, 5, 3)), 'fr')
    >>> parse_dateline("2018年6月27日")
    (Dateline(place='', date=datetime.date(2018, 6, 27)), 'ja')
    >>> parse_dateline("Toulouse – 1er mai 2017")
    (Dateline(place='Toulouse', date=datetime.date(2017, 5, 1)), 'fr')
    >>> parse_dateline("MONTRÉAL, March 3, 2026 –")
    (Dateline(place='MONTRÉAL', date=datetime.date(2026, 3, 3)), 'en')
    >>> parse_dateline("WASHINGTON, D.C., Friday, March 6, 2026")
    (Dateline(place='WASHINGTON, D.C.', date=datetime.date(2026, 3, 6)), 'en')
    >>> parse_dateline("CNES closely involved") is None
    True
    >>> parse_dateline("Paris, le 31 février 2017")
    Traceback (most recent call last):
    ValueError: day is out of range for month
    """
    text = line.strip()
    match = _JA_DATE.match(text)
    if match:
        place = match.group("place") or match.group("after") or ""
        return _dateline(place, match, int(match.group("month")), "ja")
    for pattern, lang in ((_EN_DMY, "en"), (_EN_MDY, "en"), (_FR_DMY, "fr"), (_EN_DMY, "fr")):
        match = pattern.match(text)
        if not match:
            continue
        month = month_number(match.group("month"), lang)
        if month is not None:
            is_french = lang == "fr" or bool(match.groupdict().get("le"))
            return _dateline(match.group("place") or "", match, month, "fr" if is_french else lang)
    return None


def _dateline(place: str, match: re.Match[str], month: int, lang: str) -> tuple[Dateline, str]:
    """Raises ValueError for a date that does not exist (31 February)."""
    date = datetime.date(int(match.group("year")), month, int(match.group("day")))
    return Dateline(place=place.strip(), date=date), lang


def looks_like_dateline(line: str) -> bool:
    """Say whether a line is written as a dateline, even one with an impossible date.

    >>> looks_like_dateline("Paris, le 31 février 2017"), looks_like_dateline("SVOM 2024")
    (True, False)
    """
    try:
        return parse_dateline(line) is not None
    except ValueError:
        return True


def is_reference(line: str) -> bool:
    """Say whether a header line is a release reference such as `PR051 – 2016`.

    >>> is_reference("PR051 – 2016"), is_reference("CP 12-2017"), is_reference("CNES news")
    (True, True, False)
    """
    return bool(_REFERENCE.match(line.strip()))


def is_contacts_heading(line: str) -> bool:
    """Say whether a short line opens the contacts block (`CNES contacts`, `Contacts presse`).

    >>> is_contacts_heading("CNES contacts"), is_contacts_heading("報道関係者お問い合わせ先")
    (True, True)
    >>> is_contacts_heading("They met their contacts in Tokyo to discuss cooperation.")
    False
    """
    text = line.strip()
    return (
        len(text.split()) <= 6
        and not text.endswith((".", "。"))
        and bool(_CONTACTS_HEADING.search(text))
    )


def classify_contact_line(line: str) -> tuple[Kind, str, str]:
    """Classify one line of a contacts block; return its kind, label and value.

    >>> classify_contact_line("Tel: +33 (0)1 44 76 75 39")
    (<Kind.PHONE: 'phone'>, 'Tel:', '+33 (0)1 44 76 75 39')
    >>> classify_contact_line("presse.cnes.fr")[0], classify_contact_line("Julien Watelet")[0]
    (<Kind.WEBSITE: 'website'>, <Kind.CONTACT_NAME: 'contact name'>)
    """
    text = line.strip()
    if _EMAIL.match(text):
        return Kind.EMAIL, "", text
    phone = _PHONE.match(text)
    if phone and sum(c.isdigit() for c in phone.group("number")) >= 6:
        return Kind.PHONE, phone.group("label"), phone.group("number")
    if _WEBSITE.match(text):
        return Kind.WEBSITE, "", text
    return Kind.CONTACT_NAME, "", text


def is_contact_line(line: str) -> bool:
    """Say whether a line is a phone number, an email or a web address."""
    return classify_contact_line(line)[0] is not Kind.CONTACT_NAME


def looks_like_contact(line: str) -> bool:
    """Say whether a line can belong to a contacts block: contact details, or a short
    name or role line that is not a sentence.

    >>> looks_like_contact("Pascale Bresson"), looks_like_contact("Head of press, CNES")
    (True, True)
    >>> looks_like_contact("The mission was launched from Kourou on Friday.")
    False
    """
    text = line.strip()
    if is_contact_line(text):
        return True
    return len(text.split()) <= 8 and not text.endswith((".", "!", "?", "。", "！", "？"))


_LINK_TARGET = re.compile(inline.LINK_TAIL)  # a link's target and "title" are not speech


def has_quotation(text: str) -> bool:
    """Say whether a paragraph quotes someone.

    >>> has_quotation('He said: "We are ready."'), has_quotation("No quote here.")
    (True, False)
    >>> has_quotation('The "Hayabusa2" probe.'), has_quotation("探査機「はやぶさ2」が到着。")
    (False, False)
    >>> has_quotation("彼は「成功させます。」と述べました。")
    True
    >>> has_quotation('Read [the report](https://cnes.fr/x "the title of the report").')
    False
    """
    return bool(_QUOTE.search(_LINK_TARGET.sub("]", text)))


def detect_language(text: str) -> str:
    """Guess en, fr or ja from the script and common words of a text.

    >>> detect_language("La réunion s'est tenue à Paris avec les délégations.")
    'fr'
    >>> detect_language("日仏宇宙対話"), detect_language("The meeting was held in Paris.")
    ('ja', 'en')
    """
    letters = sum(c.isalpha() for c in text) or 1
    if len(_JAPANESE.findall(text)) / letters > 0.2:
        return "ja"
    return "fr" if len(_FRENCH_WORDS.findall(text)) > len(_ENGLISH_WORDS.findall(text)) else "en"


def require_structure(blocks: Sequence[Block], source: str, *, hint: str) -> None:
    """Refuse a text with no title or no body paragraph: it is not a release."""
    has_title = any(b.kind is Kind.TITLE for b in blocks)
    has_body = any(b.kind in (Kind.PARAGRAPH, Kind.QUOTE, Kind.LIST_ITEM) for b in blocks)
    if not has_title or not has_body:
        raise InputError(f"no release structure found: {hint}", path=source)


# --- Lists ---------------------------------------------------------------------------

# A bullet or number, then the item. ASCII marks need a space after them (`-5 °C` is a
# number, `*Nature*` emphasis, `1.2` a decimal); typographic and Japanese ones may touch
# the text (`・打ち上げ`, `①`). `+` and the em dash are not bullets in plain text: a line
# that starts with `— ` is speech or an aside.
_PLAIN_MARK = re.compile(
    r"(?P<indent>[ \t\u3000]*)"
    r"(?:(?P<bullet>[-*–])|(?P<number>\d{1,3})[.)])[ \t]+(?=\S)"
    r"|(?P<indent2>[ \t\u3000]*)"
    r"(?:(?P<bullet2>[•‣◦▪▫●○■□◆◇・])|[(（](?P<number2>\d{1,3})[)）]|(?P<circled>[\u2460-\u2473]))"
    r"[ \t\u3000]*(?=\S)"
)
# CommonMark's list items: `-`, `*` or `+`, or 1 to 9 digits and `.` or `)`, then a space.
_MARKDOWN_MARK = re.compile(
    r"(?P<indent>[ \t]*)(?:(?P<bullet>[-*+])|(?P<number>\d{1,9})[.)])(?:[ \t]+(?=\S)|[ \t]*$)"
)


def indent_width(text: str) -> int:
    """The width of a line's indentation (a tab to the next multiple of four, an
    ideographic space two).

    >>> indent_width("  - x"), indent_width("\\t- x"), indent_width("\u3000・x")
    (2, 4, 2)
    """
    width = 0
    for char in text:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        elif char == "\u3000":
            width += 2
        else:
            break
    return width


def plain_list_marker(line: str) -> ListMarker | None:
    """The list marker a plain-text line starts with (depth 0), or None.

    >>> plain_list_marker("- 3 satellites"), plain_list_marker("2) Launch")
    (ListMarker(text='- ', depth=0, number=None), ListMarker(text='2) ', depth=0, number=2))
    >>> [(m.text, m.number) for m in map(plain_list_marker, ("・打ち上げ", "（3）観測", "② 運用"))]
    [('・', None), ('（3）', 3), ('② ', 2)]
    >>> [plain_list_marker(t) for t in ("-5 °C", "1.2 billion", "— Nous partons.", "*Nature*")]
    [None, None, None, None]
    """
    match = _PLAIN_MARK.match(line)
    if match is None:
        return None
    number = match.group("number") or match.group("number2")
    circled = match.group("circled")
    value = int(number) if number else int(unicodedata.numeric(circled)) if circled else None
    return ListMarker(match.group(0), 0, value)


def markdown_list_marker(line: str) -> ListMarker | None:
    """The CommonMark list marker a line starts with (depth 0), or None.

    >>> markdown_list_marker("  * item"), markdown_list_marker("10. Ten")
    (ListMarker(text='  * ', depth=0, number=None), ListMarker(text='10. ', depth=0, number=10))
    >>> markdown_list_marker("**Bold** start"), markdown_list_marker("1.5 tonnes")
    (None, None)
    """
    match = _MARKDOWN_MARK.match(line)
    if match is None or not line[match.end() :].strip():
        return None
    number = match.group("number")
    return ListMarker(match.group(0), 0, int(number) if number else None)


# --- Issuer lines --------------------------------------------------------------------

# An organisation's name: a legal form or a kind of body at the start (Romance word order,
# Japanese legal forms) or at the end (English and Japanese word order), or a name followed
# by its acronym. Case matters: "Office" is a name, "office" a word of a title.
_ORG_FIRST = re.compile(
    r"^(?:Académie|Academy|Administration|Agence|Agency|Association|Autorité|Centre|Center"
    r"|Comité|Commissariat|Commission|Committee|Conseil|Council|Department|Direction|École"
    r"|Fondation|Foundation|Groupe|Institut|Institute|Laboratoire|Laboratory|Ministère"
    r"|Ministry|Observatoire|Observatory|Office|Organisation|Organization|Société|Union"
    r"|Université|University)(?=\s|$)"
)
_ORG_LAST = re.compile(
    r"(?:^|\s)(?:Administration|Agency|Association|Authority|Centre|Center|Commission"
    r"|Committee|Company|Corp\.|Corporation|Council|Foundation|GmbH|Group|Inc\.|Institute"
    r"|Laboratory|LLC|Ltd\.?|Ministry|Observatory|Office|Organisation|Organization|plc"
    r"|S\.A\.|SAS?)$"
)
_JA_ORG_PREFIX = re.compile(
    r"^(?:国立研究開発法人|独立行政法人|国立大学法人|学校法人|一般社団法人|一般財団法人"
    r"|公益社団法人|公益財団法人|大学共同利用機関法人|株式会社|有限会社|合同会社)"
)
_JA_ORG_SUFFIX = re.compile(
    r"(?:機構|法人|研究所|大学|大学院|会社|協会|学会|財団|機関|省|庁|局|センター|本部|事業団"
    r"|天文台|観測所|委員会|事務局|部|課|室|グループ|工業|製作所|ホールディングス)$"
)
_ACRONYM = r"[A-Z][A-Za-z0-9&.\-]{1,11}"
_TRAILING_ACRONYM = re.compile(rf"\s*[(（]{_ACRONYM}[)）]$")
_LONE_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,9}$")
_QUOTED_OR_SENTENCE = re.compile(r"[「」『』“”\"«»。]")
_ENDS_LIKE_TEXT = re.compile(r"[!！?？:：;；,、]$")


def looks_like_issuer(line: str) -> bool:
    """Say whether a header line is an organisation's name alone (who issues the release).

    >>> looks_like_issuer("国立研究開発法人宇宙航空研究開発機構")
    True
    >>> looks_like_issuer("宇宙航空研究開発機構（JAXA）")
    True
    >>> looks_like_issuer("自然科学研究機構 国立天文台")
    True
    >>> looks_like_issuer("Centre national d'études spatiales (CNES)")
    True
    >>> looks_like_issuer("Japan Aerospace Exploration Agency"), looks_like_issuer("JAXA")
    (True, True)
    >>> looks_like_issuer("「はやぶさ2」が小惑星リュウグウに到着")
    False
    >>> looks_like_issuer("CNES closely involved in France-Japan space dialogue")
    False
    >>> looks_like_issuer("SVOM 2024"), looks_like_issuer("The Agency.")
    (False, False)
    """
    text = line.strip()
    if not text or len(text) > 80 or _QUOTED_OR_SENTENCE.search(text):
        return False
    if _ENDS_LIKE_TEXT.search(text):
        return False
    if _JAPANESE.search(text):
        name = _TRAILING_ACRONYM.sub("", text)
        return not _HIRAGANA.search(name) and bool(
            _JA_ORG_PREFIX.search(name) or _JA_ORG_SUFFIX.search(name)
        )
    last = _ORG_LAST.search(text)
    if text.endswith(".") and last is None:  # a sentence, not "… Inc."
        return False
    if len(text.split()) > 12 or not text[0].isupper():
        return False
    return bool(
        last
        or _TRAILING_ACRONYM.search(text)
        or _LONE_ACRONYM.match(text)
        or _ORG_FIRST.match(text)
    )
