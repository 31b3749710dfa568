"""QA checks: a pass and a fail case per rule, silencing, the registry, and whole workspaces."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from pathlib import Path

import polib
import pytest
import yaml

from transpress.catalog import CatalogEntry
from transpress.checks import (
    CheckContext,
    Problem,
    Rule,
    Severity,
    published_entry,
    registered_checks,
    run_checks,
)
from transpress.checks.quantities import quantities
from transpress.checks.text import contains_term, doubled_words, mixed_tokens, terms_in
from transpress.cli import cli
from transpress.errors import PluginError
from transpress.glossary import Glossary, Term
from transpress.qa import (
    CHECK_ERRORS_EXIT_CODE,
    CHECK_WARNINGS_EXIT_CODE,
    CheckReport,
    Finding,
    check_catalogues,
    exit_code,
    render_csv,
    render_json,
    render_report,
    render_text,
)
from transpress.workspace import find_workspace

from .conftest import GOLDEN, REPO, Run

NBSP, NNBSP = "\u00a0", "\u202f"
MINI = GOLDEN / "checks" / "pr012-2024"
GLOSSARY = Glossary(
    (
        Term({"en": "CNES", "fr": "CNES", "ja": "CNES"}, dnt=True),
        Term({"en": "JAXA"}, dnt=True),
        Term({"en": "space dialogue", "fr": "dialogue spatial", "ja": "宇宙対話"}, dnt=False),
    )
)
SEVERITIES = {
    "numbers": "error",
    "dates": "error",
    "times": "error",
    "urls": "error",
    "emails": "error",
    "phones": "error",
    "placeholders": "error",
    "glossary-dnt": "error",
    "glossary-term": "warning",
    "identical": "warning",
    "length-ratio": "warning",
    "doubled-words": "warning",
    "back-translation": "warning",
    "end-punctuation": "warning",
    "french-spacing": "error",
    "japanese-punctuation": "warning",
}


def entry(msgid: str, msgstr: str, *comments: str) -> CatalogEntry:
    return CatalogEntry(msgid, msgstr, 7, "reviewed", comments)


def problems(rule: str, msgid: str, msgstr: str, lang: str, source: str = "en") -> list[str]:
    """What one registered rule says about one translation."""
    check = {c.name: c for c in registered_checks()}[rule]
    return check(entry(msgid, msgstr), CheckContext(source, lang, GLOSSARY))


@dataclass(frozen=True)
class Case:
    rule: str
    lang: str
    source: str
    translation: str
    source_lang: str = "en"


PASSING = [
    # Full-width digits (or a model's NFKC writing them half-width) are the same number.
    Case("numbers", "ja", "It costs 12 euros.", "価格は１２ユーロです。"),
    Case("numbers", "en", "価格は１２ユーロです。", "It costs 12 euros.", "ja"),
    Case("numbers", "fr", "The budget is 1,200 euros.", f"Le budget est de 1{NNBSP}200 euros."),
    Case(
        "numbers", "fr", "Growth was 4.5% in 2015.", f"La croissance a été de 4,5{NNBSP}% en 2015."
    ),
    Case("numbers", "fr", "It costs €1.2bn.", "Il coûte 1,2 milliard d’euros."),
    Case("numbers", "ja", "It employs 1,200 people.", "職員は１，２００人です。"),
    Case("numbers", "ja", "It was held on Friday 11 March.", "3月11日（金）に開催されました。"),
    Case("numbers", "ja", "Set up in 2015 for COP21.", "COP21に向けて2015年に設置されました。"),
    Case("dates", "ja", "Signed on 2016-03-11.", "2016年3月11日に署名されました。"),
    Case("dates", "fr", "Signed on 2016-03-11.", "Signé le 11 mars 2016."),
    Case("times", "fr", "Launch at 10:30.", "Lancement à 10 h 30."),
    Case("times", "fr", "Doors open at 2 p.m.", "Ouverture des portes à 14 h."),
    Case("urls", "fr", "See www.cnes.fr.", "Voir www.cnes.fr."),
    Case("urls", "ja", "See https://cnes.fr/en.", "詳細はhttps://cnes.fr/enをご覧ください。"),
    Case("emails", "fr", "Write to presse@cnes.fr.", "Écrivez à Presse@cnes.fr."),
    Case("phones", "fr", "Call +33 1 44 76 75 39.", f"Appelez le +33{NBSP}1.44.76.75.39."),
    Case("placeholders", "fr", "Welcome, {name}: %s left", "Bienvenue, {name} : il reste %s"),
    Case("glossary-dnt", "ja", "CNES and JAXA met.", "CNESとJAXAが会談しました。"),
    Case("glossary-term", "fr", "The Space Dialogue met.", "Le dialogue spatial s’est réuni."),
    Case("glossary-term", "ja", "A space dialogue.", "宇宙対話。"),
    Case("end-punctuation", "ja", "It ended.", "終了しました。"),
    Case("end-punctuation", "fr", 'He said: "Ahead."', f"Il a dit : « En avant.{NBSP}»"),
    Case("end-punctuation", "ja", 'He said: "Ahead!"', "彼は「前進！」と述べました！"),
    Case("end-punctuation", "ja", "Tel:", "電話："),
    Case("end-punctuation", "ja", "Signed by CNES.", "署名者：CNES."),
    Case("end-punctuation", "fr", "CNES contacts", "Contacts CNES"),
    Case(
        "french-spacing", "fr", "He said: 'Why?'", f"Il a dit{NBSP}: «{NBSP}Pourquoi{NNBSP}?{NBSP}»"
    ),
    Case("french-spacing", "fr", "Really?!", f"Vraiment{NNBSP}?!"),
    Case("french-spacing", "fr", "At 10:30, see https://cnes.fr", "À 10:30, voir https://cnes.fr"),
    Case("french-spacing", "fr", "A 3:1 ratio", "Un rapport de 3:1"),
    Case(
        "japanese-punctuation",
        "ja",
        "JAXA grew 4.5%.",
        "宇宙航空研究開発機構（JAXA）は、4.5%成長しました。",
    ),
    Case("japanese-punctuation", "ja", "CNES (France)", "CNES (France) の発表"),
    Case("japanese-punctuation", "ja", "See www.cnes.fr.", "www.cnes.fr をご覧ください。"),
    Case("identical", "fr", "JAXA", "JAXA"),
    Case("identical", "fr", "COP21", "COP21"),
    Case("identical", "fr", "Jean-Yves Le Gall", "Jean-Yves Le Gall"),
    Case("identical", "ja", "+33 1 44 76 75 39", "+33 1 44 76 75 39"),
    Case("length-ratio", "fr", "The meeting was held in Paris.", "La réunion s’est tenue à Paris."),
    Case("length-ratio", "ja", "The meeting was held in Paris.", "会合はパリで開催されました。"),
    Case("length-ratio", "fr", "Tel:", "Numéro de téléphone du service de presse :"),
    # Digits inside words: kept as written, or spaced, or full-width in Japanese.
    Case("numbers", "fr", "Set up for COP21 with the A320.", "Créé pour la COP 21 avec l’A320."),
    Case("numbers", "ja", "The H3 rocket for COP21.", "ＣＯＰ２１に向けたH3ロケット。"),
    # Japanese myriads: the same quantity, not the same digits.
    Case("numbers", "ja", "It costs €18.5 million.", "費用は1,850万ユーロです。"),
    Case("numbers", "ja", "It costs 1.2 billion.", "費用は12億です。"),
    Case("numbers", "ja", "It costs €3 billion.", "費用は30億ユーロです。"),
    Case("numbers", "ja", "It has 2,500,000 users.", "利用者は250万人です。"),
    Case("numbers", "ja", "A budget of 120 million.", "予算は1億2,000万です。"),
    Case("numbers", "en", "費用は1,850万ユーロです。", "It costs €18.5 million.", "ja"),
    Case("numbers", "fr", "It has 2,500,000 users.", "Il compte 2,5 millions d’utilisateurs."),
    Case("doubled-words", "fr", "We meet.", "Nous nous réunissons."),
    Case("doubled-words", "fr", "If you register", "Si vous vous inscrivez"),
    Case("doubled-words", "en", "Elle avait eu", "She had had", "fr"),
    Case("doubled-words", "fr", "A 10 10 score.", "Un score de 10 10."),
    Case("doubled-words", "fr", "Bora Bora.", "Bora Bora."),
    Case("doubled-words", "fr", "No, no.", "Non, non."),
    Case("doubled-words", "ja", "The the agency.", "の の機関。"),
]

FAILING = [
    Case("numbers", "fr", "The budget is 1,200 euros.", f"Le budget est de 1{NNBSP}300 euros."),
    Case("numbers", "fr", "Launched in 2015.", "Lancé en 2016."),
    Case("numbers", "fr", "Growth was 4.5%.", "La croissance a été de 5,4 %."),
    Case("numbers", "ja", "It was held on 11 March.", "三月十一日に開催されました。"),
    Case("dates", "ja", "Signed on 2016-03-11.", "2016年3月12日に署名されました。"),
    Case("dates", "fr", "Signed on 2016-03-11.", "Signé le 11 avril 2016."),
    Case("times", "fr", "Launch at 10:30.", "Lancement à 11 h 30."),
    Case("urls", "fr", "See www.cnes.fr.", "Voir cnes.fr."),
    Case("urls", "ja", "See https://cnes.fr/en.", "詳細はCNESのサイトをご覧ください。"),
    Case("emails", "fr", "Write to presse@cnes.fr.", "Écrivez à press@cnes.fr."),
    Case("phones", "fr", "Call +33 1 44 76 75 39.", "Appelez le +33 1 44 76 75 38."),
    Case("placeholders", "fr", "Launch at 10:30.", "Lancement à ⟦1⟧."),
    Case("placeholders", "fr", "Welcome, {name}!", "Bienvenue !"),
    Case("placeholders", "fr", "%s left", "il reste %d"),
    Case("glossary-dnt", "ja", "CNES and JAXA met.", "CNESと宇宙航空研究開発機構が会談しました。"),
    Case("glossary-dnt", "fr", "CNES met.", "Le Centre national d’études spatiales s’est réuni."),
    Case("glossary-term", "fr", "The space dialogue met.", "Le dialogue sur l’espace s’est réuni."),
    Case("end-punctuation", "ja", "It ended.", "終了しました"),
    Case("end-punctuation", "ja", "It ended.", "終了しました."),
    Case("end-punctuation", "fr", "Did it end?", "C’est fini."),
    Case("end-punctuation", "fr", "CNES contacts", "Contacts CNES."),
    Case("end-punctuation", "fr", "It ended.", "C’est fini。"),
    Case("french-spacing", "fr", "He said: yes", "Il a dit : oui"),
    Case("french-spacing", "fr", "Why?", "Pourquoi?"),
    Case("french-spacing", "fr", "Why?", "Pourquoi ?"),
    Case("french-spacing", "fr", "One; two", "Un; deux"),
    Case("french-spacing", "fr", '"Yes"', f"«{NBSP}Oui »"),
    Case("french-spacing", "fr", '"Yes"', f"« Oui{NBSP}»"),
    Case("japanese-punctuation", "ja", "Japan, France.", "日本,フランス。"),
    Case("japanese-punctuation", "ja", "It ended. Next.", "終了しました.次へ。"),
    Case("japanese-punctuation", "ja", "Really? Yes.", "本当ですか?はい。"),
    Case("japanese-punctuation", "ja", "JAXA (Japan)", "宇宙航空研究開発機構(JAXA)"),
    Case("identical", "fr", "Press release", "Press release"),
    Case("identical", "ja", "The meeting was held in Paris.", "The meeting was held in Paris."),
    Case("length-ratio", "fr", "The meeting was held in Paris on Friday.", "Réunion."),
    Case(
        "length-ratio", "ja", "The meeting was held in Paris.", "会合はパリで開催されました。" * 3
    ),
    Case("length-ratio", "en", "会合はパリで開催されました。", "Meeting.", "ja"),
    Case("numbers", "fr", "Set up for COP21.", "Mis en place pour la COP22."),
    Case("numbers", "fr", "The A320 and Ariane 6.", "L’A321 et Ariane 6."),
    Case("numbers", "ja", "It costs €18.5 million.", "費用は1,800万ユーロです。"),
    Case("numbers", "ja", "It costs 1.2 billion.", "費用は13億です。"),
    Case("numbers", "ja", "It has 2,500,000 users.", "利用者は25万人です。"),
    Case("doubled-words", "fr", "The agencies", "Les des des agences"),
    Case("doubled-words", "en", "Les agences", "The the agencies", "fr"),
    Case("doubled-words", "fr", "We meet.", "Nous nous nous réunissons le le 3 mars."),
]


@pytest.mark.parametrize("case", PASSING, ids=lambda c: f"{c.rule}-{c.lang}")
def test_rule_spares(case: Case) -> None:
    assert problems(case.rule, case.source, case.translation, case.lang, case.source_lang) == []


@pytest.mark.parametrize("case", FAILING, ids=lambda c: f"{c.rule}-{c.lang}")
def test_rule_catches(case: Case) -> None:
    assert problems(case.rule, case.source, case.translation, case.lang, case.source_lang)


def test_every_rule_has_a_pass_and_a_fail_case() -> None:
    # back-translation reads what `translate` found, not the text: tested below.
    judged = set(SEVERITIES) - {"back-translation"}
    assert {c.rule for c in PASSING} == {c.rule for c in FAILING} == judged


def test_back_translation_reports_what_translate_found_on_a_machine_draft() -> None:
    check = {c.name: c for c in registered_checks()}["back-translation"]
    context = CheckContext("en", "fr")
    found = "back-translation drifts from the source (chrF 0.31, below 0.40): Le satellite"
    notes = ("mt: argos translate-en_fr 1.0", f"mt-check: {found}", "mt-check: other")
    draft = CatalogEntry("The satellite", "Le satellite", 7, "machine", notes)
    assert check(draft, context) == [found]
    reviewed = CatalogEntry("The satellite", "Le satellite", 7, "reviewed", notes)
    assert check(reviewed, context) == []  # the reviewer has seen it since


def test_messages_say_what_and_where() -> None:
    assert problems("numbers", "Launched in 2015.", "Lancé en 2016.", "fr") == [
        "number '2015' is not in the translation"
    ]
    assert problems("french-spacing", "Why?", "Pourquoi ?", "fr") == [
        "a plain space before '?': use a no-break space (U+202F or U+00A0) in 'Pourquoi ?'"
    ]
    assert problems("japanese-punctuation", "Japan, France.", "日本,フランス。", "ja") == [
        "half-width ',' in Japanese text: use '、' in '日本,フランス'"
    ]


def test_language_specific_rules_only_judge_their_language() -> None:
    assert problems("french-spacing", "Why?", "本当ですか?", "ja") == []
    assert problems("japanese-punctuation", "Japan, France.", "Japon,France.", "fr") == []


# Silencing ---------------------------------------------------------------------------------


def test_a_comment_silences_one_rule_on_one_entry() -> None:
    context = CheckContext("en", "fr", GLOSSARY)
    wrong = ("Launched in 2015?", "Lancé en 2016?")
    loud = run_checks(entry(*wrong), context)
    assert {p.rule for p in loud} == {"numbers", "french-spacing"}
    quiet = run_checks(entry(*wrong, "reviewed by Anne", "check-ignore: numbers"), context)
    assert quiet == [p for p in loud if p.rule != "numbers"]
    both = run_checks(entry(*wrong, "check-ignore: numbers, french-spacing"), context)
    assert both == []


def test_untranslated_and_obsolete_entries_are_not_checked() -> None:
    context = CheckContext("en", "fr")
    assert run_checks(CatalogEntry("Launched in 2015.", "", 3, "untranslated"), context) == []
    obsolete = CatalogEntry("Launched in 2015.", "Lancé en 2016.", 3, "obsolete")
    assert run_checks(obsolete, context) == []
    draft = CatalogEntry("Launched in 2015.", "Lancé en 2016.", 3, "machine")
    assert [p.rule for p in run_checks(draft, context)] == ["numbers"]


# Registry ----------------------------------------------------------------------------------


class NoExclamation:
    """A third-party check: press releases do not shout."""

    name = "no-exclamation"
    severity: Severity = "warning"

    def __call__(self, entry: CatalogEntry, context: CheckContext) -> list[str]:
        return ["the translation shouts"] if "!" in entry.msgstr else []


@pytest.fixture
def fresh_registry() -> Iterator[None]:
    registered_checks.cache_clear()
    yield
    registered_checks.cache_clear()


def _entry_points(*points: EntryPoint) -> object:
    def select(*, group: str) -> list[EntryPoint]:
        return [p for p in points if p.group == group]

    return select


def test_built_in_rules_and_severities(fresh_registry: None) -> None:
    assert {c.name: c.severity for c in registered_checks()} == SEVERITIES


def test_a_third_party_check_plugs_in_through_its_entry_point(
    fresh_registry: None, monkeypatch: pytest.MonkeyPatch, workspace: Path
) -> None:
    group = "transpress.checks"
    monkeypatch.setattr(
        "transpress.plugins.entry_points",
        _entry_points(
            EntryPoint("no-exclamation", "tests.test_checks:NoExclamation", group),
        ),
    )
    names = [c.name for c in registered_checks()]
    assert names == [*SEVERITIES, "no-exclamation"]
    po_path = workspace / "locale" / "fr" / "LC_MESSAGES" / "pr051-2016.po"
    po = polib.pofile(str(po_path))
    po.find("CNES contacts").msgstr = f"Contacts CNES{NNBSP}!"
    po.save(str(po_path))
    report = check_catalogues(find_workspace(workspace), languages=("fr",))
    assert [(f.rule, f.message) for f in report.findings] == [
        ("end-punctuation", "the translation ends with '!', the source has no end punctuation"),
        ("no-exclamation", "the translation shouts"),
    ]


class Numbers(NoExclamation):
    name = "numbers"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("tests.test_checks:SEVERITIES", "is neither a check nor a factory of checks"),
        # A plug-in cannot replace a built-in rule by taking its name: it is refused.
        ("tests.test_checks:Numbers", "has a check named 'numbers', which another check has"),
        ("tests.no_such_module:Check", "cannot be imported (ModuleNotFoundError: No module"),
    ],
)
def test_an_entry_point_that_is_not_a_usable_check_is_refused_in_one_line(
    fresh_registry: None, monkeypatch: pytest.MonkeyPatch, value: str, why: str
) -> None:
    point = EntryPoint("broken", value, "transpress.checks")
    monkeypatch.setattr("transpress.plugins.entry_points", _entry_points(point))
    with pytest.raises(PluginError) as caught:
        registered_checks()
    assert caught.value.exit_code == 14
    message = caught.value.format()
    assert "\n" not in message and why in message
    assert message.startswith(f"check plug-in 'broken' (an unknown distribution: {value})")


# Workspaces --------------------------------------------------------------------------------


def test_the_reviewed_sample_catalogues_pass(workspace: Path) -> None:
    report = check_catalogues(find_workspace(workspace))
    assert (report.findings, report.catalogues, report.entries) == ((), 2, 36)
    assert exit_code(report) == 0


def test_the_sample_passes_with_a_glossary(workspace: Path) -> None:
    shutil.copy(MINI / "glossary.csv", workspace)
    assert check_catalogues(find_workspace(workspace)).findings == ()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of a reviewed release full of numbers, dates, a URL, an e-mail and a phone."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    return root


def test_the_reviewed_mini_workspace_passes(mini: Path) -> None:
    report = check_catalogues(find_workspace(mini))
    assert (report.findings, report.catalogues, report.entries) == ((), 2, 18)


def corrupt(root: Path, lang: str, replacements: dict[str, str]) -> None:
    """Edit translations of a catalogue as a careless translator would."""
    path = root / "locale" / lang / "LC_MESSAGES" / "pr012-2024.po"
    po = polib.pofile(str(path), wrapwidth=79)
    for entry in po:
        for old, new in replacements.items():
            entry.msgstr = entry.msgstr.replace(old, new)
    po.save(str(path))


def corrupt_mini(root: Path) -> None:
    corrupt(
        root,
        "fr",
        {
            f"1{NNBSP}200": f"1{NNBSP}300",
            "à l’adresse https://cnes.fr/en/lunar-agreement": "sur le site du CNES",
            f"déclaré{NBSP}:": "déclaré :",
        },
    )
    corrupt(
        root,
        "ja",
        {
            "CNESとJAXAは": "CNESと宇宙航空研究開発機構は",
            "新たな章を開くものです。": "新たな章を開くものです.",
        },
    )


def test_a_corrupted_catalogue_is_caught(mini: Path) -> None:
    corrupt_mini(mini)
    report = check_catalogues(find_workspace(mini))
    assert [(f.file, f.rule, f.severity) for f in report.findings] == [
        ("locale/fr/LC_MESSAGES/pr012-2024.po", "numbers", "error"),
        ("locale/fr/LC_MESSAGES/pr012-2024.po", "urls", "error"),
        # A plain space before ':' and a half-width '.' are what publish typesets itself.
        ("locale/fr/LC_MESSAGES/pr012-2024.po", "french-spacing", "info"),
        ("locale/ja/LC_MESSAGES/pr012-2024.po", "glossary-dnt", "error"),
        ("locale/ja/LC_MESSAGES/pr012-2024.po", "end-punctuation", "info"),
    ]
    assert (report.errors, report.warnings, report.infos) == (3, 0, 2)
    assert exit_code(report) == CHECK_ERRORS_EXIT_CODE
    _assert_golden(render_text(report), GOLDEN / "checks" / "pr012-2024.corrupted.txt")


def test_only_the_named_languages_are_checked(mini: Path) -> None:
    corrupt_mini(mini)
    report = check_catalogues(find_workspace(mini), ["pr012-2024"], languages=("ja",))
    assert {f.file for f in report.findings} == {"locale/ja/LC_MESSAGES/pr012-2024.po"}
    assert report.catalogues == 1


def test_warnings_alone_have_their_own_exit_code(mini: Path) -> None:
    # No full stop at all: publish cannot add one (a half-width one it would widen).
    corrupt(mini, "ja", {"新たな章を開くものです。」": "新たな章を開くものです」"})
    report = check_catalogues(find_workspace(mini))
    assert (report.errors, report.warnings) == (0, 1)
    assert exit_code(report) == CHECK_WARNINGS_EXIT_CODE
    assert exit_code(report, fail_on="error") == 0


def _assert_golden(actual: str, golden: Path) -> None:
    if os.environ.get("TRANSPRESS_REGENERATE"):
        golden.write_text(actual, "utf-8")
    assert actual == golden.read_text("utf-8")


# Report formats ----------------------------------------------------------------------------

REPORT = CheckReport(
    (
        Finding(
            "locale/fr/LC_MESSAGES/x.po",
            42,
            "CNES President Jean-Yves Le Gall commented: \"I'm honoured",
            "french-spacing",
            "error",
            "a plain space before ':'",
        ),
        Finding("locale/ja/LC_MESSAGES/x.po", 7, "Tel:", "end-punctuation", "warning", "use '：'"),
    ),
    catalogues=2,
    entries=12,
)


def test_text_report() -> None:
    assert render_text(REPORT) == (
        "locale/fr/LC_MESSAGES/x.po:42: error: french-spacing: a plain space before ':'"
        "  [msgid: CNES President Jean-Yves Le Gall commen…]\n"
        "locale/ja/LC_MESSAGES/x.po:7: warning: end-punctuation: use '：'  [msgid: Tel:]\n"
        "1 error, 1 warning in 2 catalogues (12 entries checked)\n"
    )
    assert render_report(REPORT) == render_text(REPORT)


def test_json_report() -> None:
    document = json.loads(render_json(REPORT))
    assert (document["errors"], document["warnings"], document["entries"]) == (1, 1, 12)
    assert document["findings"][1] == {
        "file": "locale/ja/LC_MESSAGES/x.po",
        "line": 7,
        "msgid": "Tel:",
        "rule": "end-punctuation",
        "severity": "warning",
        "message": "use '：'",
    }


def test_csv_report() -> None:
    lines = render_csv(REPORT).splitlines()
    assert lines[0] == "file,line,severity,rule,message,msgid"
    assert lines[2] == "locale/ja/LC_MESSAGES/x.po,7,warning,end-punctuation,use '：',Tel:"
    assert render_report(REPORT, "csv") == render_csv(REPORT)


def test_problem_is_a_value() -> None:
    assert Problem("numbers", "error", "x") == Problem("numbers", "error", "x")


# Pre-commit and CLI ------------------------------------------------------------------------


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "transpress-check")
    assert hook["entry"] == "transpress check"
    assert (hook["language"], hook["files"], hook["pass_filenames"]) == ("python", r"\.po$", False)


@pytest.mark.skipif("check" not in cli.commands, reason="`transpress check` is not wired yet")
def test_check_command_stops_a_bad_commit(mini: Path, run: Run) -> None:
    assert run("-C", mini, "check").code == 0
    corrupt_mini(mini)
    result = run("-C", mini, "check")
    assert result.code == CHECK_ERRORS_EXIT_CODE
    assert result.out == (GOLDEN / "checks" / "pr012-2024.corrupted.txt").read_text("utf-8")
    as_json = run("-C", mini, "check", "--format", "json")
    assert as_json.code == CHECK_ERRORS_EXIT_CODE
    assert '"errors": 3,\n  "warnings": 0,\n  "infos": 2,' in as_json.out


# Judged as published; digits in words; doubled words; myriads; terms glued to Japanese -----

PR014 = GOLDEN / "checks" / "pr014-2024"
FR14, JA14 = "locale/fr/LC_MESSAGES/pr014-2024.po", "locale/ja/LC_MESSAGES/pr014-2024.po"
POFILTER = Path(sys.executable).parent / "pofilter"


@pytest.fixture
def pr014(tmp_path: Path) -> Path:
    """A reviewed release with COP29, H3, €18.5 million, 2,500,000, a quotation and a
    question, its French typed with plain spaces, its Japanese in myriads (1,850万)."""
    root = tmp_path / "pr014"
    shutil.copytree(PR014, root)
    return root


def retranslate(root: Path, catalogue: str, msgid_start: str, old: str, new: str) -> None:
    """Change one reviewed translation as a translator would in a PO editor."""
    po = polib.pofile(str(root / catalogue), wrapwidth=79)
    (found,) = [e for e in po if e.msgid.startswith(msgid_start)]
    assert old in found.msgstr, found.msgstr
    found.msgstr = found.msgstr.replace(old, new)
    po.save(str(root / catalogue))


def finding_lines(out: str) -> list[str]:
    """The report's finding lines, without the summary."""
    return out.splitlines()[:-1]


