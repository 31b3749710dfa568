"""The segmentation defect classes of issue 12, each with sentences written for this project.

Each class has sentences in every language where it occurs; the expected segments are what a
translator should get. The last tests are properties: a sentence that ends on a company
suffix, a time, a place or an ordinary word splits from any following sentence that opens
with a capitalised word (or a number, after a name or a time), and initials never split from
the name they begin.
"""

from __future__ import annotations

import itertools

import pytest

from transpress.segment import join_sentences, split_sentences

Case = tuple[str, list[str]]


def _one(text: str) -> Case:
    """A text that is one sentence."""
    return text, [text]


def _ids(cases: list[Case]) -> list[str]:
    return [text[:50] for text, _ in cases]


# An initial followed by an initial whose letter is also a one-letter word ("A", "I", "S"
# French "s'", "C" French "c'"), or by a word that is also a surname ("May").
INITIALS = [
    _one("The programme was led by A. S. Kiran Kumar until 2015."),
    _one("Former congressman J. C. Watts opened the session."),
    _one("The essayist H. L. Mencken covered the trial."),
    _one("Nelson Peltz and Peter W. May signed the agreement."),
    _one("The prize went to I. A. Richards and L. S. Lowry."),
    (
        "The award honours A. S. Kiran Kumar. He chaired ISRO for three years.",
        ["The award honours A. S. Kiran Kumar.", "He chaired ISRO for three years."],
    ),
    (
        "We make a good team, you and I. Did you meet Albert I. Jones?",
        ["We make a good team, you and I.", "Did you meet Albert I. Jones?"],
    ),
    (
        "The backup plan is plan B. The team hopes it will not be needed.",
        ["The backup plan is plan B.", "The team hopes it will not be needed."],
    ),
]
INITIALS_FR = [
    _one("La médaille a été remise à J. C. Martin et à A. S. Kumar."),
    _one("Le rapport de M. J. P. Dupont a été publié hier."),
    (
        "L'étude est signée H. L. Moreau. Elle paraîtra en juin.",
        ["L'étude est signée H. L. Moreau.", "Elle paraîtra en juin."],
    ),
]

# A sentence ending on a company suffix, "U.S.", "D.C." or "p.m." splits when the next token
# opens a sentence; it does not inside a name, a title or a time.
NAME_ENDS = [
    (
        "The probe was built by Orbital Dynamics Co. NASA will operate it from Houston.",
        ["The probe was built by Orbital Dynamics Co.", "NASA will operate it from Houston."],
    ),
    (
        "The contract went to Lumen Space Inc. Deliveries begin in March.",
        ["The contract went to Lumen Space Inc.", "Deliveries begin in March."],
    ),
    (
        "Shares rose at Aster Systems Corp. Analysts expect more orders.",
        ["Shares rose at Aster Systems Corp.", "Analysts expect more orders."],
    ),
    (
        "The tender was won by Kestrel Ltd. Kestrel will hire 200 engineers.",
        ["The tender was won by Kestrel Ltd.", "Kestrel will hire 200 engineers."],
    ),
    (
        'The deal was signed with Acme Corp. "We are proud," its chief executive said.',
        ["The deal was signed with Acme Corp.", '"We are proud," its chief executive said.'],
    ),
    (
        "The first payload belongs to Helios Inc. 2026 will see two more.",
        ["The first payload belongs to Helios Inc.", "2026 will see two more."],
    ),
    (
        "Engines, tanks, valves, etc. Europe builds them all.",
        ["Engines, tanks, valves, etc.", "Europe builds them all."],
    ),
    (
        "The rover was assembled in the U.S. 20 universities contributed instruments.",
        ["The rover was assembled in the U.S.", "20 universities contributed instruments."],
    ),
    (
        'The lander was tested in the U.S. "It passed every test," the engineers said.',
        ["The lander was tested in the U.S.", '"It passed every test," the engineers said.'],
    ),
    (
        "The hearing takes place in Washington, D.C. Reporters may attend.",
        ["The hearing takes place in Washington, D.C.", "Reporters may attend."],
    ),
    (
        "The briefing ends at 7 p.m. Journalists can then ask questions.",
        ["The briefing ends at 7 p.m.", "Journalists can then ask questions."],
    ),
    (
        "Doors close at 6 p.m. NASA will stream the launch.",
        ["Doors close at 6 p.m.", "NASA will stream the launch."],
    ),
    _one("Acme Inc. (NYSE: ACME) signed the launch contract."),
    _one("The order went to Mitsubishi Co. Ltd. of Tokyo last week."),
    _one("The unit of Lumen Corp. said it would hire staff."),
    _one("The briefing starts at 7 p.m. ET on Monday."),
    _one("Bids must arrive by 1 p.m. EST Friday at the agency."),
    _one("Doors open at 5 p.m. Eastern time for the public."),
    _one("At 5 a.m. Mr. Ito left the control room."),
    _one("The bill was filed by U.S. Rep. Jane Roe and U.S. Sens. Smith and Ito."),
    _one("The case was handed to Det. Sgt. Alan Shore last year."),
    _one("Meanwhile, U.S. Attorney Jane Roe reviewed the file."),
    _one("The town (pop. 12,000) hosts the tracking station."),
    _one("She holds a Ph. D. in astrophysics from Kyoto University."),
    _one("He works for the U.S. Government in Virginia."),
    _one("He has lived in the U.S. for twenty years."),
    # A title is capitalised; in capitals it is an acronym that can end a sentence.
    (
        "Questions go to the agency's PR. The team answers within a day.",
        ["Questions go to the agency's PR.", "The team answers within a day."],
    ),
]
NAME_ENDS_FR = [
    (
        "Le contrat a été attribué à Orbital Dynamics Co. Le lancement est prévu en mai.",
        ["Le contrat a été attribué à Orbital Dynamics Co.", "Le lancement est prévu en mai."],
    ),
    (
        "Moteurs, réservoirs, vannes, etc. L'Europe les fabrique tous.",
        ["Moteurs, réservoirs, vannes, etc.", "L'Europe les fabrique tous."],
    ),
    _one("La filiale de Lumen Inc. a recruté cent ingénieurs."),
    # "Sens." is senators in English only; in French it is the town of Sens.
    (
        "La cathédrale se trouve à Sens. Le maire l'a fait restaurer.",
        ["La cathédrale se trouve à Sens.", "Le maire l'a fait restaurer."],
    ),
]

