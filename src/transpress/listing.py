"""The index pages: one per language, newest release first, titles in that language (pure)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from transpress.document import IndexEntry
from transpress.locale import format_long_date, language_name


@dataclass(frozen=True)
class ListedEdition:
    """A link from the index to one edition of a release."""

    lang: str
    name: str  # the language's name, in that language
    href: str
    mark: str  # "", "notice" (shows unreviewed text) or "awaiting" (kept, awaiting an update)


@dataclass(frozen=True)
class ListedRelease:
    """One release on the index of a language."""

    release_id: str
    title: str
    title_lang: str  # the language the title is in (the source's when not translated)
    date_iso: str
    date_text: str  # the date as that language writes it (CLDR)
    href: str  # the edition in the index's language, or the source's
    mark: str  # the mark of the edition in the index's language; "missing" when there is none
    editions: tuple[ListedEdition, ...]


@dataclass(frozen=True)
class IndexPage:
    """The index in one language."""

    lang: str
    releases: tuple[ListedRelease, ...]
    languages: tuple[tuple[str, str, str], ...]  # (lang, name, href) of every index

    def text(self, key: str) -> str:
        """A label of the page, in its language."""
        return _LABELS.get(self.lang, _LABELS["en"])[key]


def index_page(
    entries: Sequence[IndexEntry], lang: str, hrefs: Sequence[tuple[str, str]]
) -> IndexPage:
    """The index in `lang` of `entries`, newest first (by date, then id); `hrefs` are the
    (lang, file name) of every language's index.

    >>> entry = IndexEntry("pr1", "Launch", "en", "2026-11-28", (("en", "English"),
    ...     ("fr", "Français")), (("en", "Launch"), ("fr", "Lancement")), (("fr", "notice"),))
    >>> page = index_page([entry], "fr", [("en", "index.html"), ("fr", "index.fr.html")])
    >>> row = page.releases[0]
    >>> row.title, row.date_text, row.href, row.mark
    ('Lancement', '28 novembre 2026', 'pr1/fr.html', 'notice')
    """
    rows = [_row(entry, lang) for entry in entries]
    rows.sort(key=lambda row: (row.date_iso, row.release_id), reverse=True)
    languages = tuple((code, language_name(code), href) for code, href in hrefs)
    return IndexPage(lang, tuple(rows), languages)


def _row(entry: IndexEntry, lang: str) -> ListedRelease:
    marks = dict(entry.marks)
    titles = dict(entry.titles)
    editions = tuple(
        ListedEdition(code, name, f"{entry.release_id}/{code}.html", marks.get(code, ""))
        for code, name in entry.editions
    )
    here = next((e for e in editions if e.lang == lang), None)
    source = next((e for e in editions if e.lang == entry.lang), None)
    shown = here or source or (editions[0] if editions else None)
    title_lang = shown.lang if shown is not None and shown.lang in titles else entry.lang
    return ListedRelease(
        release_id=entry.release_id,
        title=titles.get(title_lang, entry.title),
        title_lang=title_lang,
        date_iso=entry.date_iso,
        date_text=_date_text(entry.date_iso, lang),
        href=shown.href if shown is not None else "",
        mark=here.mark if here is not None else "missing",
        editions=editions,
    )


def _date_text(date_iso: str, lang: str) -> str:
    try:
        return format_long_date(datetime.date.fromisoformat(date_iso), lang)
    except ValueError:
        return date_iso


_LABELS = {
    "en": {
        "heading": "Press releases",
        "languages": "Languages",
        "notice": "contains unreviewed translation",
        "awaiting": "awaiting an update",
        "missing": "not translated yet",
        "editions": "Editions",
        "empty": "No release has been published yet.",
    },
    "fr": {
        "heading": "Communiqués de presse",
        "languages": "Langues",
        "notice": "contient une traduction non relue",
        "awaiting": "en attente de mise à jour",
        "missing": "pas encore traduit",
        "editions": "Éditions",
        "empty": "Aucun communiqué n’a encore été publié.",
    },
    "ja": {
        "heading": "プレスリリース",
        "languages": "言語",
        "notice": "未確認の翻訳を含む",
        "awaiting": "更新待ち",
        "missing": "未翻訳",
        "editions": "言語版",
        "empty": "公開されたプレスリリースはまだありません。",
    },
}
