"""Argos Translate: its package format, installed packages and index; our own inference.

The only module that imports argostranslate, ctranslate2 and sentencepiece (lazily, so
`transpress --help` stays instant). argostranslate provides the package format and the
package directory; inference runs here, on transpress's own segments, because
argostranslate's translate() splits sentences with a model it downloads at first use,
turns every `_` into a space, and cuts output at 256 tokens without a word.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transpress.engines import EngineOptions, Model, Output, Route
from transpress.errors import ModelError

#: CTranslate2's default max_input_length is 1024 tokens, </s> included.
MAX_INPUT_TOKENS = 1000
#: Upper bound on decoding; an output that reaches it is flagged as possibly cut.
MAX_DECODING_TOKENS = 1024
DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
_NAME_PAIR = re.compile(r"translate-([a-z]{2,3})_([a-z]{2,3})")
_CLAUSE = re.compile(r"(?<=[,;:，、；：])\s*")


def argos_settings() -> Any:
    """argostranslate's settings, re-read from the environment now.

    argostranslate reads ARGOS_PACKAGES_DIR and ARGOS_PACKAGE_INDEX once, at import; a
    long-running process (or a test) that changes them would otherwise be ignored.
    """
    from argostranslate import settings

    packages = os.environ.get("ARGOS_PACKAGES_DIR")
    if packages:
        settings.package_data_dir = Path(packages)
        settings.package_dirs = [Path(packages)]
    settings.package_data_dir.mkdir(parents=True, exist_ok=True)
    return settings


def index_url() -> str:
    """The package index: ARGOS_PACKAGE_INDEX (a folder URL holding index.json) or Argos's own."""
    url = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return url if url.endswith("/") else url + "/"


class ArgosEngine:
    """The built-in engine: Argos Translate packages run with CTranslate2."""

    name = "argos"

    def installed(self) -> list[Model]:
        """Installed translation packages, as models."""
        return [model for model, _ in _installed()]

    def broken(self) -> list[tuple[str, str]]:
        """Installed packages that cannot be read: (folder name, reason)."""
        return [(path.name, reason) for path, reason in broken_packages()]

    def open(self, route: Route, options: EngineOptions) -> ArgosTranslator:
        """Load each model of the route once for this run."""
        paths = dict((model, path) for model, path in _installed())
        return ArgosTranslator([_Leg.load(paths[m], m, options) for m in route.models], options)

    def install(self, source: str) -> list[Model]:
        """Install from a .argosmodel file, a folder of them, or the index (`en-fr`)."""
        path = Path(source).expanduser()
        if path.is_file():
            return [_install_archive(path, expected=None)]
        if path.is_dir():
            archives = sorted(path.glob("*.argosmodel"))
            if not archives:
                raise ModelError("no .argosmodel files in this folder", path=path)
            return [_install_archive(archive, expected=None) for archive in archives]
        pair = _parse_pair(source)
        if pair is None:
            raise ModelError(
                f"{source!r} is neither a file, a folder nor a language pair; "
                "give a path to a .argosmodel file or a pair such as en-fr"
            )
        return [_install_from_index(pair)]

    def remove(self, pair_or_name: str) -> list[Model]:
        """Uninstall the packages of a pair (`en-fr`) or with a name; return them."""
        from argostranslate import package

        pair = _parse_pair(pair_or_name)
        removed = []
        for model, path in _installed():
            if pair == (model.from_code, model.to_code) or model.name == pair_or_name:
                package.uninstall(package.Package(path))
                removed.append(model)
        for path, _ in broken_packages():  # unreadable: matched by folder name only
            named = _NAME_PAIR.fullmatch(path.name)
            folder_pair = (named.group(1), named.group(2)) if named else None
            if path.name == pair_or_name or (pair is not None and folder_pair == pair):
                shutil.rmtree(path)
                codes = folder_pair or ("?", "?")
                removed.append(Model("argos", path.name, codes[0], codes[1], "(broken)"))
        if not removed:
            raise ModelError(
                f"no installed package for {pair_or_name!r}; see `transpress models list`"
            )
        _forget_loaded()
        return removed

    def available(self) -> list[Model]:
        """The packages the index offers."""
        return [_model_from_metadata(entry) for entry in _fetch_index()]


def _installed() -> list[tuple[Model, Path]]:
    """Installed translation packages that can be read (see `broken_packages`)."""
    return [(model, path) for path, model, _ in _scan() if model is not None]


