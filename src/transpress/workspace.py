"""The workspace: transpress.toml and the one owner of the on-disk layout."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transpress.document import DraftPolicy, Release
from transpress.errors import InputError, TranspressError, WorkspaceError
from transpress.files import remove_stale_temporaries, write_if_changed
from transpress.interface import INTERFACE_LANGUAGES
from transpress.locale import SUPPORTED_LANGUAGES, place_key
from transpress.lock import workspace_lock
from transpress.places import Gazetteer, Place
from transpress.readers import decode_source, reader_for

CONFIG_NAME = "transpress.toml"
FORMATS = ("html", "md", "txt")
DRAFT_POLICIES: tuple[DraftPolicy, ...] = ("mark", "hide")
PUBLISHED_BELOW_POLICIES = ("keep", "notice", "remove")
#: A folder of the workspace named in transpress.toml: no absolute path, no `..`, and not a
#: folder transpress owns for something else.
_SAFE_FOLDER = re.compile(
    r"(?!(?:sources|locale|output|\.transpress)(?:/|$))"  # not a folder with another use
    r"[\w-][\w.-]*(?:/[\w-][\w.-]*)*"
)

CONFIG_TEMPLATE = """\
# transpress workspace settings. Every key is optional; the values shown are the defaults.

# Languages of the workspace. A release is written in one of them (its source language);
# the others are its targets, each with a catalogue in locale/<lang>/LC_MESSAGES/.
languages = ["en", "fr", "ja"]

# Editions `transpress publish` writes into output/<release>/<lang>.<format>.
formats = ["html", "md", "txt"]

# A folder of Jinja2 templates that override the packaged ones, file by file.
templates = "templates"

# Unreviewed (fuzzy) translations: "mark" shows them, marked as drafts; "hide" uses the
# source text instead. Missing translations always fall back to the source text.
drafts = "mark"

# A language is published only when at least this share of its units is reviewed (like
# po4a's --keep). Below it, "skip" leaves a language that was never published out;
# "notice" publishes it with a notice. The source language is always published.
# Per language: threshold = { default = 80, ja = 90 }
threshold = 80
below_threshold = "skip"

# A language already published that falls below its threshold (its source changed, say):
# "keep" goes on serving the last published edition, marked as awaiting an update with
# the date of the source version it translates; "notice" publishes the current translation
# with a notice; "remove" takes its pages down. `publish` says which, language by language.
published_below_threshold = "keep"

# `transpress publish --preview` and `transpress serve` write every language, drafts
# marked, into this folder, and nothing else.
preview = "preview"

# The machine-translation engine: "argos" runs Argos Translate models on this machine
# (`transpress models install en-fr`); "libretranslate" sends the segments to LibreTranslate
# servers (several URLs are used at once). `--engine` on translate and publish overrides it.
engine = "argos"
# [engines.libretranslate]
# urls = ["http://127.0.0.1:5000"]
# api_key_env = "LIBRETRANSLATE_API_KEY"   # the variable holding the key, if they need one
# versions = { "en-fr" = "1.9", "en-ja" = "1.1" }  # the servers' models, for provenance

# Translation memory: a segment with no exact reviewed match gets the best fuzzy match of
# reviewed work scoring at least this percentage, as a draft (`# mt: memory 87 % pr042-2017`),
# ahead of machine translation; 100 turns fuzzy matches off. `--memory-threshold` overrides it.
memory_threshold = 75

# How catalogues wrap their strings: "auto" keeps the layout each file already has (new
# files get GNU gettext's 79 columns, as msgcat and Poedit write them); a number of
# columns; or false for one line per string, like `msgcat --no-wrap`.
po_wrap = "auto"

# The language of the review pages' interface (`transpress report`, `diff --format html`):
# "en", "fr" or "ja". `--ui-lang` on those commands overrides it.
report_language = "en"

# The source language of a release is read from its front matter or dateline, or
# detected from its text. To state it, add a table per release:
# [releases.pr051-2016]
# language = "en"

