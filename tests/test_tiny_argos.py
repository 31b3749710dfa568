"""The tiny Argos packages of tests/tiny_argos.py are real: zip layout, CTranslate2, HTTP."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import ctranslate2
import numpy as np
import pytest
import sentencepiece as spm

from tests.tiny_argos import (
    COPY,
    SWAP_EN_FR,
    PackageIndexServer,
    build_argos_package,
    build_broken_packages,
    train_sentencepiece,
    write_index,
)

SENTENCES = [
    "The launch of the satellite and the rocket is set for 3 March.",
    "snake_case_name __init__ _leading and trailing_ 12_345 and 2026-02-12",
    "Details at https://media.example.org/helios-3?lang=en_GB&id=42#top or press@example.org",
    "Placeholders ⟦1⟧ and ⟦23⟧ stay ⟦1⟧⟦2⟧ intact, {{minister}} too.",
    "« Le lancement aura lieu à 21 h 47 », a déclaré la ministre ; budget : 412,5 M€.",
    "打ち上げは種子島宇宙センターから行われます。鳩と🚀も大丈夫です。",
    "  two leading spaces,\ttab, no-break\u00a0space, trailing  ",
    "x",
]

# Argostranslate 1.12's own decoding options (translate.py), on top of the beam size.
ARGOS_OPTIONS: dict[str, Any] = {
    "beam_size": 4,
    "length_penalty": 0.2,
    "replace_unknowns": True,
    "return_scores": True,
    "batch_type": "tokens",
    "max_batch_size": 32,
}


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The en→fr copy and swap packages, built as real ones are, and the exact copy
    package (byte fallback, float weights), built once for the module."""
    folder = tmp_path_factory.mktemp("packages")
    return {
        COPY: build_argos_package(folder / COPY, "en", "fr"),
        "swap": build_argos_package(folder / "swap", "en", "fr", mapping=SWAP_EN_FR),
        "exact": build_argos_package(folder / "exact", "en", "fr", realistic=False),
    }


@pytest.fixture(scope="module")
def sp() -> spm.SentencePieceProcessor:
    """The tokenizer of the exact package: every text round-trips."""
    return spm.SentencePieceProcessor(model_proto=train_sentencepiece(realistic=False))


@pytest.fixture(scope="module")
def real_sp() -> spm.SentencePieceProcessor:
    """The tokenizer of the packages built like real ones."""
    return spm.SentencePieceProcessor(model_proto=train_sentencepiece())


def _translator(package: Path, dest: Path) -> ctranslate2.Translator:
    """Extract a package and load its model/ folder on one thread."""
    with zipfile.ZipFile(package) as archive:
        archive.extractall(dest)
    return ctranslate2.Translator(str(dest / "translate-en_fr" / "model"), intra_threads=1)