def broken_packages() -> list[tuple[Path, str]]:
    """Installed package folders that cannot be read, with the reason."""
    return [(path, reason) for path, model, reason in _scan() if model is None]


def _scan() -> list[tuple[Path, Model | None, str]]:
    from argostranslate import package

    found: list[tuple[Path, Model | None, str]] = []
    for directory in argos_settings().package_dirs:
        for path in sorted(Path(directory).iterdir()) if Path(directory).is_dir() else []:
            if not path.is_dir() or path.name.startswith("."):
                continue
            try:
                pkg = package.Package(path)
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                found.append((path, None, str(exc).splitlines()[0] if str(exc) else repr(exc)))
                continue
            if pkg.type == "translate" and pkg.from_code and pkg.to_code:
                found.append((path, _model_from_package(pkg, path), ""))
    return found


def _model_from_package(pkg: Any, path: Path) -> Model:
    return Model("argos", path.name, pkg.from_code, pkg.to_code, str(pkg.package_version or "0"))


def _model_from_metadata(metadata: dict[str, Any]) -> Model:
    name = (
        metadata.get("code") or f"translate-{metadata.get('from_code')}_{metadata.get('to_code')}"
    )
    return Model(
        "argos",
        str(name),
        str(metadata.get("from_code")),
        str(metadata.get("to_code")),
        str(metadata.get("package_version", "0")),
    )


def _parse_pair(text: str) -> tuple[str, str] | None:
    match = re.fullmatch(r"([a-z]{2,3})\s*(?:-|_|:|→|->)\s*([a-z]{2,3})", text.strip().lower())
    return (match.group(1), match.group(2)) if match else None


# --- installing -----------------------------------------------------------------------


