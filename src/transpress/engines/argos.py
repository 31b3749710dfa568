"""Argos Translate: its package format, installed packages and index; our own inference.

The only module that imports argostranslate, ctranslate2 and sentencepiece (lazily, so
`transpress --help` stays instant). argostranslate provides the package format and the
package directory; inference runs here, on transpress's own segments, because
argostranslate's translate() splits sentences with a model it downloads at first use,
turns every `_` into a space, and cuts output at 256 tokens without a word.

Packages and the index come from outside: every archive member and metadata field
(argos_archive), index entry (argos_index) and HTTP answer (download) is checked before
it is trusted, within time and size limits, and an install is all or nothing.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transpress.engines import EngineOptions, Model, Output, Route, batching
from transpress.engines.argos_archive import (
    NAME_PAIR,
    REFETCH,
    checked_members,
    checked_pair,
    folder_name,
    open_zip,
    read_metadata,
    unpack,
    version_problem,
    version_text,
)
from transpress.engines.argos_index import (
    best_offer,
    download_package,
    fetch_index,
    index_url,
)
from transpress.engines.clauses import clauses, joined
from transpress.engines.download import Limits
from transpress.errors import ModelError, WorkspaceError, one_line

#: CTranslate2's default max_input_length is 1024 tokens, </s> included.
MAX_INPUT_TOKENS = 1000
#: Upper bound on decoding; an output that reaches it is flagged as possibly cut.
MAX_DECODING_TOKENS = 1024


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


class ArgosEngine:
    """The built-in engine: Argos Translate packages run with CTranslate2."""

    name = "argos"

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        if settings:
            raise WorkspaceError(
                f"[engines.argos] takes no settings, got {sorted(settings)}; Argos models are "
                "installed with `transpress models install`"
            )

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
        """Install a .argosmodel file, a folder of them (all or none), or a pair from the index."""
        limits = Limits.from_environment()
        path = Path(source).expanduser()
        if path.is_file():
            return _install_archives([(path, None)], limits=limits)
        if path.is_dir():
            return _install_folder(path, limits=limits)
        pair = _parse_pair(source)
        if pair is None:
            raise ModelError(
                f"{source!r} is neither a file, a folder nor a language pair; "
                "give a path to a .argosmodel file or a pair such as en-fr"
            )
        return [_install_from_index(pair, limits=limits)]

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
            named = NAME_PAIR.fullmatch(path.name)
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
        url = index_url() + "index.json"
        entries = fetch_index(url, limits=Limits.from_environment())
        return [_model_from_metadata(entry) for entry in entries if isinstance(entry, dict)]


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
                continue  # hidden: our own .installing-* and .download-* folders
            try:
                pkg = package.Package(path)
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                found.append((path, None, one_line(exc)))
                continue
            if pkg.type == "translate" and pkg.from_code and pkg.to_code:
                # Installed by another tool, a version such as "²" would crash the route
                # search (it sorts versions as numbers): list the package as broken.
                problem = version_problem(pkg.package_version)
                if problem:
                    found.append((path, None, problem))
                else:
                    found.append((path, _model_from_package(pkg, path.name), ""))
    return found


def _model_from_package(pkg: Any, name: str) -> Model:
    version = version_text(pkg.package_version)
    return Model("argos", name, str(pkg.from_code), str(pkg.to_code), version)


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


# --- installing --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Staged:
    """A package unpacked and load-tested in the staging folder, ready to be moved in."""

    archive: Path
    folder: Path
    name: str
    model: Model


def _install_folder(folder: Path, *, limits: Limits) -> list[Model]:
    """Install every .argosmodel of a folder, or none of them."""
    archives = sorted(folder.glob("*.argosmodel"))
    if not archives:
        raise ModelError("no .argosmodel files in this folder", path=folder)
    try:
        return _install_archives([(archive, None) for archive in archives], limits=limits)
    except ModelError as exc:
        if len(archives) == 1:
            raise
        raise ModelError(
            f"{exc.message}; none of the {len(archives)} packages in {folder.name}/ was installed",
            path=exc.path,
        ) from None


def _install_archives(
    archives: Sequence[tuple[Path, tuple[str, str] | None]], *, limits: Limits
) -> list[Model]:
    """Check, unpack and load-test every package beside the others, then move them all in.

    argostranslate's install_from_path extracts straight into the package folder, so a
    broken or interrupted install leaves half a package that later runs trip over; here
    nothing reaches the package folder until every package has passed.
    """
    packages = Path(argos_settings().package_data_dir)
    clear_abandoned(packages)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=packages))
    try:
        staged = [
            _stage(archive, expected, staging / str(number), limits=limits)
            for number, (archive, expected) in enumerate(archives)
        ]
        _refuse_two_for_one_folder(staged)
        _move_into_place(staged, packages, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _forget_loaded()
    return [item.model for item in staged]


#: A staging or download folder older than this was left by a killed install.
_ABANDONED_AFTER = 24 * 3600


def clear_abandoned(packages: Path) -> None:
    """Remove the hidden .installing-* and .download-* folders of installs that were killed
    (never a package: nothing is in place until it is complete)."""
    cutoff = time.time() - _ABANDONED_AFTER
    for folder in packages.glob(".*-*"):
        left = folder.name.startswith((".installing-", ".download-")) and folder.is_dir()
        if left and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def _stage(
    archive: Path, expected: tuple[str, str] | None, folder: Path, *, limits: Limits
) -> _Staged:
    """Check one archive completely, unpack it under `folder` and load-test its model."""
    with open_zip(archive) as bundle:
        infos = bundle.infolist()
        top = checked_members(infos, archive, max_bytes=limits.max_package_bytes)
        metadata = read_metadata(bundle, top, archive)
        checked_pair(metadata, archive, expected)
        name = folder_name(metadata, top, archive)
        unpack(bundle, infos, folder, archive)
    model = _model_from_package(_read_package(folder / top, archive), name)
    _load_test(folder / top, model, archive)
    return _Staged(archive, folder / top, name, model)


def _read_package(path: Path, archive: Path) -> Any:
    """argostranslate's view of an unpacked package."""
    from argostranslate import package

    try:
        return package.Package(path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"not a usable Argos package ({one_line(exc)})", path=archive) from None