def test_what_publish_typesets_itself_is_only_information(pr014: Path, run: Run) -> None:
    result = run("-C", pr014, "check")
    assert result.code == 0
    _assert_golden(result.out, GOLDEN / "checks" / "pr014-2024.check.txt")
    assert result.out.splitlines()[-1] == (
        "0 errors, 0 warnings, 3 for information in 2 catalogues (18 entries checked)"
    )
    assert all(": info: " in line for line in finding_lines(result.out))
    document = json.loads(run("-C", pr014, "check", "--format", "json").out)
    assert (document["errors"], document["warnings"], document["infos"]) == (0, 0, 3)
    # …and publish does fix them: what it prints is what check judged.
    assert run("-C", pr014, "publish", "--no-translate").code == 0
    french = (pr014 / "output" / "pr014-2024" / "fr.txt").read_text("utf-8")
    assert f"temps{NNBSP}?" in french and f"déclaré{NBSP}: «" in french
    assert "間に合うでしょうか？" in (pr014 / "output" / "pr014-2024" / "ja.txt").read_text("utf-8")


def test_what_publish_cannot_fix_stays_an_error(pr014: Path, run: Run) -> None:
    # A phone line's label is not typeset; a colon glued to what follows is left as it is.
    retranslate(pr014, FR14, "Tel:", f"Tél.{NBSP}:", "Tél. :")
    retranslate(pr014, FR14, "CNES President", f"déclaré : «{NBSP}", f"déclaré :«{NBSP}")
    result = run("-C", pr014, "check", "--lang", "fr")
    assert result.code == CHECK_ERRORS_EXIT_CODE
    assert finding_lines(result.out) == [
        f"{FR14}:53: info: french-spacing: a plain space before '?': use a no-break space "
        "(U+202F or U+00A0) in 'a-t-il prêt à temps ?'; publish fixes it  "
        "[msgid: Will it be ready in time?]",
        f"{FR14}:58: error: french-spacing: a plain space before ':': use a no-break space "
        "(U+00A0 or U+202F) in 'Baptiste, a déclaré :«⍽'  "
        "[msgid: CNES President Philippe Baptiste commen…]",
        f"{FR14}:72: error: french-spacing: a plain space before ':': use a no-break space "
        "(U+00A0 or U+202F) in 'Tél. :'  [msgid: Tel:]",
    ]