@pytest.fixture(scope="module")
def copy_model(
    packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> ctranslate2.Translator:
    """CTranslate2 translator of the exact copy package."""
    return _translator(packages["exact"], tmp_path_factory.mktemp("exact"))


@pytest.fixture(scope="module")
def real_copy_model(
    packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> ctranslate2.Translator:
    """CTranslate2 translator of the copy package built like a real one."""
    return _translator(packages[COPY], tmp_path_factory.mktemp("copy"))


@pytest.fixture(scope="module")
def swap_model(
    packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> ctranslate2.Translator:
    """CTranslate2 translator of the swap package."""
    return _translator(packages["swap"], tmp_path_factory.mktemp("swap"))


def _long_text(sp: spm.SentencePieceProcessor, n_pieces: int) -> str:
    """Sentences joined into one line of at least `n_pieces` pieces."""
    text = ""
    while len(sp.encode(text)) < n_pieces:
        text += " ".join(SENTENCES[:6]) + " "
    return text


@pytest.mark.parametrize("realistic", [True, False], ids=["real-like", "exact"])
def test_vocabulary_has_swap_pieces_and_cjk(realistic: bool) -> None:
    sp = spm.SentencePieceProcessor(model_proto=train_sentencepiece(realistic=realistic))
    pieces = {sp.id_to_piece(i) for i in range(sp.get_piece_size())}
    assert sp.get_piece_size() == 512
    assert {p for pair in SWAP_EN_FR.items() for p in pair} <= pieces
    assert {"宇", "宙", "打"} <= pieces
    assert train_sentencepiece(realistic=realistic) is train_sentencepiece(realistic=realistic)


def test_real_like_tokenizer_is_trained_as_real_packages_are(
    real_sp: spm.SentencePieceProcessor,
) -> None:
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(train_sentencepiece())
    assert proto.normalizer_spec.name == "nmt_nfkc"
    assert not proto.trainer_spec.byte_fallback
    pieces = {real_sp.id_to_piece(i) for i in range(real_sp.get_piece_size())}
    assert not [p for p in pieces if p.startswith("<0x")]
    # What breaks naive placeholders and Japanese punctuation in real packages:
    assert real_sp.piece_to_id("⟦") == real_sp.piece_to_id("⟧") == real_sp.unk_id()
    assert real_sp.decode(real_sp.encode("⟦1⟧")) == " ⁇ 1 ⁇ "
    assert real_sp.decode(real_sp.encode("総額は４１２億円！詳細：")) == "総額は412億円!詳細:"
    assert real_sp.decode(real_sp.encode("[X12X] at 10:30")) == "[X12X] at 10:30"


def test_real_like_packages_hold_int8_weights(
    real_copy_model: ctranslate2.Translator, copy_model: ctranslate2.Translator
) -> None:
    # CTranslate2 runs a model in the type its weights were saved in, by default.
    assert real_copy_model.compute_type == "int8_float32"
    assert copy_model.compute_type == "float32"


def test_real_like_copy_model_returns_what_its_tokenizer_reads(
    real_copy_model: ctranslate2.Translator, real_sp: spm.SentencePieceProcessor
) -> None:
    texts = [s for s in SENTENCES if "🚀" not in s and "⟦" not in s]
    pieces = [real_sp.encode(text, out_type=str) for text in texts]
    for beam in (1, 4):
        results = real_copy_model.translate_batch(pieces, beam_size=beam)
        for source, result in zip(pieces, results, strict=True):
            assert result.hypotheses[0] == source


def test_package_layout_and_metadata(packages: dict[str, Path]) -> None:
    with zipfile.ZipFile(packages[COPY]) as archive:
        names = set(archive.namelist())
        metadata = json.loads(archive.read("translate-en_fr/metadata.json"))
        assert archive.read("translate-en_fr/sentencepiece.model") == train_sentencepiece()
    top = "translate-en_fr/"
    assert names == {
        top,
        *(top + n for n in ("metadata.json", "sentencepiece.model", "README.md")),
        *(top + n for n in ("model/", "model/model.bin", "model/config.json")),
        *(top + n for n in ("model/shared_vocabulary.json", "minisbd/", "minisbd/fake.onnx")),
    }
    assert metadata == {
        "package_version": "1.0",
        "argos_version": "1.0",
        "from_code": "en",
        "from_name": "English",
        "to_code": "fr",
        "to_name": "French",
        "type": "translate",
        "code": "translate-en_fr",
        "links": [],
    }


def test_package_options(tmp_path: Path) -> None:
    start = time.perf_counter()
    path = build_argos_package(
        tmp_path, "ja", "de", package_version="2.1", with_minisbd=False, name="custom"
    )
    assert time.perf_counter() - start < 0.5  # ~10 ms once the tokenizer is trained
    assert path == tmp_path / "custom.argosmodel"
    with zipfile.ZipFile(path) as archive:
        assert not [n for n in archive.namelist() if not n.startswith("custom/")]
        assert "custom/minisbd/fake.onnx" not in archive.namelist()
        metadata = json.loads(archive.read("custom/metadata.json"))
    assert (metadata["from_name"], metadata["to_name"]) == ("Japanese", "German")
    assert metadata["package_version"] == "2.1"


@pytest.mark.parametrize(
    "mapping", [{"▁the": "▁no-such-piece"}, {"▁the": "▁le", "▁le": "▁de"}], ids=["unknown", "chain"]
)
def test_invalid_mapping_is_refused(tmp_path: Path, mapping: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="mapping"):
        build_argos_package(tmp_path, "en", "fr", mapping=mapping)


@pytest.mark.parametrize(
    "options", [{"beam_size": 1}, {"beam_size": 4}, ARGOS_OPTIONS], ids=["beam1", "beam4", "argos"]
)
def test_copy_model_returns_input_pieces(
    copy_model: ctranslate2.Translator, sp: spm.SentencePieceProcessor, options: dict[str, Any]
) -> None:
    texts = [*SENTENCES, _long_text(sp, 300)]
    pieces = [sp.encode(text, out_type=str) for text in texts]
    assert len(pieces[-1]) >= 300
    assert any(p.startswith("<0x") for p in pieces[5])  # byte fallback in use
    results = copy_model.translate_batch(pieces, max_decoding_length=1100, **options)
    for text, source, result in zip(texts, pieces, results, strict=True):
        assert result.hypotheses[0] == source
        assert sp.decode_pieces(result.hypotheses[0]) == text


def test_copy_model_default_max_decoding_length_truncates(
    copy_model: ctranslate2.Translator, sp: spm.SentencePieceProcessor
) -> None:
    # A pitfall the fixture makes visible: CTranslate2 stops at 256 pieces by default.
    source = sp.encode(_long_text(sp, 300), out_type=str)
    [result] = copy_model.translate_batch([source], beam_size=1)
    assert result.hypotheses[0] == source[:256]


@pytest.mark.parametrize("beam_size", [1, 4])
def test_swap_model_turns_the_into_le(
    swap_model: ctranslate2.Translator, sp: spm.SentencePieceProcessor, beam_size: int
) -> None:
    source = sp.encode("the launch of the satellite and le budget", out_type=str)
    assert {"▁the", "▁of", "▁and", "▁le"} <= set(source)
    [result] = swap_model.translate_batch([source], beam_size=beam_size)
    assert sp.decode_pieces(result.hypotheses[0]) == "le launch de le satellite et the budget"


def test_fake_minisbd_is_a_working_onnx_model(packages: dict[str, Path]) -> None:
    ort = pytest.importorskip("onnxruntime")
    with zipfile.ZipFile(packages[COPY]) as archive:
        model = archive.read("translate-en_fr/minisbd/fake.onnx")
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    assert session.get_modelmeta().custom_metadata_map["lang_code"] == "en"
    units = np.array([[1, 2, 1, 1]], dtype=np.int64)  # "x xx": <UNK>=1, " "=2
    features = np.zeros((1, 4, 1), dtype=np.float32)
    [logits] = session.run(["logits"], {"units": units, "features": features})
    # Class 2 (sentence end) only scores where a space or the end follows, and never wins.
    expected = np.zeros((1, 4, 5), dtype=np.float32)
    expected[..., 0] = 1.5
    expected[0, [0, 3], 2] = 1.0
    np.testing.assert_array_equal(logits, expected)


def test_broken_packages(tmp_path: Path) -> None:
    broken = build_broken_packages(tmp_path)
    assert set(broken) == {"not-a-zip", "no-metadata", "wrong-pair", "no-model"}
    assert not zipfile.is_zipfile(broken["not-a-zip"])
    with zipfile.ZipFile(broken["no-metadata"]) as archive:
        assert "translate-en_fr/model/model.bin" in archive.namelist()
        assert not [n for n in archive.namelist() if n.endswith("metadata.json")]
    with zipfile.ZipFile(broken["no-model"]) as archive:
        assert "translate-en_fr/metadata.json" in archive.namelist()
        assert not [n for n in archive.namelist() if "/model/" in n]
    assert broken["wrong-pair"].name == "translate-en_fr.argosmodel"
    with zipfile.ZipFile(broken["wrong-pair"]) as archive:
        metadata = json.loads(archive.read("translate-en_fr/metadata.json"))
    assert (metadata["from_code"], metadata["to_code"]) == ("en", "de")


@pytest.fixture
def index_folder(tmp_path: Path) -> Path:
    """A folder holding the swap package, to be served."""
    build_argos_package(tmp_path, "en", "fr", mapping=SWAP_EN_FR)
    return tmp_path


def _get(url: str) -> bytes:
    """GET a URL, bypassing any proxy settings, with a timeout."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=5) as response:
        body: bytes = response.read()
    return body


def test_server_serves_index_and_package(index_folder: Path) -> None:
    package = index_folder / "translate-en_fr.argosmodel"
    with PackageIndexServer(index_folder) as server:
        assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/")
        write_index(index_folder, [package], server.url)
        [entry] = json.loads(_get(server.url + "index.json"))
        assert entry["links"] == [server.url + "translate-en_fr.argosmodel"]
        assert (entry["from_code"], entry["to_code"], entry["code"]) == (
            "en",
            "fr",
            "translate-en_fr",
        )
        assert _get(entry["links"][0]) == package.read_bytes()
    # The socket is closed, not just the loop stopped: refused at once, no hang.
    with pytest.raises(urllib.error.URLError):
        _get(server.url + "index.json")