# Ordinary words that are also abbreviations only in their abbreviation context: before a
# number ("No. 5", "vol. 3", "art. 12"), a numeral letter ("art. L. 121") or a date.
ORDINARY_WORDS = [
    (
        "The forecast promises plenty of sun. Read the bulletin for the details.",
        ["The forecast promises plenty of sun.", "Read the bulletin for the details."],
    ),
    (
        "The pilot was taken ill. Ground control took over the approach.",
        ["The pilot was taken ill.", "Ground control took over the approach."],
    ),
    (
        "The shop closes early on wed. Call ahead before you visit.",
        ["The shop closes early on wed.", "Call ahead before you visit."],
    ),
    (
        "The exhibition is about space and art. Entry is free for students.",
        ["The exhibition is about space and art.", "Entry is free for students."],
    ),
    (
        "Turn the volume to the max. Then wait for the countdown.",
        ["Turn the volume to the max.", "Then wait for the countdown."],
    ),
    (
        "The engineers said no. No launch will take place this week.",
        ["The engineers said no.", "No launch will take place this week."],
    ),
    (
        "The winds come from the west. Vol. 3 of the atlas shows them.",
        ["The winds come from the west.", "Vol. 3 of the atlas shows them."],
    ),
    _one("Decree No. 5 of the agency applies to launches."),
    _one("See vol. 3, art. 12 and fig. 4 of the annual report."),
    _one("The board meets on Wed. Oct. 4 at the Toulouse centre."),
    _one("The hall holds max. 40 people at a time."),
    _one("The town was est. 1820 on the river bank."),
    _one("Call Tel. +33 1 44 76 75 39 for accreditation."),
]
ORDINARY_WORDS_FR = [
    (
        "Le ministre a visité Sarajevo, d'où il est. Bajevic l'accompagnait.",
        ["Le ministre a visité Sarajevo, d'où il est.", "Bajevic l'accompagnait."],
    ),
    (
        "Le vent souffle de l'est. Les ballons partiront demain.",
        ["Le vent souffle de l'est.", "Les ballons partiront demain."],
    ),
    (
        "Le musée consacre une salle à l'art. Elle ouvre lundi.",
        ["Le musée consacre une salle à l'art.", "Elle ouvre lundi."],
    ),
    _one("Voir l'art. 12 du règlement et l'art. L. 121-1 du code."),
    _one("La salle accueille max. 40 personnes et le vol. 3 est épuisé."),
    (
        "« Répondez donc à la question ! » - et la salle a applaudi.",
        ["« Répondez donc à la question ! » - et la salle a applaudi."],
    ),
]

