"""Generated sequences of everything that happens to a release and its catalogues: source
edits and their undoing, extract, translate (a real tiny model), publish, translators'
edits (a review, a comment, a context entry, a plural entry), a save during a run, and a
catalogue taken back from history. After every step:

- every catalogue passes GNU `msgfmt --check`;
- no reviewed translation disappears: while its sentence is in the source it is still the
  reviewed translation of that sentence; once the sentence is gone it is still in the file
  (obsolete, or the starting point of the sentence that replaced it);
- entries transpress did not extract (contexts, plural forms) keep their translations;
- the source-language text edition equals the source.

A hundred sequences run with the suite; TRANSPRESS_PROPERTY_EXAMPLES=2000 runs a long
campaign (see README).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from transpress.catalog import read_catalog
from transpress.cli import main
from transpress.translate import translate_releases
from transpress.units import translation_units
from transpress.workspace import find_workspace

from .conftest import REPO, install_with_argos
from .tools import msgfmt_check

SEED = "pr051-2016"
LANGS = ("fr", "ja")
EXAMPLES = int(os.environ.get("TRANSPRESS_PROPERTY_EXAMPLES", "100"))
WORDS = ("very", "new", "first", "Paris", "space", "joint", "2016")


def transpress(*args: str | Path) -> int:
    """Run the CLI in this process (as the other tests do), quietly; return its exit code."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            return int(main([str(a) for a in args]) or 0)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 1


class SavesMidRun:
    """A translator who reviews one entry in their PO editor while translate runs."""

    def __init__(self, machine: Workflow, lang: str):
        self.machine, self.lang, self.done = machine, lang, False

    def start(self, total: int, label: str, *, done: int = 0) -> None:
        if not self.done:
            self.machine.review_first_pending(self.lang, mark="pendant la traduction")
            self.done = True

    def working(self) -> None:
        pass

    def advance(self, count: float) -> None:
        pass