def test_changed_digits_inside_words_are_caught_as_pofilter_catches_them(
    pr014: Path, run: Run, tmp_path: Path
) -> None:
    retranslate(pr014, FR14, "CNES and JAXA will", "COP29", "COP30")
    retranslate(pr014, JA14, "JAXA's H3", "H3", "H2")
    result = run("-C", pr014, "check", "--fail-on", "error")
    assert result.code == CHECK_ERRORS_EXIT_CODE
    assert [line for line in finding_lines(result.out) if ": numbers: " in line] == [
        f"{FR14}:23: error: numbers: number '29' in 'COP29' is not in the translation  "
        "[msgid: CNES and JAXA will present their joint …]",
        f"{JA14}:41: error: numbers: number '3' in 'H3' is not in the translation  "
        "[msgid: JAXA's H3 rocket will launch the satell…]",
    ]
    for catalogue, msgid in ((FR14, "CNES and JAXA will"), (JA14, "JAXA's H3")):
        assert msgid in _pofilter(pr014 / catalogue, "numbers", tmp_path)


def test_doubled_words_are_caught_but_reflexive_verbs_are_not(
    pr014: Path, run: Run, tmp_path: Path
) -> None:
    quote = "CNES President"
    # pofilter has no exception for French reflexive verbs: "Nous nous réunissons" fails it.
    assert "The word 'nous' is repeated" in _pofilter(pr014 / FR14, "doublewords", tmp_path)
    assert run("-C", pr014, "check").code == 0
    retranslate(pr014, FR14, quote, "avec de nouvelles", "avec des des nouvelles")
    result = run("-C", pr014, "check")
    assert result.code == CHECK_WARNINGS_EXIT_CODE
    assert [line for line in finding_lines(result.out) if ": info: " not in line] == [
        f"{FR14}:58: warning: doubled-words: doubled word 'des des'  "
        "[msgid: CNES President Philippe Baptiste commen…]"
    ]