#: What CTranslate2, SentencePiece and argostranslate raise for a model they cannot use.
_LOAD_ERRORS = (RuntimeError, OSError, ValueError, AttributeError, KeyError, IndexError, TypeError)


def _load_test(path: Path, model: Model, archive: Path) -> None:
    """Load the package as `translate` does and translate one word, or refuse it.

    A package can be a valid zip with valid metadata and still hold a model that
    CTranslate2 or SentencePiece cannot read; better said at install than at publish.
    """
    options = EngineOptions(beam_size=1, intra_threads=1, inter_threads=1)
    try:
        leg = _Leg._load(path, model, batching.Threads(inter=1, intra=1))
        ArgosTranslator([leg], options).translate(["Hello."])
    except (ModelError, *_LOAD_ERRORS) as exc:
        reason = exc.message if isinstance(exc, ModelError) else one_line(exc)
        reason = reason.replace(f"{path}{os.sep}", "")  # the staging folder is gone
        raise ModelError(
            f"the model does not load or translate ({reason}); nothing was installed; {REFETCH}",
            path=archive,
        ) from None


def _refuse_two_for_one_folder(staged: Sequence[_Staged]) -> None:
    """Two archives that would install into one folder: the user must choose."""
    seen: dict[str, Path] = {}
    for item in staged:
        if item.name in seen:
            raise ModelError(
                f"both {seen[item.name].name} and {item.archive.name} install {item.name}; "
                "keep one of them",
                path=item.archive.parent,
            )
        seen[item.name] = item.archive


def _move_into_place(staged: Sequence[_Staged], packages: Path, staging: Path) -> None:
    """Rename each staged package into the package folder; undo them all if one fails."""
    done: list[tuple[Path, Path | None]] = []  # (installed folder, the one it replaced)
    try:
        for number, item in enumerate(staged):
            final = packages / item.name
            previous = staging / f".previous-{number}" if final.exists() else None
            if previous is not None:
                final.rename(previous)
            done.append((final, previous))
            item.folder.rename(final)
    except OSError:
        for final, previous in reversed(done):
            if final.exists():  # the new package got in: take it out again
                shutil.rmtree(final, ignore_errors=True)
            if previous is not None:
                previous.rename(final)
        raise


def _install_from_index(pair: tuple[str, str], *, limits: Limits) -> Model:
    """Download the newest package of a pair to a temporary file, then install it."""
    url = index_url() + "index.json"
    offer = best_offer(fetch_index(url, limits=limits), pair, url)
    packages = Path(argos_settings().package_data_dir)
    # A fresh download every time: argostranslate reuses a cached file of the same
    # name even after the index moved to a new version. The folder goes on any failure.
    with tempfile.TemporaryDirectory(prefix=".download-", dir=packages) as folder:
        archive = Path(folder) / f"translate-{pair[0]}_{pair[1]}.argosmodel"
        download_package(offer.link, archive, limits=limits)
        try:
            [model] = _install_archives([(archive, pair)], limits=limits)
        except ModelError as exc:  # the temporary file is gone: name what the user can check
            raise ModelError(exc.message, path=offer.link) from None
    return model