def _install_archive(archive: Path, *, expected: tuple[str, str] | None) -> Model:
    """Check a package completely, extract it beside the others, then move it in place.

    argostranslate's install_from_path extracts straight into the package folder, so a
    broken or interrupted install leaves half a package that later runs trip over.
    """
    from argostranslate import package

    metadata, top = _checked_contents(archive, expected)
    packages = Path(argos_settings().package_data_dir)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=packages))
    try:
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(staging)
        try:
            pkg = package.Package(staging / top)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"not a usable Argos package ({exc})", path=archive) from None
        final = packages / _folder_name(metadata, top, archive)
        if final.exists():
            final.rename(staging / ".previous")
        (staging / top).rename(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _forget_loaded()
    return _model_from_package(pkg, final)


_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def _folder_name(metadata: dict[str, Any], top: str, archive: Path) -> str:
    """The package's folder name: its `code`, or the archive's top folder; never a path
    (a package naming itself `../x` would otherwise replace a folder outside)."""
    name = str(metadata.get("code") or top)
    if not _SAFE_NAME.fullmatch(name) or name in (".", ".."):
        raise ModelError(
            f"refusing a package named {name!r}: a package name is letters, digits, '_', "
            "'.' and '-'",
            path=archive,
        )
    return name


def _checked_contents(
    archive: Path, expected: tuple[str, str] | None
) -> tuple[dict[str, Any], str]:
    """Validate an .argosmodel without extracting it: zip, one folder, metadata, model, pair."""
    if not zipfile.is_zipfile(archive):
        raise ModelError("not an Argos package: not a zip file; download it again", path=archive)
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        tops = {name.split("/", 1)[0] for name in names}
        if len(tops) != 1 or any(n.startswith("/") or ".." in n.split("/") for n in names):
            raise ModelError("not an Argos package: expected one top-level folder", path=archive)
        top = tops.pop()
        try:
            metadata = json.loads(bundle.read(f"{top}/metadata.json"))
        except KeyError:
            raise ModelError("not an Argos package: no metadata.json", path=archive) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ModelError(f"broken metadata.json ({exc})", path=archive) from None
        if f"{top}/model/model.bin" not in names:
            raise ModelError("not an Argos package: no CTranslate2 model/model.bin", path=archive)
    if (
        not isinstance(metadata, dict)
        or not metadata.get("from_code")
        or not metadata.get("to_code")
    ):
        raise ModelError("metadata.json has no from_code/to_code", path=archive)
    pair = (str(metadata["from_code"]), str(metadata["to_code"]))
    named = _NAME_PAIR.search(archive.name)
    claimed = expected or ((named.group(1), named.group(2)) if named else None)
    if claimed is not None and claimed != pair:
        raise ModelError(
            f"wrong pair: the package translates {pair[0]}→{pair[1]} but was offered as "
            f"{claimed[0]}→{claimed[1]}; nothing was installed",
            path=archive,
        )
    return metadata, top


def _fetch_index() -> list[dict[str, Any]]:
    url = index_url() + "index.json"
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            data = json.loads(response.read())
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelError(
            f"cannot reach the package index {url} ({reason}); check ARGOS_PACKAGE_INDEX or "
            "install from a file with `transpress models install PATH.argosmodel`"
        ) from None
    except ValueError as exc:
        raise ModelError(f"the package index {url} is not valid JSON ({exc})") from None
    if not isinstance(data, list):
        raise ModelError(f"the package index {url} is not a list of packages")
    return [entry for entry in data if isinstance(entry, dict)]


def _install_from_index(pair: tuple[str, str]) -> Model:
    offers = [e for e in _fetch_index() if (e.get("from_code"), e.get("to_code")) == pair]
    if not offers:
        raise ModelError(f"the package index has no {pair[0]}→{pair[1]} model")
    best = max(
        offers,
        key=lambda e: tuple(
            int(p) for p in str(e.get("package_version", "0")).split(".") if p.isdigit()
        ),
    )
    links = [link for link in best.get("links", []) if isinstance(link, str)]
    if not links:
        raise ModelError(f"the index entry for {pair[0]}→{pair[1]} has no download link")
    packages = Path(argos_settings().package_data_dir)
    # A fresh download every time: argostranslate reuses a cached file of the same
    # name even after the index moved to a new version.
    with tempfile.TemporaryDirectory(prefix=".download-", dir=packages) as folder:
        archive = Path(folder) / f"translate-{pair[0]}_{pair[1]}.argosmodel"
        try:
            with (
                urllib.request.urlopen(links[0], timeout=60) as response,
                archive.open("wb") as out,
            ):
                shutil.copyfileobj(response, out)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ModelError(
                f"cannot download {links[0]} ({getattr(exc, 'reason', exc)})"
            ) from None
        try:
            return _install_archive(archive, expected=pair)
        except ModelError as exc:
            exc.path = links[0]  # the temporary file is gone: name what the user can check
            raise


# --- inference ------------------------------------------------------------------------


@dataclass
class _Leg:
    """One loaded model: CTranslate2 translator and the package's tokenizer."""

    model: Model
    translator: Any
    encode: Callable[[str], list[str]]
    decode: Callable[[list[str]], str]
    target_prefix: str

    @classmethod
    def load(cls, path: Path, model: Model, options: EngineOptions) -> _Leg:
        """Load a package's model and tokenizer (cached for the process until an install)."""
        key = (str(path), model.version, options.intra_threads, options.inter_threads)
        if key not in _LOADED:
            try:
                _LOADED[key] = cls._load(path, model, options)
            except (RuntimeError, OSError, ValueError, AttributeError, KeyError) as exc:
                reason = str(exc).splitlines()[0] if str(exc) else repr(exc)
                raise ModelError(
                    f"cannot load {model.label} ({reason}); "
                    f"reinstall it: `transpress models remove {model.from_code}-{model.to_code}`, "
                    "then `transpress models install …`",
                    path=path,
                ) from None
        return _LOADED[key]

    @classmethod
    def _load(cls, path: Path, model: Model, options: EngineOptions) -> _Leg:
        import ctranslate2
        from argostranslate import package

        pkg = package.Package(path)
        translator = ctranslate2.Translator(
            str(path / "model"),
            device="cpu",
            inter_threads=options.inter_threads,
            intra_threads=options.intra_threads,
        )
        sp_model = path / "sentencepiece.model"
        if sp_model.exists():
            import sentencepiece

            processor = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))

            def encode(text: str) -> list[str]:
                return list(processor.encode(text, out_type=str))

            def decode(pieces: list[str]) -> str:
                # Not argostranslate's decode, which also turns every "_" into a space.
                return str(processor.decode_pieces(pieces))

            return cls(model, translator, encode, decode, str(pkg.target_prefix or ""))
        tokenizer = pkg.tokenizer  # BPE packages: Moses tokenisation, as Argos does it
        return cls(
            model, translator, tokenizer.encode, tokenizer.decode, str(pkg.target_prefix or "")
        )


_LOADED: dict[tuple[str, str, int, int], _Leg] = {}