def test_japanese_myriads_are_the_same_quantity(pr014: Path, run: Run) -> None:
    # The reviewed Japanese writes €18.5 million as 1,850万, 1.2 billion as 12億, €3 billion
    # as 30億 and 2,500,000 as 250万: no finding (the golden report above has none).
    assert ": numbers: " not in run("-C", pr014, "check").out
    retranslate(pr014, JA14, "Its first phase", "1,850万", "1,800万")
    retranslate(pr014, JA14, "A €3 billion", "250万人", "25万人")
    result = run("-C", pr014, "check", "--lang", "ja")
    assert result.code == CHECK_ERRORS_EXIT_CODE
    assert [line for line in finding_lines(result.out) if ": numbers: " in line] == [
        f"{JA14}:29: error: numbers: number '€18.5 million' is not in the translation  "
        "[msgid: Its first phase will cost €18.5 million…]",
        f"{JA14}:36: error: numbers: number '2,500,000' is not in the translation  "
        "[msgid: A €3 billion fund will let 2,500,000 st…]",
    ]


def test_glossary_terms_glued_to_japanese_are_found(pr014: Path, run: Run) -> None:
    # CNESトゥールーズ holds the do-not-translate CNES and the glossary's トゥールーズ for
    # Toulouse; JAXAの, CNESとJAXAは: a change of script is a word boundary, both ways.
    assert ": glossary-" not in run("-C", pr014, "check").out
    retranslate(pr014, JA14, "JAXA's H3", "JAXAのH3", "JAXASのH3")  # a longer Latin word
    retranslate(pr014, JA14, "JAXA's H3", "CNESトゥールーズ", "CNESツールーズ")  # misspelt
    result = run("-C", pr014, "check", "--lang", "ja")
    assert result.code == CHECK_ERRORS_EXIT_CODE
    assert [line for line in finding_lines(result.out) if ": glossary-" in line] == [
        f"{JA14}:41: error: glossary-dnt: do-not-translate term 'JAXA' is missing or changed  "
        "[msgid: JAXA's H3 rocket will launch the satell…]",
        f"{JA14}:41: warning: glossary-term: glossary: 'Toulouse' should be translated as "
        "'トゥールーズ'  [msgid: JAXA's H3 rocket will launch the satell…]",
    ]