class Workflow(RuleBasedStateMachine):
    """One workspace, the sample release in it, and what everyone does to it."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="transpress-workflow-")) / "ws"
        self.root.mkdir()
        shutil.copy(REPO / "transpress.toml", self.root)
        shutil.copytree(REPO / "sources", self.root / "sources")
        shutil.copytree(REPO / "locale", self.root / "locale")
        self.source = self.root / "sources" / f"{SEED}.txt"
        self.edits: list[tuple[str, str]] = []
        self.reviewed: dict[tuple[str, str], str] = {}  # (lang, msgid) → reviewed msgstr
        self.foreign: dict[str, str] = {}  # msgid → translation, in every catalogue
        self.history: list[dict[str, bytes]] = []
        self.counter = 0
        self.published = False

    @initialize()
    def remember_the_sample(self) -> None:
        for lang in LANGS:
            catalogue = read_catalog(self.po(lang))
            assert catalogue is not None
            for entry in catalogue.active:
                if entry.msgstr and not entry.fuzzy:
                    self.reviewed[lang, entry.msgid] = entry.msgstr
        self.keep_history()

    def teardown(self) -> None:
        shutil.rmtree(self.root.parent, ignore_errors=True)

    def po(self, lang: str) -> Path:
        return self.root / "locale" / lang / "LC_MESSAGES" / f"{SEED}.po"

    def keep_history(self) -> None:
        self.history.append({lang: self.po(lang).read_bytes() for lang in LANGS})

    def segments(self) -> set[str]:
        workspace = find_workspace(self.root)
        return {u.msgid for u in translation_units(workspace.read_release(self.source))}

    # --- the editor ---------------------------------------------------------------

    @rule(index=st.integers(0, 40), word=st.sampled_from(WORDS))
    def edit_a_sentence(self, index: int, word: str) -> None:
        text = self.source.read_text("utf-8")
        sentences = sorted(s for s in self.segments() if " " in s and s in text)
        if not sentences:
            return
        old = sentences[index % len(sentences)]
        head, _, tail = old.partition(" ")
        new = f"{head} {word} {tail}"
        self.source.write_text(text.replace(old, new, 1), "utf-8")
        self.edits.append((old, new))

    @precondition(lambda self: bool(self.edits))
    @rule()
    def undo_the_last_edit(self) -> None:
        old, new = self.edits.pop()
        text = self.source.read_text("utf-8")
        if new in text:
            self.source.write_text(text.replace(new, old, 1), "utf-8")

    # --- transpress ---------------------------------------------------------------

    @rule()
    def extract(self) -> None:
        assert transpress("-C", self.root, "extract") == 0

    @rule()
    def translate(self) -> None:
        assert transpress("-C", self.root, "translate") == 0

    @rule(lang=st.sampled_from(LANGS))
    def translate_while_a_translator_saves(self, lang: str) -> None:
        workspace = find_workspace(self.root)
        translate_releases(workspace, languages=[lang], progress=SavesMidRun(self, lang))

    @rule()
    def publish(self) -> None:
        assert transpress("-C", self.root, "publish") == 0
        self.published = True

    # --- translators --------------------------------------------------------------

    @rule(lang=st.sampled_from(LANGS), index=st.integers(0, 40))
    def review_an_entry(self, lang: str, index: int) -> None:
        po = polib.pofile(str(self.po(lang)))
        active = [e for e in po if not e.obsolete and not e.msgctxt and not e.msgid_plural]
        if not active:
            return
        entry = active[index % len(active)]
        self.counter += 1
        entry.msgstr = f"relu {self.counter}: {entry.msgstr or entry.msgid}"
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        po.save()
        self.reviewed[lang, entry.msgid] = entry.msgstr
        self.keep_history()

    def review_first_pending(self, lang: str, *, mark: str) -> None:
        po = polib.pofile(str(self.po(lang)))
        entry = next((e for e in po if not e.obsolete and not e.msgstr), None)
        if entry is None:
            return
        self.counter += 1
        entry.msgstr = f"{mark} {self.counter}"
        po.save()
        self.reviewed[lang, entry.msgid] = entry.msgstr

    @rule(lang=st.sampled_from(LANGS), index=st.integers(0, 40))
    def comment_an_entry(self, lang: str, index: int) -> None:
        po = polib.pofile(str(self.po(lang)))
        active = [e for e in po if not e.obsolete]
        if active:
            active[index % len(active)].tcomment = f"Marie: note {index}"
            po.save()

    @precondition(lambda self: len(self.foreign) < 4)
    @rule(plural=st.booleans())
    def add_an_entry_transpress_did_not_extract(self, plural: bool) -> None:
        self.counter += 1
        msgid = f"{{n}} delegate {self.counter}"
        translation = f"{{n}} délégué {self.counter}"
        for lang in LANGS:
            po = polib.pofile(str(self.po(lang)))
            if plural:  # as many forms as the language has (Japanese: one)
                forms = {0: translation} if lang == "ja" else {0: translation, 1: translation + "s"}
                po.append(polib.POEntry(msgid=msgid, msgid_plural=msgid + "s", msgstr_plural=forms))
            else:
                po.append(polib.POEntry(msgctxt="web page", msgid=msgid, msgstr=translation))
            po.save()
        self.foreign[msgid] = translation

    @precondition(lambda self: len(self.history) > 1)
    @rule(back=st.integers(1, 5), lang=st.sampled_from(LANGS))
    def take_a_catalogue_back_from_history(self, back: int, lang: str) -> None:
        old = self.history[-min(back, len(self.history))][lang]
        self.po(lang).write_bytes(old)
        catalogue = read_catalog(self.po(lang))
        assert catalogue is not None
        # the translator chose that version: what it says is now what counts
        for key in [k for k in self.reviewed if k[0] == lang]:
            del self.reviewed[key]
        for entry in catalogue.active:
            if entry.msgstr and not entry.fuzzy and entry.msgctxt is None and not entry.plural:
                self.reviewed[lang, entry.msgid] = entry.msgstr
        present = {m.msgid for m in catalogue.messages}
        self.foreign = {m: t for m, t in self.foreign.items() if m in present}

    # --- what must always hold ------------------------------------------------------

    @invariant()
    def catalogues_are_valid_for_gettext(self) -> None:
        for lang in LANGS:
            msgfmt_check(self.po(lang))

    @invariant()
    def no_reviewed_translation_disappears(self) -> None:
        segments = self.segments()
        for lang in LANGS:
            catalogue = read_catalog(self.po(lang))
            assert catalogue is not None
            texts = {m.msgstr for m in catalogue.messages} | {
                t for m in catalogue.messages for t in m.msgstr_plural.values()
            }
            plain = {m.msgid: m for m in catalogue.active if m.msgctxt is None}
            for (where, msgid), msgstr in self.reviewed.items():
                if where != lang:
                    continue
                assert msgstr in texts, (lang, msgid, msgstr)
                entry = plain.get(msgid)
                if msgid in segments and entry is not None and entry.msgstr == msgstr:
                    assert not entry.fuzzy, (lang, msgid)
            for msgid, translation in self.foreign.items():
                assert translation in texts, (lang, msgid)

    @invariant()
    def the_source_edition_is_the_source(self) -> None:
        edition = self.root / "output" / SEED / "en.txt"
        if self.published:
            assert edition.read_bytes() == self.source.read_bytes() or self.source_changed()

    def source_changed(self) -> bool:
        """The source was edited after the last publish (the edition waits for the next)."""
        return (
            self.source.stat().st_mtime_ns
            > (self.root / "output" / SEED / "en.txt").stat().st_mtime_ns
        )


@pytest.fixture
def models(packages: Path, archives: dict[str, Path]) -> None:
    install_with_argos(archives["en-fr"], archives["en-ja"])


def test_every_sequence_keeps_every_promise(models: None) -> None:
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(
        Workflow,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=14,
            deadline=None,
            # each step runs real commands: shrinking a failure would take many minutes,
            # and the failing sequence (14 steps at most) is printed as it is
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