# Japanese quotations, quoting particles and Latin words.
JAPANESE = [
    (
        "長官は「計画は順調だ。」ところが翌日、問題が見つかった。",
        ["長官は「計画は順調だ。」", "ところが翌日、問題が見つかった。"],
    ),
    (
        "「準備はすべて整った。」では、次の議題に移ります。",
        ["「準備はすべて整った。」", "では、次の議題に移ります。"],
    ),
    (
        "所長は「試験は成功した。」でも課題は残る。",
        ["所長は「試験は成功した。」", "でも課題は残る。"],
    ),
    _one("長官は「計画は順調だ。」と述べた。"),
    _one("誰もが「本当に？」 と聞き返した。"),
    _one("会場の誰もがすごい！と言った。"),
    _one("本当に飛ぶのか？って思った。"),
    _one("研究者は「見事だ！」という声を上げた。"),
    _one('彼は"最高の結果だ。"と語った。'),
    (
        "誰もがすごい！とても良い結果だ。",
        ["誰もがすごい！", "とても良い結果だ。"],
    ),
    (
        '新型は来月発売される。"スカイ"は人気の機種だ。',
        ["新型は来月発売される。", '"スカイ"は人気の機種だ。'],
    ),
    _one("レッツGO!キャンペーンが始まった。"),
    _one("レッツGO！キャンペーンが始まった。"),
    _one("彼はCiao!と挨拶して会見を始めた。"),
    _one("Ciao! 今日はイタリアとの協力を祝う日だ。"),
    _one("将来の計画が重要...健康についても話した。"),
    _one("結果は…まだ分からない。"),
    _one("詳細はYahoo!ニュースで確認できる。"),
]


@pytest.mark.parametrize(("text", "expected"), INITIALS, ids=_ids(INITIALS))
def test_initials_en(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), INITIALS_FR, ids=_ids(INITIALS_FR))
def test_initials_fr(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "fr") == expected


@pytest.mark.parametrize(("text", "expected"), NAME_ENDS, ids=_ids(NAME_ENDS))
def test_name_ends_en(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), NAME_ENDS_FR, ids=_ids(NAME_ENDS_FR))
def test_name_ends_fr(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "fr") == expected


@pytest.mark.parametrize(("text", "expected"), ORDINARY_WORDS, ids=_ids(ORDINARY_WORDS))
def test_ordinary_words_en(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), ORDINARY_WORDS_FR, ids=_ids(ORDINARY_WORDS_FR))
def test_ordinary_words_fr(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "fr") == expected


@pytest.mark.parametrize(("text", "expected"), JAPANESE, ids=_ids(JAPANESE))
def test_japanese(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "ja") == expected


# --- properties -------------------------------------------------------------------------

_ENDINGS = [
    "The probe was built by Orbital Dynamics Co.",
    "The contract went to Lumen Space Inc.",
    "Shares rose at Aster Systems Corp.",
    "The tender was won by Kestrel Ltd.",
    "The review covered engines, tanks, valves, etc.",
    "The briefing ends at 7 p.m.",
]
# A place ("D.C.") or a word that is also an abbreviation ("ill.", "sun.") is one before a
# number ("Washington, D.C. 20546", "vol. 3"): these split before any opening but a number.
_WORD_ENDINGS = [
    "The hearing takes place in Washington, D.C.",
    "The pilot was taken ill.",
    "The forecast promises plenty of sun.",
]
# Sentences opening with a capitalised word that is not a title, an abbreviation, a time
# zone or an opening bracket.
_OPENINGS = [
    "NASA will operate it.",
    "Deliveries begin in March.",
    "Analysts expect more orders.",
    "Kestrel will hire 200 engineers.",
    '"We are proud," the director said.',
    "2026 will see two more launches.",
    "Europe builds them all.",
    "The minister welcomed the news.",
    "Ground control took over.",
]


@pytest.mark.parametrize("ending", _ENDINGS)
def test_name_end_splits_before_any_opening(ending: str) -> None:
    for opening in _OPENINGS:
        assert split_sentences(f"{ending} {opening}", "en") == [ending, opening]


@pytest.mark.parametrize("ending", _WORD_ENDINGS)
def test_word_splits_before_any_opening_but_a_number(ending: str) -> None:
    for opening in _OPENINGS:
        expected = [f"{ending} {opening}"] if opening[0].isdigit() else [ending, opening]
        assert split_sentences(f"{ending} {opening}", "en") == expected


_GIVEN = ["Peter", "Anna", "J.", "Nelson"]
_LETTERS = ["A", "I", "S", "C", "L", "W", "J"]
_SURNAMES = ["May", "Kumar", "Watts", "Will", "Still", "Mencken"]


def test_initials_never_split_from_their_name() -> None:
    for given, a, b, surname in itertools.product(_GIVEN, _LETTERS, _LETTERS, _SURNAMES):
        for name in (f"{given} {a}. {surname}", f"{given} {a}. {b}. {surname}"):
            text = f"The award went to {name} last year."
            assert split_sentences(text, "en") == [text], name


@pytest.mark.parametrize("cases", [NAME_ENDS, ORDINARY_WORDS, INITIALS])
def test_round_trip(cases: list[Case]) -> None:
    for text, expected in cases:
        assert join_sentences(split_sentences(text, "en"), "en") == text
        assert join_sentences(expected, "en") == text