def _forget_loaded() -> None:
    """Drop loaded models (ours and argostranslate's) after an install or a removal."""
    _LOADED.clear()
    try:
        from argostranslate import translate

        translate.get_installed_languages.cache_clear()
        getattr(translate, "installed_translates", []).clear()
    except (ImportError, AttributeError):
        pass


class ArgosTranslator:
    """Translates segments along a route: length-sorted batches, one leg after the other."""

    def __init__(self, legs: list[_Leg], options: EngineOptions):
        self.legs = legs
        self.options = options

    def translate(
        self, segments: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[Output]:
        """Translate every segment; problems (too long, possibly cut) are reported, not hidden.

        `progress` is told how many segments each finished batch held, once per leg.
        """
        outputs = [Output(text) for text in segments]
        for leg in self.legs:
            outputs = self._run_leg(leg, outputs, progress)
        return outputs

    def _run_leg(
        self, leg: _Leg, inputs: list[Output], progress: Callable[[int], None] | None
    ) -> list[Output]:
        jobs: list[tuple[int, list[str]]] = []  # (input index, tokens of one chunk)
        problems: dict[int, list[str]] = {i: list(o.problems) for i, o in enumerate(inputs)}
        skipped: set[int] = {i for i, o in enumerate(inputs) if not o.text}
        for index, item in enumerate(inputs):
            for chunk in _chunks(item.text, leg.encode) if item.text else []:
                if len(chunk) > MAX_INPUT_TOKENS:
                    problems[index].append(
                        f"a clause is too long for the model ({len(chunk)} > {MAX_INPUT_TOKENS} "
                        "tokens); split it in the source"
                    )
                    skipped.add(index)
                    continue
                jobs.append((index, chunk))
        results = self._translate_tokens(leg, [tokens for _, tokens in jobs], progress)
        texts: dict[int, list[str]] = {i: [] for i in range(len(inputs))}
        for (index, _), (text, cut) in zip(jobs, results, strict=True):
            texts[index].append(text)
            if cut:
                problems[index].append("the output reached the decoding limit (may be cut)")
        joiner = "" if leg.model.to_code in ("ja", "zh") else " "
        return [
            Output("" if i in skipped else joiner.join(texts[i]), tuple(problems[i]))
            for i in range(len(inputs))
        ]

    def _translate_tokens(
        self, leg: _Leg, batch: list[list[str]], progress: Callable[[int], None] | None
    ) -> list[tuple[str, bool]]:
        """Length-sorted batches, all submitted at once so that every CTranslate2 worker
        (inter_threads) has work, then collected in order."""
        order = sorted(range(len(batch)), key=lambda i: len(batch[i]))
        size = self.options.batch_size
        submitted = []
        for start in range(0, len(order), size):
            chosen = order[start : start + size]
            tokens = [batch[i] for i in chosen]
            limit = min(MAX_DECODING_TOKENS, 2 * max(len(t) for t in tokens) + 32)
            prefix = [[leg.target_prefix] for _ in chosen] if leg.target_prefix else None
            pending = leg.translator.translate_batch(
                tokens,
                target_prefix=prefix,
                beam_size=self.options.beam_size,
                max_batch_size=size,
                max_decoding_length=limit,
                asynchronous=True,
            )
            submitted.append((chosen, limit, pending))
        results: list[tuple[str, bool]] = [("", False)] * len(batch)
        for chosen, limit, pending in submitted:
            for i, item in zip(chosen, pending, strict=True):
                try:
                    hypothesis = list(item.result().hypotheses[0])
                except RuntimeError as exc:
                    raise ModelError(
                        f"{leg.model.label} failed while translating ({exc})"
                    ) from None
                if leg.target_prefix and hypothesis[:1] == [leg.target_prefix]:
                    hypothesis = hypothesis[1:]
                results[i] = (leg.decode(hypothesis), len(hypothesis) >= limit)
            if progress is not None:
                progress(len(chosen))
        return results


def _chunks(text: str, encode: Callable[[str], list[str]]) -> list[list[str]]:
    """The segment's tokens, split at clause boundaries when it exceeds the input limit."""
    tokens = encode(text)
    if len(tokens) <= MAX_INPUT_TOKENS:
        return [tokens]
    chunks: list[list[str]] = []
    current = ""
    for clause in (c for c in _CLAUSE.split(text) if c):
        candidate = f"{current} {clause}".strip()
        if current and len(encode(candidate)) > MAX_INPUT_TOKENS:
            chunks.append(encode(current))
            current = clause
        else:
            current = candidate
    if current:
        chunks.append(encode(current))
    return chunks