# --- inference ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    """What batching needs to know of a loaded model."""

    vocabulary: int  # target pieces: the width of the logits
    workers: int  # CTranslate2 replicas (inter_threads)


def _vocabulary_size(model_dir: Path) -> int:
    """Target vocabulary size of a CTranslate2 model folder (JSON or one piece a line)."""
    for name in ("target_vocabulary", "shared_vocabulary"):
        for suffix, count in ((".json", _json_length), (".txt", _line_count)):
            file = model_dir / f"{name}{suffix}"
            if file.is_file():
                try:
                    return count(file)
                except (OSError, ValueError):
                    break
    return _DEFAULT_VOCABULARY


def _json_length(file: Path) -> int:
    import json

    pieces = json.loads(file.read_text(encoding="utf-8"))
    if not isinstance(pieces, list):
        raise ValueError(file)
    return len(pieces)


def _line_count(file: Path) -> int:
    with file.open("rb") as handle:
        return sum(1 for _ in handle)


#: When a model folder does not say (OPUS-MT vocabularies are 50-60k pieces).
_DEFAULT_VOCABULARY = 60_000


@dataclass
class _Leg:
    """One loaded model: CTranslate2 translator and the package's tokenizer."""

    model: Model
    translator: Any
    encode: Callable[[str], list[str]]
    decode: Callable[[list[str]], str]
    target_prefix: str
    shape: _Shape

    @classmethod
    def load(cls, path: Path, model: Model, options: EngineOptions) -> _Leg:
        """Load a package's model and tokenizer (cached for the process until an install)."""
        chosen = batching.threads(options.inter_threads, options.intra_threads)
        key = (str(path), model.version, chosen.intra, chosen.inter)
        if key not in _LOADED:
            try:
                _LOADED[key] = cls._load(path, model, chosen)
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
    def _load(cls, path: Path, model: Model, threads: batching.Threads) -> _Leg:
        import ctranslate2
        from argostranslate import package

        pkg = package.Package(path)
        translator = ctranslate2.Translator(
            str(path / "model"),
            device="cpu",
            inter_threads=threads.inter,
            intra_threads=threads.intra,
            # Unbounded: with the default queue (a few batches), submitting a run's batches
            # blocks until most are done, so none could be reported before the last was in.
            max_queued_batches=-1,
        )
        shape = _Shape(_vocabulary_size(path / "model"), threads.inter)
        sp_model = path / "sentencepiece.model"
        if sp_model.exists():
            import sentencepiece

            processor = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))

            def encode(text: str) -> list[str]:
                return list(processor.encode(text, out_type=str))

            def decode(pieces: list[str]) -> str:
                # Not argostranslate's decode, which also turns every "_" into a space.
                return str(processor.decode_pieces(pieces))

            return cls(model, translator, encode, decode, str(pkg.target_prefix or ""), shape)
        tokenizer = pkg.tokenizer  # BPE packages: Moses tokenisation, as Argos does it
        prefix = str(pkg.target_prefix or "")
        return cls(model, translator, tokenizer.encode, tokenizer.decode, prefix, shape)


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


@dataclass(frozen=True)
class _Hypotheses:
    """What the model gave for one chunk: the best text, its confidence, the others."""

    text: str
    cut: bool
    score: float
    alternatives: tuple[str, ...] = ()