def _pofilter(po: Path, test: str, tmp_path: Path) -> str:
    """What translate-toolkit's pofilter keeps of a catalogue for one test: the units that
    fail it, each with a `# (pofilter) test: why` comment."""
    out = tmp_path / f"{po.parent.parent.name}-{test}.po"
    subprocess.run(
        [str(POFILTER), "--progress=none", "-t", test, str(po), str(out)],
        check=True,
        capture_output=True,
    )
    return out.read_text("utf-8")


# The pure helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "values"),
    [
        ("€18.5 million and 1.2bn", "en", ["18500000", "1200000000"]),
        ("1,850万ユーロと12億", "ja", ["18500000", "1200000000"]),
        ("1億2,000万人", "ja", ["120000000"]),
        ("３０億ユーロ", "ja", ["3000000000"]),
        ("18,5 millions et 1,2 milliard", "fr", ["18500000", "1200000000"]),
        ("2 500 000 élèves, 4.5 %", "fr", ["2500000", "4.5"]),
        ("a 5 m mast and a 3k run, €5m", "en", ["5", "3", "5000000"]),
    ],
)
def test_quantities(text: str, lang: str, values: list[str]) -> None:
    assert [f"{q.value:f}" for q in quantities(text, lang)] == values


def test_mixed_tokens_are_words_of_letters_and_digits_outside_spans() -> None:
    assert mixed_tokens("COP21, the A320neo, H3ロケット and 4G.") == (
        "COP21",
        "A320neo",
        "H3",
        "4G",
    )
    assert mixed_tokens("At 10h30, 5km from www.cop21.fr or cop21@un.org; Ariane 6") == ()