# How datelines name a place, per language, over the places transpress ships (a place
# nobody names is kept as written). The table's name is a name of the place too:
# [places."Saint-Hubert"]
# ja = "サンテュベール"
"""


@dataclass(frozen=True)
class Config:
    """The settings of one workspace, from its transpress.toml."""

    languages: tuple[str, ...] = ("en", "fr", "ja")
    formats: tuple[str, ...] = FORMATS
    templates: str = "templates"
    drafts: DraftPolicy = "mark"
    threshold: float = 80.0
    below_threshold: str = "skip"  # "skip" or "notice"
    published_below_threshold: str = "keep"  # "keep", "notice" or "remove"
    preview: str = "preview"  # the folder `publish --preview` writes
    thresholds: dict[str, float] = field(default_factory=dict)  # per-language overrides
    po_wrap: int | str | None = "auto"  # columns, None (no wrap) or "auto" (keep the file's)
    report_language: str = "en"  # the language of the report and diff pages' interface
    memory_threshold: float = 75.0  # the least score (percent) of a fuzzy memory match

    def threshold_for(self, lang: str) -> float:
        """The reviewed percentage `lang` needs to be published."""
        return self.thresholds.get(lang, self.threshold)

    release_languages: dict[str, str] = field(default_factory=dict)
    places: Gazetteer = field(default_factory=Gazetteer)  # `[places]`: names per language
    engine: str = "argos"  # the machine-translation engine (a `transpress.engines` plug-in)
    engines: dict[str, dict[str, Any]] = field(default_factory=dict)  # `[engines.<name>]`

    def engine_settings(self, name: str | None = None) -> tuple[str, dict[str, Any]]:
        """The engine to use (`name`, else the workspace's) and its settings table."""
        chosen = name or self.engine
        return chosen, dict(self.engines.get(chosen, {}))


@dataclass(frozen=True)
class Workspace:
    """A folder with transpress.toml, sources/, locale/ and output/; it alone builds their paths."""

    root: Path
    config: Config
    #: Told, once, when a command waits for another transpress to finish (the CLI prints it).
    on_wait: Callable[[str], None] | None = field(default=None, compare=False, repr=False)
    #: Writing the preview (`publish --preview`, `serve`): editions go to the preview folder.
    previewing: bool = False
    #: Folders resolved so far (links followed), so each is resolved once per command; and
    #: the paths found inside the workspace.
    _folders: dict[Path, Path] = field(default_factory=dict, compare=False, repr=False)
    _inside: set[Path] = field(default_factory=set, compare=False, repr=False)

    @contextlib.contextmanager
    def locked(self, command: str) -> Iterator[None]:
        """Work on the workspace alone: wait for any other transpress writing to it, and
        clear the temporary files an interrupted run may have left."""
        self.inside(self.root / ".transpress" / "lock")
        with workspace_lock(self.root, command, on_wait=self.on_wait):
            remove_stale_temporaries([self.locale_dir, self.output_dir, self.root / ".transpress"])
            yield

    @property
    def config_path(self) -> Path:
        """transpress.toml."""
        return self.root / CONFIG_NAME

    @property
    def sources_dir(self) -> Path:
        """Where release sources live."""
        return self.root / "sources"

    @property
    def locale_dir(self) -> Path:
        """Where templates (.pot) and catalogues (.po) live."""
        return self.root / "locale"

    @property
    def output_dir(self) -> Path:
        """Where published editions go (with `previewing`: the preview folder)."""
        return self.root / (self.config.preview if self.previewing else "output")

    @property
    def preview_dir(self) -> Path:
        """Where `publish --preview` writes (transpress.toml's `preview`)."""
        return self.root / self.config.preview

    def for_preview(self) -> Workspace:
        """This workspace as the preview sees it: its output folder is the preview folder,
        and every language is shown, drafts marked."""
        config = dataclasses.replace(self.config, drafts="mark", below_threshold="notice")
        return dataclasses.replace(self, config=config, previewing=True, _inside=set())

    @property
    def templates_dir(self) -> Path:
        """The workspace's template overrides."""
        return self.root / self.config.templates

    def template_path(self, release_id: str) -> Path:
        """`locale/<release>.pot`."""
        return self.inside(self.locale_dir / f"{release_id}.pot")

    def catalog_path(self, release_id: str, lang: str) -> Path:
        """`locale/<lang>/LC_MESSAGES/<release>.po`."""
        return self.inside(self.locale_dir / lang / "LC_MESSAGES" / f"{release_id}.po")

    def catalog_paths(self, lang: str) -> list[Path]:
        """Every catalogue of a language, whatever its release."""
        return sorted((self.locale_dir / lang / "LC_MESSAGES").glob("*.po"))

    def edition_path(self, release_id: str, lang: str, fmt: str) -> Path:
        """`output/<release>/<lang>.<format>`."""
        return self.inside(self.output_dir / release_id / f"{lang}.{fmt}")

    @property
    def index_path(self) -> Path:
        """`output/index.html`: the index in the workspace's first language."""
        return self.index_path_for(self.config.languages[0])

    def index_path_for(self, lang: str) -> Path:
        """The index in `lang`: `output/index.html` for the first language of the
        workspace, `output/index.<lang>.html` for the others."""
        name = "index.html" if lang == self.config.languages[0] else f"index.{lang}.html"
        return self.inside(self.output_dir / name)

    def snapshot_path(self, release_id: str, lang: str) -> Path:
        """The last published edition of a translation (`.transpress/published/…`)."""
        return self.inside(self.root / ".transpress" / "published" / release_id / f"{lang}.json")

    @property
    def glossary_path(self) -> Path:
        """The workspace glossary (`glossary.csv`)."""
        return self.inside(self.root / "glossary.csv")

    @property
    def build_cache_path(self) -> Path:
        """The build cache (`.transpress/build.json`; the preview's: `preview.json`)."""
        name = "preview.json" if self.previewing else "build.json"
        return self.inside(self.root / ".transpress" / name)

    @property
    def findings_path(self) -> Path:
        """What check remembers (`.transpress/checks.json`)."""
        return self.inside(self.root / ".transpress" / "checks.json")

    @property
    def report_path(self) -> Path:
        """The review dashboard's default place (`output/report.html`)."""
        return self.inside(self.output_dir / "report.html")

    @property
    def memory_path(self) -> Path:
        """The translation memory of the workspace."""
        return self.inside(self.root / ".transpress" / "memory.sqlite3")

    def inside(self, path: Path) -> Path:
        """`path`, if it really is inside the workspace once links are followed: a
        workspace folder linked elsewhere never makes transpress write outside."""
        if path in self._inside:
            return path  # checked already in this command
        resolved = self._resolve(path)
        if not resolved.is_relative_to(self._resolve_folder(self.root)):
            linked = next((p for p in (path, *path.parents) if p.is_symlink()), path)
            raise WorkspaceError(
                f"{self.relative_name(linked)} leads outside the workspace (to {resolved.parent}); "
                "transpress reads and writes only inside its workspace: replace the link with "
                "a folder",
                path=self.root,
            )
        self._inside.add(path)
        return path

    def _resolve(self, path: Path) -> Path:
        """`path` with links followed; its folder is resolved once per command."""
        if path.name in ("", ".", "..") or path.is_symlink():
            return path.resolve()
        return self._resolve_folder(path.parent) / path.name

    def _resolve_folder(self, folder: Path) -> Path:
        if not folder.is_absolute():
            return folder.resolve()
        resolved = self._folders.get(folder)
        if resolved is None:
            resolved = self._folders[folder] = folder.resolve()
        return resolved

    def relative_name(self, path: Path) -> str:
        """A path relative to the root, as written (links not followed)."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def describe(self, notices: Sequence[tuple[Path, str]]) -> tuple[str, ...]:
        """Notices of a write (file, what happened) as lines naming workspace paths."""
        return tuple(f"{self.relative(path)}: {message}" for path, message in notices)

    def relative(self, path: Path) -> str:
        """A path as written in catalogues and reports: relative to the root, with slashes."""
        try:
            return self._resolve(path).relative_to(self._resolve_folder(self.root)).as_posix()
        except ValueError:
            return path.as_posix()

    def source_paths(self, names: tuple[str, ...] = ()) -> list[Path]:
        """The release sources to work on: all of sources/, or those named (by id or path)."""
        found = [entry.name for entry in _scan(self.sources_dir) if entry.is_file()]
        folder = self.sources_dir
        known = [folder / name for name in sorted(found) if reader_for(Path(name)) is not None]
        for path in known:
            check_release_id(path, self)
        _refuse_duplicate_ids(known, self)
        if not names:
            return known
        index: dict[str, list[Path]] = {}
        for path in known:
            for key in dict.fromkeys((path.stem, path.name, self.relative(path))):
                index.setdefault(key, []).append(path)
        chosen = []
        for name in names:
            match = list(index.get(name, ()))
            if not match and Path(name).is_file() and reader_for(Path(name)) is not None:
                check_release_id(Path(name), self)
                match = [Path(name)]
            if not match:
                ids = ", ".join(p.stem for p in known) or "none"
                raise InputError(
                    f"no release named {name!r} in {self.relative(self.sources_dir)}/ "
                    f"(releases: {ids})"
                )
            chosen.extend(match)
        return chosen

    def read_release(self, path: Path) -> Release:
        """Read and parse one release source."""
        source = self.relative(path)
        reader = reader_for(path)
        if reader is None:
            raise InputError("unknown release format; use .txt or .md", path=source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", path=source) from None
        text = decode_source(path, data, source=source)
        release = reader.read(
            text,
            release_id=path.stem,
            source=source,
            language=self.config.release_languages.get(path.stem),
        )
        if release.language not in self.config.languages:
            raise InputError(
                f"the release is in {release.language!r}, which is not among the workspace "
                f"languages {list(self.config.languages)}; add it to `languages` in {CONFIG_NAME}",
                path=source,
            )
        return dataclasses.replace(release, digest=hashlib.sha256(data).hexdigest())

    def languages(self, requested: Sequence[str] = ()) -> tuple[str, ...]:
        """The requested languages (all of the workspace's by default), refusing others."""
        unknown = [lang for lang in requested if lang not in self.config.languages]
        if unknown:
            raise WorkspaceError(
                f"--lang {','.join(unknown)} is not a workspace language "
                f"({', '.join(self.config.languages)}); add it to `languages` in {CONFIG_NAME}"
            )
        return tuple(requested) or self.config.languages

    def source_languages(self) -> dict[str, str]:
        """Release id → source language, for every source that can be read."""
        found = {}
        for path in self.source_paths():
            try:
                found[path.stem] = self.read_release(path).language
            except TranspressError:
                continue  # reported by the commands that work on that release
        return found

    def targets(self, release: Release) -> tuple[str, ...]:
        """The languages a release is translated into."""
        return tuple(lang for lang in self.config.languages if lang != release.language)


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of a folder (none if it does not exist), without a stat of each."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except FileNotFoundError:
        return []


def catalogue_key(relative: Path) -> tuple[str, str] | None:
    """(release id, lang) of a catalogue path relative to a locale folder, or None.

    >>> catalogue_key(Path("fr/LC_MESSAGES/pr051-2016.po")), catalogue_key(Path("x.pot"))
    (('pr051-2016', 'fr'), None)
    """
    parts = relative.parts
    if len(parts) == 3 and parts[1] == "LC_MESSAGES" and relative.suffix == ".po":
        return relative.stem, parts[0]
    return None


#: What a release id may be: it names files and folders and goes into gettext references
#: (which split on white space) and links, so letters, digits, and - _ . + inside.
_SAFE_ID = re.compile(r"[^\W_][\w.+-]*", re.UNICODE)


def check_release_id(path: Path, workspace: Workspace) -> None:
    """Refuse a source whose name cannot safely name a release (`..`, a newline, spaces).

    >>> import re; bool(_SAFE_ID.fullmatch("pr051-2016")), bool(_SAFE_ID.fullmatch(".."))
    (True, False)
    """
    if not _SAFE_ID.fullmatch(path.stem) or path.stem.endswith("."):
        raise InputError(
            f"{path.name!r} cannot name a release (its name becomes folders, links and gettext "
            "references); rename it with letters, digits and - _ . only, e.g. pr051-2016.txt",
            path=workspace.relative(path.parent) + "/",
        )


def _refuse_duplicate_ids(paths: list[Path], workspace: Workspace) -> None:
    """Two sources with one stem would share one catalogue and overwrite each other's."""
    seen: dict[str, Path] = {}
    for path in paths:
        if path.stem in seen:
            raise InputError(
                f"two sources share the release id {path.stem!r} "
                f"({seen[path.stem].name} and {path.name}); rename one of them",
                path=workspace.relative(path),
            )
        seen[path.stem] = path


def find_workspace(start: Path, *, on_wait: Callable[[str], None] | None = None) -> Workspace:
    """Find the workspace containing `start` (it or a parent has transpress.toml)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        config_path = folder / CONFIG_NAME
        if config_path.is_file():
            return Workspace(folder, load_config(config_path), on_wait=on_wait)
    raise WorkspaceError(
        f"no {CONFIG_NAME} here or in any parent folder; run `transpress init DIR` to create a "
        "workspace, or pass --workspace DIR",
        path=start,
    )


def load_config(path: Path) -> Config:
    """Read and validate a transpress.toml."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(f"invalid TOML: {exc}; fix the file", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"cannot read: {exc}", path=path) from None
    languages = _string_list(data, "languages", Config.languages, path)
    unknown = [lang for lang in languages if lang not in SUPPORTED_LANGUAGES]
    if unknown or not languages:
        raise WorkspaceError(
            f"languages must be among {list(SUPPORTED_LANGUAGES)}, got {unknown or '[]'}", path=path
        )
    formats = _string_list(data, "formats", Config.formats, path)
    if any(fmt not in FORMATS for fmt in formats):
        raise WorkspaceError(f"formats must be among {list(FORMATS)}, got {formats}", path=path)
    drafts = next((p for p in DRAFT_POLICIES if p == data.get("drafts", Config.drafts)), None)
    if drafts is None:
        raise WorkspaceError(
            f"drafts must be one of {list(DRAFT_POLICIES)}, got {data.get('drafts')!r}", path=path
        )
    threshold, thresholds = _thresholds(data.get("threshold", Config.threshold), path)
    below = data.get("below_threshold", Config.below_threshold)
    if below not in ("skip", "notice"):
        raise WorkspaceError(
            f'below_threshold must be "skip" or "notice", got {below!r}', path=path
        )
    published_below = data.get("published_below_threshold", Config.published_below_threshold)
    if published_below not in PUBLISHED_BELOW_POLICIES:
        raise WorkspaceError(
            f"published_below_threshold must be one of {list(PUBLISHED_BELOW_POLICIES)}, "
            f"got {published_below!r}",
            path=path,
        )
    preview = data.get("preview", Config.preview)
    if not isinstance(preview, str) or not _SAFE_FOLDER.fullmatch(preview):
        raise WorkspaceError(
            f'preview must name a folder of the workspace, such as "preview", got {preview!r}',
            path=path,
        )
    po_wrap = _po_wrap(data.get("po_wrap", Config.po_wrap), path)
    report_language = data.get("report_language", Config.report_language)
    if report_language not in INTERFACE_LANGUAGES:
        raise WorkspaceError(
            f"report_language must be one of {list(INTERFACE_LANGUAGES)}, got {report_language!r}",
            path=path,
        )
    memory_threshold = data.get("memory_threshold", Config.memory_threshold)
    if isinstance(memory_threshold, bool) or not isinstance(memory_threshold, int | float):
        memory_threshold = -1  # refused just below, with the value as written
    if not 1 <= memory_threshold <= 100:
        raise WorkspaceError(
            "memory_threshold must be a percentage from 1 to 100 (100: exact matches only), "
            f"got {data.get('memory_threshold')!r}",
            path=path,
        )
    releases = data.get("releases", {})
    release_languages = {
        str(name): str(table["language"])
        for name, table in (releases.items() if isinstance(releases, dict) else [])
        if isinstance(table, dict) and "language" in table
    }
    return Config(
        languages=tuple(languages),
        formats=tuple(formats),
        templates=str(data.get("templates", Config.templates)),
        drafts=drafts,
        threshold=threshold,
        below_threshold=str(below),
        published_below_threshold=str(published_below),
        preview=preview,
        thresholds=thresholds,
        po_wrap=po_wrap,
        report_language=str(report_language),
        memory_threshold=float(memory_threshold),
        release_languages=release_languages,
        places=_places(data.get("places", {}), path),
        engine=_engine(data.get("engine", Config.engine), path),
        engines=_engine_tables(data.get("engines", {}), path),
    )


def _engine(value: object, path: Path) -> str:
    """`engine = "argos"`: the name of an engine (which exists is checked when one is needed,
    so that a workspace whose engine's plug-in is gone still extracts and publishes)."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise WorkspaceError(
        f'engine must be the name of a machine-translation engine ("argos", '
        f'"libretranslate"), got {value!r}',
        path=path,
    )


def _engine_tables(value: object, path: Path) -> dict[str, dict[str, Any]]:
    """`[engines.<name>]`: each engine's settings, a table each (the engine checks them)."""
    if not isinstance(value, dict) or not all(isinstance(t, dict) for t in value.values()):
        raise WorkspaceError(
            "engines must hold one table per engine, such as [engines.libretranslate] with "
            'urls = ["http://127.0.0.1:5000"]',
            path=path,
        )
    return {str(name): dict(table) for name, table in value.items()}


def _po_wrap(value: object, path: Path) -> int | str | None:
    """`po_wrap = "auto"`, a number of columns (at least 20), or false for no wrapping."""
    if value == "auto":
        return "auto"
    if value is False:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 20:
        return value
    raise WorkspaceError(
        f'po_wrap must be "auto", a number of columns (20 or more) or false, got {value!r}',
        path=path,
    )


_PLACES_EXAMPLE = '[places."Saint-Hubert"] with ja = "サンテュベール"'


def _places(value: object, path: Path) -> Gazetteer:
    """`[places."<name>"]` tables, each naming the place per language (`ja = "…"`); no
    name may belong to two of them."""
    if not isinstance(value, dict):
        raise WorkspaceError(f"places must be a table of places, e.g. {_PLACES_EXAMPLE}", path=path)
    places = [_place(str(name), forms, path) for name, forms in value.items()]
    owners: dict[str, str] = {}
    for place in places:
        table = place.aliases[0]
        for written in place.names:
            owner = owners.setdefault(place_key(written), table)
            if owner != table:
                raise WorkspaceError(
                    f"places.{_toml_key(owner)} and places.{_toml_key(table)} share the name "
                    f"{written!r} (names compare without case, accents, spaces or hyphens); "
                    "keep one of them",
                    path=path,
                )
    return Gazetteer(tuple(places))


def _place(name: str, forms: object, path: Path) -> Place:
    """One `[places."<name>"]` table: a name per language; the table's name is one more."""
    if not isinstance(forms, dict) or not forms:
        raise WorkspaceError(
            f"places.{_toml_key(name)} must be a table of its names per language, "
            f"e.g. {_PLACES_EXAMPLE}",
            path=path,
        )
    for lang, form in forms.items():
        if lang not in SUPPORTED_LANGUAGES:
            raise WorkspaceError(
                f"places.{_toml_key(name)} has {lang!r}, which is not a language; name the "
                f"place in {', '.join(SUPPORTED_LANGUAGES)}",
                path=path,
            )
        if not isinstance(form, str) or not form.strip():
            raise WorkspaceError(
                f"places.{_toml_key(name)}.{lang} must be the place's name in {lang}, got {form!r}",
                path=path,
            )
    ordered = tuple((lang, forms[lang].strip()) for lang in SUPPORTED_LANGUAGES if lang in forms)
    return Place(ordered, (name,))


def _toml_key(name: str) -> str:
    """A key as transpress.toml would write it: bare when it can be, else quoted."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name, ensure_ascii=False)


def _thresholds(value: object, path: Path) -> tuple[float, dict[str, float]]:
    """`threshold = 80`, or a table `{ default = 80, ja = 90 }`."""
    table = value if isinstance(value, dict) else {"default": value}
    checked: dict[str, float] = {}
    for key, percent in table.items():
        if (
            isinstance(percent, bool)
            or not isinstance(percent, int | float)
            or not 0 <= percent <= 100
        ):
            raise WorkspaceError(
                f"threshold {key} must be a percentage from 0 to 100, got {percent!r}", path=path
            )
        checked[str(key)] = float(percent)
    default = checked.pop("default", Config.threshold)
    return default, checked


def _string_list(data: dict[str, Any], key: str, default: tuple[str, ...], path: Path) -> list[str]:
    value = data.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise WorkspaceError(f"{key} must be a list of strings", path=path)
    return value


def init_workspace(folder: Path) -> list[Path]:
    """Create an empty workspace in `folder`; never overwrite an existing transpress.toml."""
    config_path = folder / CONFIG_NAME
    if config_path.exists():
        raise WorkspaceError(f"{CONFIG_NAME} already exists; nothing was changed", path=config_path)
    created = []
    for sub in ("sources", "locale", "output"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        created.append(folder / sub)
    write_if_changed(config_path, CONFIG_TEMPLATE)
    return [config_path, *created]