class ArgosTranslator:
    """Translates segments along a route: length-sorted batches, one leg after the other."""

    def __init__(self, legs: list[_Leg], options: EngineOptions):
        self.legs = legs
        self.options = options

    def carries(self, text: str) -> bool:
        """Whether every leg's tokenizer gives `text` back as it is (no <unk>, no
        normalisation of its characters)."""
        return all(leg.decode(leg.encode(text)) == text for leg in self.legs)

    def translate(
        self, segments: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[Output]:
        """Translate every segment; problems (too long, possibly cut) are reported, not hidden.

        `progress` is told how many segments each finished batch held, once per leg. The
        confidence of a route is the product of its legs'; alternatives come from the last.
        """
        outputs = [Output(text, score=1.0) for text in segments]
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
        found: dict[int, list[tuple[_Hypotheses, int]]] = {i: [] for i in range(len(inputs))}
        for (index, tokens), result in zip(jobs, results, strict=True):
            found[index].append((result, len(tokens)))
            if result.cut:
                problems[index].append("the output reached the decoding limit (may be cut)")
        outputs = []
        for i, item in enumerate(inputs):
            parts = found[i]
            if i in skipped or not parts:
                outputs.append(Output("", tuple(problems[i])))
                continue
            weight = sum(size for _, size in parts)
            score = sum(r.score * size for r, size in parts) / weight  # by tokens
            alternatives = parts[0][0].alternatives if len(parts) == 1 else ()
            outputs.append(
                Output(
                    joined([r.text for r, _ in parts], leg.model.to_code),
                    tuple(problems[i]),
                    score=(item.score if item.score is not None else 1.0) * score,
                    alternatives=alternatives,
                )
            )
        return outputs

    def _translate_tokens(
        self, leg: _Leg, batch: list[list[str]], progress: Callable[[int], None] | None
    ) -> list[_Hypotheses]:
        """Length-sorted batches, all submitted at once so that every CTranslate2 worker
        (inter_threads) has work, then collected in order (the order they are worked on),
        `progress` told of each as soon as its results are in."""
        wanted = 1 + self.options.alternatives
        beam = max(self.options.beam_size, wanted)  # a beam holds as many hypotheses as wide
        plan = batching.batches(
            [len(tokens) for tokens in batch],
            beam=beam,
            vocabulary=leg.shape.vocabulary,
            workers=leg.shape.workers,
            size=self.options.batch_size,
        )
        submitted = []
        for chosen in plan:
            tokens = [batch[i] for i in chosen]
            limit = min(MAX_DECODING_TOKENS, 2 * max(len(t) for t in tokens) + 32)
            prefix = [[leg.target_prefix] for _ in chosen] if leg.target_prefix else None
            pending = leg.translator.translate_batch(
                tokens,
                target_prefix=prefix,
                beam_size=beam,
                num_hypotheses=wanted,
                return_scores=True,
                max_batch_size=len(chosen),
                max_decoding_length=limit,
                asynchronous=True,
            )
            submitted.append((chosen, limit, pending))
        results: list[_Hypotheses] = [_Hypotheses("", False, 0.0)] * len(batch)
        for chosen, limit, pending in submitted:
            for i, item in zip(chosen, pending, strict=True):
                try:
                    result = item.result()
                except RuntimeError as exc:
                    raise ModelError(
                        f"{leg.model.label} failed while translating ({exc})"
                    ) from None
                results[i] = _hypotheses(leg, result, limit)
            if progress is not None:
                progress(len(chosen))
        return results


#: Alternatives the model is much less sure of than its best (beam search fills its beam
#: with whatever is left, such as the sentence followed by junk) are not worth a reviewer's
#: time: only those at least this fraction of the best's confidence are kept.
_FLOOR = 0.5


def _hypotheses(leg: _Leg, result: Any, limit: int) -> _Hypotheses:
    """The decoded hypotheses of one CTranslate2 result, best first, distinct."""
    texts: list[str] = []
    scores: list[float] = []
    cut = False
    for number, pieces in enumerate(result.hypotheses):
        hypothesis = list(pieces)
        if leg.target_prefix and hypothesis[:1] == [leg.target_prefix]:
            hypothesis = hypothesis[1:]
        text = leg.decode(hypothesis)
        if number == 0:
            cut = len(hypothesis) >= limit
        if text not in texts:
            texts.append(text)
            scores.append(float(result.scores[number]) if result.scores else 0.0)
    # CTranslate2's score is the log-probability divided by the length (length_penalty 1,
    # the end token counted), with beam search as with greedy: its exponential is the
    # geometric mean of the token probabilities.
    confidences = [min(1.0, math.exp(score)) for score in scores]
    best = confidences[0] if confidences else 0.0
    others = tuple(
        text for text, c in zip(texts[1:], confidences[1:], strict=True) if c >= best * _FLOOR
    )
    return _Hypotheses(texts[0] if texts else "", cut, best, others)


def _chunks(text: str, encode: Callable[[str], list[str]]) -> list[list[str]]:
    """The segment's tokens, split at clause boundaries when it exceeds the input limit."""
    tokens = encode(text)
    if len(tokens) <= MAX_INPUT_TOKENS:
        return [tokens]
    return [encode(piece) for piece in clauses(text, lambda t: len(encode(t)), MAX_INPUT_TOKENS)]
