"""Tiny but real Argos Translate packages (.argosmodel) for tests and benchmarks.

Everything is built in-process in milliseconds, without network or data files:

* a SentencePiece BPE model trained on the small EN/FR/JA corpus below. By default it is
  trained the way real Argos packages are (OPUS-MT conversions, argos-train): NFKC
  normalisation (`nmt_nfkc`), no byte fallback, white space folded, and no character the
  corpus lacks, so `⟦` or `⟧` encode to `<unk>` as they do in real vocabularies. With
  ``realistic=False`` it uses identity normalisation and byte fallback, so that any text
  round-trips exactly (for tests about exactness);
* a CTranslate2 Transformer (1 encoder and 1 decoder layer, 1 head) whose weights
  are constructed, not trained: decoder step t attends to source position t and
  emits that piece, optionally through a permutation of pieces (``SWAP_EN_FR``)
  so that a "translation" is visible.  It stops by copying the ``</s>`` that
  CTranslate2 appends to the source (``add_source_eos``);
* optionally a fake MiniSBD sentence splitter (``minisbd/fake.onnx``, hand-written
  protobuf) so that argostranslate never downloads one from GitHub.

Usage::

    path = build_argos_package(tmp_path, "en", "fr", mapping=SWAP_EN_FR)
    with PackageIndexServer(tmp_path) as server:
        write_index(tmp_path, [path], server.url)
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import math
import os
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable, Mapping, Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import numpy as np
import numpy.typing as npt
import sentencepiece as spm
from ctranslate2.specs import attention_spec, common_spec, transformer_spec

__all__ = [
    "COPY",
    "SWAP_EN_FR",
    "PackageIndexServer",
    "build_argos_package",
    "build_broken_packages",
    "train_sentencepiece",
    "write_index",
]

COPY = "copy"  # mapping name of the identity model (no piece is swapped)

# A visible "translation": each pair is swapped in both directions, so the model is
# a permutation of pieces.  All six pieces exist in the trained vocabulary (tested).
SWAP_EN_FR: dict[str, str] = {"▁the": "▁le", "▁and": "▁et", "▁of": "▁de"}

# --------------------------------------------------------------------------------------
# Corpus and SentencePiece
# --------------------------------------------------------------------------------------

# Written for these fixtures: press-release-like sentences, fictional people and figures.
_CORPUS_EN = """\
KOUROU, 12 February 2026 - The European space agency and the national space agency of \
France today confirmed the launch of the Helios-3 observation satellite.
The satellite will monitor the coastlines of the Atlantic and the Indian Ocean for seven years.
"This launch is a milestone for the industry of the whole continent," said the Minister \
of Research, Claire Moreau.
The programme has a total budget of EUR 412.5 million, of which EUR 96 million comes from \
the regional partners.
Lift-off is scheduled for 21:47 local time on Tuesday 3 March, weather permitting.
The launcher and the payload were integrated at the Guiana Space Centre in January.
The agency and its Japanese partner signed a memorandum of understanding on lunar exploration.
Both agencies will share the data of the mission with research teams around the world.
A second satellite of the same series is expected to follow in the spring of 2027.
The contract covers the design, the construction and the operation of the ground segment.
More than 1,200 engineers and technicians took part in the preparation of the launch.
Images of the launch will be available at https://media.example.org/helios-3/launch \
from 23:00 CET.
Press contact: Paul Lefevre, +33 5 61 27 40 00, press_office@space.example.org
Journalists who wish to attend the launch must register before 15 February 2026.
The minister of the economy and the minister of research will visit the launch site on Monday.
The results of the first orbit will be published on the website of the agency.
"""

_CORPUS_FR = """\
KOUROU, le 12 février 2026 - L'agence spatiale européenne et l'agence spatiale \
française ont confirmé aujourd'hui le lancement du satellite d'observation Helios-3.
Le satellite surveillera les côtes de l'Atlantique et de l'océan Indien pendant sept ans.
« Ce lancement est une étape majeure pour l'industrie de tout le continent », a déclaré \
la ministre de la Recherche, Claire Moreau.
Le programme dispose d'un budget total de 412,5 millions d'euros, dont 96 millions \
d'euros apportés par les partenaires régionaux.
Le décollage est prévu le mardi 3 mars à 21 h 47, heure locale, si la météo le permet.
Le lanceur et la charge utile ont été intégrés au Centre spatial guyanais en janvier.
L'agence et son partenaire japonais ont signé un protocole d'accord sur l'exploration lunaire.
Les deux agences partageront les données de la mission avec les équipes de recherche \
du monde entier.
Un second satellite de la même série devrait suivre au printemps 2027.
Le contrat couvre la conception, la construction et l'exploitation du segment sol.
Plus de 1 200 ingénieurs et techniciens ont participé à la préparation du lancement.
Les images du lancement seront disponibles sur https://media.example.org/helios-3/lancement \
à partir de 23 h 00.
Contact presse : Paul Lefèvre, +33 5 61 27 40 00, service_presse@space.example.org
Les journalistes souhaitant assister au lancement doivent s'inscrire avant le 15 février 2026.
Le ministre de l'Économie et la ministre de la Recherche visiteront le site de lancement lundi.
Les résultats de la première orbite seront publiés sur le site de l'agence.
"""

# Few lines on purpose: with character_coverage=1.0 every distinct character becomes a
# piece, and a 512-piece vocabulary must still leave room for the EN/FR merges.
_CORPUS_JA = """\
東京、2026年2月12日 - 宇宙航空研究開発機構は本日、地球観測衛星の打ち上げに成功したと発表しました。
大臣は「日本とフランスの宇宙協力は新しい段階に入りました」と述べました。
事業の総額は412億円で、2027年3月までに完了する予定です。
詳細は https://www.example.jp/press をご覧ください。
お問い合わせ:広報部 03-1234-5678、press@example.jp
"""

# Placeholders and markup become real pieces (byte fallback would also round-trip
# them, this just keeps the sequences short). Exact (byte-fallback) fixtures only.
_CORPUS_MARKUP = """\
⟦1⟧ ⟦2⟧ ⟦3⟧ ⟦12⟧ {{minister}} <b>Helios-3</b> [1] (2) #3 @space_agency 2026-02-12T21:47Z
"""

# What a real corpus of news holds and a 600-line one misses: every printable ASCII
# character and the usual typographic ones (a real vocabulary has them all, but not
# ⟦ or ⟧, nor the private-use area).
_CORPUS_CHARACTERS = """\
ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789
! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \\ ] ^ _ ` { | } ~
€ £ ¥ « » – — ’ ‘ “ ” … ° é è à ç ù ô É À Ç
"""


def _corpus_lines(*, realistic: bool = True) -> list[str]:
    """Non-empty lines of the embedded training corpus."""
    extra = _CORPUS_CHARACTERS if realistic else _CORPUS_MARKUP
    text = _CORPUS_EN + _CORPUS_FR + _CORPUS_JA + extra
    return [line for line in text.splitlines() if line.strip()]


#: SentencePiece trainer options every Argos-like vocabulary here is trained with (the tests'
#: tiny ones and bench/real_model.py's): every character kept, a dummy prefix, digits split,
#: and the Argos/OpenNMT piece ids <unk>=0, <s>=1, </s>=2 with no padding piece.
TRAINER_CONVENTIONS: dict[str, object] = {
    "character_coverage": 1.0,
    "add_dummy_prefix": True,
    "split_digits": True,
    "unk_id": 0,
    "bos_id": 1,
    "eos_id": 2,
    "pad_id": -1,
    "minloglevel": 2,
}


@functools.cache
def train_sentencepiece(vocab_size: int = 512, *, realistic: bool = True) -> bytes:
    """Train a BPE SentencePiece model on the embedded corpus; return the serialised model.

    realistic: as real Argos packages are trained (nmt_nfkc, no byte fallback, folded
    white space); else exact (identity normalisation, byte fallback, every text back).
    """
    if realistic:
        settings: dict[str, Any] = {
            "byte_fallback": False,
            "normalization_rule_name": "nmt_nfkc",
            "remove_extra_whitespaces": True,
        }
    else:
        # Identity normalisation + no whitespace folding + byte fallback give an
        # exact decode(encode(s)) == s for any text (except a literal "▁").
        settings = {
            "byte_fallback": True,
            "normalization_rule_name": "identity",
            "remove_extra_whitespaces": False,
            "allow_whitespace_only_pieces": True,
        }
    buf = io.BytesIO()
    # The trainer logs to stderr by default: send it nowhere. Its redirection needs a real
    # stderr file descriptor, which pytest's output capture does not have.
    try:
        sys.stderr.fileno()
        quiet: dict[str, Any] = {"logstream": open(os.devnull, "w")}  # noqa: SIM115
    except (OSError, ValueError, io.UnsupportedOperation):
        quiet = {}
    with contextlib.ExitStack() as stack:
        if "logstream" in quiet:
            stack.enter_context(quiet["logstream"])
        spm.SentencePieceTrainer.Train(
            **quiet,
            **settings,
            sentence_iterator=iter(_corpus_lines(realistic=realistic) * 4),  # merge counts
            model_writer=buf,
            model_type="bpe",
            vocab_size=vocab_size,
            hard_vocab_limit=False,  # tiny corpus: accept fewer pieces rather than fail
            **TRAINER_CONVENTIONS,
            num_threads=1,
        )
    return buf.getvalue()


def _vocabulary(sp_model: bytes) -> list[str]:
    """All pieces of a serialised SentencePiece model, by id."""
    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


# --------------------------------------------------------------------------------------
# CTranslate2 copy model
# --------------------------------------------------------------------------------------
#
# Maths, for one head of width d (no scaling of embeddings, pre-norm layers):
# * token and position codes live in separate blocks of the d dimensions; every code
#   is zero-mean with a constant norm, so each LayerNorm is a division by a constant;
# * encoder: memory_j = [tok(src_j), pos(j)] / sigma_enc (the layer itself is zeroed);
# * decoder: embeddings are zero, so step t only carries pos(t); the cross-attention
#   query is pos(t), keys are pos(j), values are tok(src_j): with a large margin the
#   softmax is one-hot on j = t and the residual becomes [tok(src_t), pos(t)];
# * the output projection scores piece v by <tok(inv[v]), tok(src_t)>, maximal for
#   v = perm[src_t] with a log-probability gap of `_MARGIN` (beam search agrees).

_TOK_BASE = 8  # token code: one one-hot block per base-8 digit of the piece id
_POS_BASE = 16  # position code: one one-hot block per base-16 digit of the position
_MARGIN = 40.0  # logit gap between the right and any wrong choice (e^-40 ~ 4e-18)
_DOUBT_GAP = 0.5  # logit gap of a doubtful piece: p(right) = 1 / (1 + e^-0.5) ~ 0.62
_FFN_WIDTH = 4  # feed-forward layers are zeroed: keep them as small as allowed


def _digit_codes(n: int, base: int) -> npt.NDArray[np.float32]:
    """Row i: concatenated one-hot base-`base` digits of i, each shifted by -1/base."""
    ndigits = max(1, math.ceil(math.log(n, base) - 1e-9))
    digits = (np.arange(n)[:, None] // base ** np.arange(ndigits)) % base
    # Zero-mean rows of equal norm; <c_i, c_j> = (#equal digits) - ndigits/base, so
    # the self-product beats any other row by at least 1.
    codes = np.full((n, ndigits * base), -1.0 / base, dtype=np.float32)
    np.put_along_axis(codes, digits + base * np.arange(ndigits), 1.0 - 1.0 / base, axis=1)
    return codes


def _piece_permutation(pieces: Sequence[str], mapping: Mapping[str, str]) -> npt.NDArray[np.intp]:
    """Output piece id for each source piece id: identity except the swapped pairs."""
    index = {piece: i for i, piece in enumerate(pieces)}
    missing = sorted(p for pair in mapping.items() for p in pair if p not in index)
    if missing:
        raise ValueError(f"mapping pieces not in the vocabulary: {missing}")
    swapped = [p for a, b in mapping.items() if a != b for p in (a, b)]
    if len(swapped) != len(set(swapped)):
        # Overlapping pairs ({a: b, b: c}) would not describe a permutation.
        raise ValueError(f"mapping pairs must not share pieces: {dict(mapping)}")
    perm = np.arange(len(pieces))
    for a, b in mapping.items():
        perm[index[a]], perm[index[b]] = index[b], index[a]
    return perm


def _zeros(*shape: int) -> npt.NDArray[np.float32]:
    """A float32 array of zeros (all weights are float32)."""
    return np.zeros(shape, dtype=np.float32)


def _set_identity_layer_norm(spec: common_spec.LayerNormSpec, d: int) -> None:
    """gamma = 1, beta = 0: the layer norm only normalises."""
    spec.gamma = np.ones(d, dtype=np.float32)
    spec.beta = _zeros(d)


def _zero_ffn(spec: transformer_spec.FeedForwardSpec, d: int) -> None:
    """A feed-forward block that adds nothing to the residual stream."""
    _set_identity_layer_norm(spec.layer_norm, d)
    spec.linear_0.weight, spec.linear_0.bias = _zeros(_FFN_WIDTH, d), _zeros(_FFN_WIDTH)
    spec.linear_1.weight, spec.linear_1.bias = _zeros(d, _FFN_WIDTH), _zeros(d)


def _zero_self_attention(spec: attention_spec.MultiHeadAttentionSpec, d: int) -> None:
    """A self-attention block that adds nothing (zero output projection)."""
    _set_identity_layer_norm(spec.layer_norm, d)
    spec.linear[0].weight, spec.linear[0].bias = _zeros(3 * d, d), _zeros(3 * d)  # fused QKV
    spec.linear[1].weight, spec.linear[1].bias = _zeros(d, d), _zeros(d)


def _set_copy_attention(
    spec: attention_spec.MultiHeadAttentionSpec,
    d: int,
    blocks: tuple[slice, slice],
    alpha: float,
    beta: float,
) -> None:
    """Cross-attention: query alpha*pos(t), key pos(j), value beta*tok(src_j)."""
    tok, pos = blocks
    eye_pos = np.eye(pos.stop - pos.start, dtype=np.float32)
    eye_tok = np.eye(tok.stop - tok.start, dtype=np.float32)
    _set_identity_layer_norm(spec.layer_norm, d)
    query = _zeros(d, d)
    query[pos, pos] = alpha * eye_pos
    key_value = _zeros(2 * d, d)  # fused: rows [0, d) are the key, [d, 2d) the value
    key_value[:d][pos, pos] = eye_pos
    key_value[d:][tok, tok] = eye_tok
    out = _zeros(d, d)
    out[tok, tok] = beta * eye_tok
    spec.linear[0].weight, spec.linear[0].bias = query, _zeros(d)
    spec.linear[1].weight, spec.linear[1].bias = key_value, _zeros(2 * d)
    spec.linear[2].weight, spec.linear[2].bias = out, _zeros(d)


def _copy_model_spec(
    pieces: Sequence[str],
    perm: npt.NDArray[np.intp],
    max_positions: int,
    doubts: Mapping[int, int] | None = None,
) -> transformer_spec.TransformerSpec:
    """A 1+1-layer Transformer spec that outputs perm[src_t] at step t (see the maths above).

    doubts: source piece id -> another output piece id that the model hesitates to give
    instead (`_DOUBT_GAP` below the right one); that piece is no longer output for itself.
    """
    tok_codes = _digit_codes(len(pieces), _TOK_BASE)
    pos_codes = _digit_codes(max_positions, _POS_BASE)
    d_tok, d_pos = tok_codes.shape[1], pos_codes.shape[1]
    d = d_tok + d_pos
    tok, pos = slice(0, d_tok), slice(d_tok, d)
    # Squared norms of the codes give the constant LayerNorm divisors.
    tok_norm2, pos_norm2 = float(tok_codes[0] @ tok_codes[0]), float(pos_codes[0] @ pos_codes[0])
    sigma_enc = math.sqrt((tok_norm2 + pos_norm2) / d)  # std of [tok, pos]
    sigma_dec = math.sqrt(pos_norm2 / d)  # std of [0, pos] in the decoder
    # Undo both LayerNorms and the 1/sqrt(d) attention scaling, then apply the margin.
    alpha = _MARGIN * sigma_dec * sigma_enc * math.sqrt(d)

    source_embeddings = _zeros(len(pieces), d)
    source_embeddings[:, tok] = tok_codes
    position_encodings = _zeros(max_positions, d)
    position_encodings[:, pos] = pos_codes

    spec = transformer_spec.TransformerSpec.from_config(num_layers=(1, 1), num_heads=1)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.scale_embeddings = False
    encoder.embeddings[0].weight = source_embeddings
    encoder.position_encodings.encodings = position_encodings
    _zero_self_attention(encoder.layer[0].self_attention, d)
    _zero_ffn(encoder.layer[0].ffn, d)
    _set_identity_layer_norm(encoder.layer_norm, d)

    decoder.scale_embeddings = False
    decoder.embeddings.weight = _zeros(len(pieces), d)  # only the position matters
    decoder.position_encodings.encodings = position_encodings
    _zero_self_attention(decoder.layer[0].self_attention, d)
    # beta = sigma_enc undoes the encoder's LayerNorm: the residual gets tok(src_t) itself.
    _set_copy_attention(decoder.layer[0].attention, d, (tok, pos), alpha, beta=sigma_enc)
    _zero_ffn(decoder.layer[0].ffn, d)
    _set_identity_layer_norm(decoder.layer_norm, d)
    projection = _zeros(len(pieces), d)
    # Output v fires for the source piece inv[v]; the final LayerNorm divided by sigma_enc.
    projection[:, tok] = _MARGIN * sigma_enc * tok_codes[np.argsort(perm)]
    bias = _zeros(len(pieces))
    for source, other in (doubts or {}).items():
        # The other piece scores exactly as the right one for this source, minus the gap.
        projection[other, tok] = _MARGIN * sigma_enc * tok_codes[source]
        bias[other] = -_DOUBT_GAP
    decoder.projection.weight, decoder.projection.bias = projection, bias

    spec.config.add_source_eos = True  # copying the appended </s> ends decoding
    spec.config.layer_norm_epsilon = 1e-6
    spec.register_source_vocabulary(list(pieces))
    spec.register_target_vocabulary(list(pieces))
    return spec


def _save_copy_model(
    model_dir: Path,
    pieces: Sequence[str],
    mapping: Mapping[str, str],
    max_positions: int,
    quantization: str | None,
    doubts: Mapping[str, str] | None = None,
) -> None:
    """Write the CTranslate2 copy/permutation model (model.bin, config, vocabulary)."""
    index = {piece: i for i, piece in enumerate(pieces)}
    missing = sorted(p for pair in (doubts or {}).items() for p in pair if p not in index)
    if missing:
        raise ValueError(f"doubt pieces not in the vocabulary: {missing}")
    ids = {index[a]: index[b] for a, b in (doubts or {}).items()}
    perm = _piece_permutation(pieces, mapping)
    spec = _copy_model_spec(pieces, perm, max_positions, ids)
    spec.validate()
    spec.optimize(quantization=quantization)
    model_dir.mkdir(parents=True)
    spec.save(str(model_dir))


# --------------------------------------------------------------------------------------
# Fake MiniSBD sentence splitter (hand-written ONNX protobuf)
# --------------------------------------------------------------------------------------
#
# argostranslate 1.12 always splits sentences with MiniSBD; without <package>/minisbd/
# *.onnx it downloads one from GitHub on the first translate().  This model is table
# look-ups only:  logits[b, t] = CUR[units[b, t]] + NEXT[units[b, t + 1]]  so a character
# ends a sentence (class 2) iff it is in split_chars and the next one is a space or the
# end.  With split_chars = "" nothing ends a sentence and MiniSBD closes the paragraph
# itself: one sentence per line (argostranslate already splits paragraphs on "\n").

_ONNX_FLOAT, _ONNX_INT64 = 1, 7


def _pb_varint(n: int) -> bytes:
    """Protobuf base-128 varint (negative numbers as 64-bit two's complement)."""
    n &= (1 << 64) - 1
    out = bytearray()
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _pb_int(field: int, value: int) -> bytes:
    """A varint field (wire type 0)."""
    return _pb_varint(field << 3) + _pb_varint(value)


def _pb_bytes(field: int, value: bytes | str) -> bytes:
    """A length-delimited field (wire type 2): bytes, string or sub-message."""
    data = value.encode("utf-8") if isinstance(value, str) else value
    return _pb_varint(field << 3 | 2) + _pb_varint(len(data)) + data


def _onnx_value_info(name: str, elem_type: int, dims: Sequence[int | str]) -> bytes:
    """ValueInfoProto of a tensor; str dims are symbolic (batch, time...)."""
    shape = b"".join(
        _pb_bytes(1, _pb_int(1, dim) if isinstance(dim, int) else _pb_bytes(2, dim)) for dim in dims
    )
    tensor_type = _pb_int(1, elem_type) + _pb_bytes(2, shape)
    return _pb_bytes(1, name) + _pb_bytes(2, _pb_bytes(1, tensor_type))


def _onnx_tensor(name: str, array: npt.NDArray[np.float32] | npt.NDArray[np.int64]) -> bytes:
    """TensorProto initializer with raw little-endian data."""
    elem_type = _ONNX_FLOAT if array.dtype == np.float32 else _ONNX_INT64
    dims = b"".join(_pb_int(1, dim) for dim in array.shape)
    return dims + _pb_int(2, elem_type) + _pb_bytes(8, name) + _pb_bytes(9, array.tobytes())


def _onnx_node(op: str, inputs: Sequence[str], outputs: Sequence[str], **ints: int) -> bytes:
    """NodeProto with integer attributes only."""
    node = b"".join(_pb_bytes(1, name) for name in inputs)
    node += b"".join(_pb_bytes(2, name) for name in outputs)
    node += _pb_bytes(3, f"{op}_{outputs[0]}") + _pb_bytes(4, op)
    for key, value in ints.items():  # AttributeProto{name=1, i=3, type=20 (INT = 2)}
        node += _pb_bytes(5, _pb_bytes(1, key) + _pb_int(3, value) + _pb_int(20, 2))
    return node


def _minisbd_tables(
    units: Sequence[str], split_chars: Sequence[str]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """CUR and NEXT logit tables over MiniSBD's 5 classes (2 = end of sentence)."""
    unit_id = {unit: i for i, unit in enumerate(units)}
    current = _zeros(len(units), 5)
    current[:, 0] = 1.5  # class 0 ("inside a token") wins unless both conditions hold
    following = _zeros(len(units), 5)
    for char in split_chars:
        current[unit_id[char], 2] = 1.0
    following[unit_id[" "], 2] = 1.0
    following[unit_id["<PAD>"], 2] = 1.0  # the end of the paragraph
    return current, following


def _minisbd_graph(current: npt.NDArray[np.float32], following: npt.NDArray[np.float32]) -> bytes:
    """GraphProto computing CUR[units] + NEXT[units shifted left, padded with <PAD>]."""
    initializers = [
        _onnx_tensor("cur", current),
        _onnx_tensor("nxt", following),
        _onnx_tensor("zero", np.zeros((), dtype=np.int64)),
        _onnx_tensor("s0", np.array([0], dtype=np.int64)),
        _onnx_tensor("s1", np.array([1], dtype=np.int64)),
        _onnx_tensor("smax", np.array([2**62], dtype=np.int64)),
        _onnx_tensor("ax1", np.array([1], dtype=np.int64)),
    ]
    nodes = [
        _onnx_node("Slice", ["units", "s1", "smax", "ax1"], ["u_tail"]),
        _onnx_node("Slice", ["units", "s0", "s1", "ax1"], ["u_first"]),
        _onnx_node("Mul", ["u_first", "zero"], ["pad_col"]),  # <PAD> has id 0
        _onnx_node("Concat", ["u_tail", "pad_col"], ["u_next"], axis=1),
        _onnx_node("Gather", ["cur", "units"], ["l_cur"]),
        _onnx_node("Gather", ["nxt", "u_next"], ["l_next"]),
        _onnx_node("Add", ["l_cur", "l_next"], ["logits"]),
    ]
    return (
        b"".join(_pb_bytes(1, node) for node in nodes)
        + _pb_bytes(2, "fake_minisbd")
        + b"".join(_pb_bytes(5, tensor) for tensor in initializers)
        + _pb_bytes(11, _onnx_value_info("units", _ONNX_INT64, ["B", "T"]))
        + _pb_bytes(11, _onnx_value_info("features", _ONNX_FLOAT, ["B", "T", "F"]))
        + _pb_bytes(12, _onnx_value_info("logits", _ONNX_FLOAT, ["B", "T", 5]))
    )


def _fake_minisbd_onnx(lang_code: str, split_chars: str = "") -> bytes:
    """Serialised ONNX model usable as <package>/minisbd/<anything>.onnx."""
    chars = sorted(set(split_chars) - {" "})
    units = ["<PAD>", "<UNK>", " ", *chars]
    graph = _minisbd_graph(*_minisbd_tables(units, chars))
    # MiniSBD reads its tokenizer settings from the model's metadata_props.
    vocab = {"lang": lang_code, "idx": 0, "cutoff": 0, "lower": False}
    vocab |= {"_unit2id": {unit: i for i, unit in enumerate(units)}, "_id2unit": units}
    config = {
        "skip_newline": False,
        "max_seqlen": 1000,
        "no_ssplit": False,
        "batch_size": 32,
        "feat_funcs": ["space_before"],
        "use_dictionary": False,
        "num_dict_feat": 0,
    }
    metadata = {"lang_code": lang_code, "config": json.dumps(config), "vocab": json.dumps(vocab)}
    return (
        _pb_int(1, 7)  # ir_version 7
        + _pb_bytes(2, "transpress-tests")  # producer_name
        + _pb_bytes(7, graph)
        + _pb_bytes(8, _pb_bytes(1, "") + _pb_int(2, 13))  # opset ai.onnx 13
        + b"".join(_pb_bytes(14, _pb_bytes(1, k) + _pb_bytes(2, v)) for k, v in metadata.items())
    )


# --------------------------------------------------------------------------------------
# Argos packages
# --------------------------------------------------------------------------------------

_LANGUAGE_NAMES = {"en": "English", "fr": "French", "ja": "Japanese", "de": "German"}


def _metadata(from_code: str, to_code: str, package_version: str) -> dict[str, Any]:
    """metadata.json content of a translate package (no links: the index adds them)."""
    return {
        "package_version": package_version,
        "argos_version": "1.0",
        "from_code": from_code,
        "from_name": _LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": _LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
        "code": f"translate-{from_code}_{to_code}",
        "links": [],
    }


def _readme(from_code: str, to_code: str, mapping: Mapping[str, str]) -> str:
    """README.md of a package: says what the model does."""
    how = COPY if not mapping else json.dumps(dict(mapping), ensure_ascii=False)
    return f"Tiny synthetic model {from_code}->{to_code} for tests. Piece mapping: {how}\n"


def _zip_tree(root: Path, dest: Path) -> None:
    """Zip the folder `root` into `dest`, with root's own name as the top folder."""
    # Deflate: model.bin is ~900 KB of mostly zeros and compresses to ~16 KB.
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in [root, *sorted(root.rglob("*"))]:
            archive.write(path, path.relative_to(root.parent).as_posix())


def build_argos_package(
    dest: Path,
    from_code: str,
    to_code: str,
    *,
    mapping: Mapping[str, str] | None = None,
    package_version: str = "1.0",
    max_positions: int = 1040,
    with_minisbd: bool = True,
    name: str | None = None,
    realistic: bool = True,
    doubts: Mapping[str, str] | None = None,
) -> Path:
    """Write a real .argosmodel zip and return its path.

    Contents: metadata.json, model/ (CTranslate2 copy/permutation model),
    sentencepiece.model, README.md and, if ``with_minisbd``, minisbd/fake.onnx.
    The zip is ``dest/<name>.argosmodel`` holding the folder ``<name>/`` (``name``
    defaults to ``translate-<from>_<to>``).  ``mapping`` pairs are swapped both ways
    (``None`` or ``{}``: the ``COPY`` model).  ``max_positions`` bounds both the source
    (including the appended ``</s>``) and the output: keep it above CTranslate2's
    ``max_input_length`` (1024) so that long inputs are truncated, not rejected.
    ``realistic`` (the default) builds it as real packages are: an NFKC SentencePiece
    model without byte fallback, int8 weights; ``realistic=False`` gives the exact
    (byte-fallback, float) copy model. ``doubts`` maps a source piece to another piece
    the model hesitates to output instead (p ~ 0.62 against 0.38): its confidence drops
    and beam search finds that alternative (the other piece is then never output for
    itself, so pick one the test does not use).
    """
    name = name or f"translate-{from_code}_{to_code}"
    mapping = dict(mapping or {})
    sp_model = train_sentencepiece(realistic=realistic)
    quantization = "int8" if realistic else None
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / f"{name}.argosmodel"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / name
        _save_copy_model(
            root / "model", _vocabulary(sp_model), mapping, max_positions, quantization, doubts
        )
        (root / "sentencepiece.model").write_bytes(sp_model)
        metadata = _metadata(from_code, to_code, package_version)
        (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (root / "README.md").write_text(_readme(from_code, to_code, mapping), encoding="utf-8")
        if with_minisbd:
            (root / "minisbd").mkdir()
            (root / "minisbd" / "fake.onnx").write_bytes(_fake_minisbd_onnx(from_code))
        _zip_tree(root, path)
    return path


def _rezip_without(source: Path, dest: Path, drop: Callable[[str], bool]) -> Path:
    """Copy the zip `source` to `dest`, leaving out the members for which drop(name)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if not drop(info.filename):
                new.writestr(info, old.read(info))
    return dest


def build_broken_packages(folder: Path) -> dict[str, Path]:
    """Write broken packages into `folder` for error tests; return them by kind.

    * ``not-a-zip``: ``not-a-zip.argosmodel``, plain text;
    * ``no-metadata``: ``no-metadata.argosmodel``, an en→fr package without metadata.json;
    * ``no-model``: ``no-model.argosmodel``, an en→fr package without its model/ folder;
    * ``wrong-pair``: ``translate-en_fr.argosmodel`` (folder ``translate-en_fr/`` inside),
      a valid package whose metadata says en→de.
    """
    folder.mkdir(parents=True, exist_ok=True)
    not_a_zip = folder / "not-a-zip.argosmodel"
    not_a_zip.write_bytes(b"This is a press release, not a zip archive.\n")
    with tempfile.TemporaryDirectory() as tmp:
        valid = build_argos_package(Path(tmp), "en", "fr")
        no_metadata = _rezip_without(
            valid, folder / "no-metadata.argosmodel", lambda n: n.endswith("/metadata.json")
        )
        no_model = _rezip_without(
            valid, folder / "no-model.argosmodel", lambda n: n.split("/")[1:2] == ["model"]
        )
    wrong_pair = build_argos_package(folder, "en", "de", name="translate-en_fr")
    return {
        "not-a-zip": not_a_zip,
        "no-metadata": no_metadata,
        "wrong-pair": wrong_pair,
        "no-model": no_model,
    }


# --------------------------------------------------------------------------------------
# Package index over HTTP
# --------------------------------------------------------------------------------------


def _read_metadata(package: Path) -> dict[str, Any]:
    """The metadata.json of a package zip (at <top folder>/metadata.json)."""
    with zipfile.ZipFile(package) as archive:
        members = [n for n in archive.namelist() if n.count("/") == 1]
        member = next((n for n in members if n.endswith("/metadata.json")), None)
        if member is None:
            raise ValueError(f"{package}: no <folder>/metadata.json to put in the index")
        metadata: dict[str, Any] = json.loads(archive.read(member))
    return metadata


def write_index(folder: Path, packages: Sequence[Path], base_url: str) -> Path:
    """Write folder/index.json in the Argos index format and return its path.

    The index is a list of each package's own metadata.json with
    ``"links": [base_url + file name]``; the links only resolve if the packages are
    served from ``folder`` (see ``PackageIndexServer``).
    """
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    index = [_read_metadata(p) | {"links": [base_url + p.name]} for p in packages]
    path = folder / "index.json"
    path.write_text(json.dumps(index, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static file handler that does not log every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        """Drop the access log line."""


class PackageIndexServer:
    """Serve a folder (index.json + .argosmodel files) over HTTP on 127.0.0.1, as a context.

    A ThreadingHTTPServer on a random port, run in a daemon thread from ``__enter__``;
    ``url`` ends with "/"; access logging is off.
    """

    url: str

    def __init__(self, folder: Path) -> None:
        """Bind the socket now so that .url is known before serving starts."""
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_port}/"
        # serve_forever() notices shutdown() only between polls (0.5 s by default): poll
        # faster so that leaving the context costs milliseconds, not half a second.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"package-index {self.url}",
            daemon=True,
        )

    def __enter__(self) -> Self:
        """Start serving in a daemon thread."""
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the serving loop, then close the listening socket."""
        self._httpd.shutdown()
        # Without server_close() the socket keeps accepting into its backlog and a
        # client of a "stopped" index hangs instead of getting "connection refused".
        self._httpd.server_close()
        self._thread.join()