def test_doubled_words_are_pairs_of_the_same_word() -> None:
    assert doubled_words("the The agency") == ["the The"]
    assert doubled_words("des\u00a0des, non, non, 10 10, aujourd’hui aujourd’hui") == [
        "des\u00a0des",
        "aujourd’hui aujourd’hui",
    ]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("CNESトゥールーズで", "CNES"),  # katakana after
        ("JAXAの代表", "JAXA"),  # hiragana after
        ("宇宙CNES", "CNES"),  # kanji before
        ("「CNES」", "CNES"),
        ("CNESトゥールーズで", "トゥールーズ"),  # a Japanese term inside Japanese text
    ],
)
def test_a_change_of_script_is_a_term_boundary(text: str, term: str) -> None:
    assert contains_term(text, term) and terms_in(text, (term,)) == {term}


def test_a_longer_latin_word_is_not_the_term() -> None:
    assert not contains_term("CNESSトゥールーズ", "CNES") and not contains_term("JAXA2", "JAXA")


def test_typographic_checks_judge_the_typeset_translation() -> None:
    context = CheckContext("en", "fr")
    plain = CatalogEntry("Why?", "Pourquoi ?", 3, "reviewed", extracted="paragraph")
    assert run_checks(plain, context) == [
        Problem(
            "french-spacing",
            "info",
            "a plain space before '?': use a no-break space (U+202F or U+00A0) in "
            "'Pourquoi ?'; publish fixes it",
        )
    ]
    label = CatalogEntry("Tel:", "Tél. :", 3, "reviewed", extracted="phone")
    assert [p.severity for p in run_checks(label, context)] == ["error"]  # not typeset
    assert published_entry(label, "fr") is label
    left = CatalogEntry("Say: yes?", "Dites :«\u00a0oui\u00a0» ?", 3, "reviewed", extracted="quote")
    assert [(p.rule, p.severity) for p in run_checks(left, context)] == [
        ("french-spacing", "error")  # the colon publish cannot fix; the '?' it can
    ]


def test_a_check_that_is_not_typographic_judges_the_text_as_written() -> None:
    seen: list[str] = []

    def straight(entry: CatalogEntry, context: CheckContext) -> list[str]:
        seen.append(entry.msgstr)
        return ["a straight apostrophe"] if "'" in entry.msgstr else []

    written = CatalogEntry("It's here", "C'est là ?", 3, "reviewed", extracted="paragraph")
    context = CheckContext("en", "fr")
    assert run_checks(written, context, [Rule("plain", "warning", straight)]) == [
        Problem("plain", "warning", "a straight apostrophe")
    ]
    typographic = Rule("typographic", "warning", straight, typographic=True)
    assert run_checks(written, context, [typographic]) == [
        Problem("typographic", "info", "a straight apostrophe; publish fixes it")
    ]
    assert seen == ["C'est là ?", "C'est là ?", f"C’est là{NNBSP}?"]
