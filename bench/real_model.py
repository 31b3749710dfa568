"""A copy model of real size, packaged as a real Argos package, for throughput benchmarks.

Real Argos packages (OPUS-MT conversions, argos-train) are Transformer-base models: 6
encoder and 6 decoder layers, d_model 512, 8 heads, FFN 2048, int8 weights, and a
SentencePiece vocabulary of tens of thousands of pieces trained with `nmt_nfkc` and no
byte fallback. This module builds one of that size whose output is its input, so every
benchmark variant's output can be checked against its input, without any download:

* the vocabulary: BPE, 55,000 pieces, trained on a generated corpus of English-like news
  with invented names (bench/news.py), nmt_nfkc, no byte fallback;
* the model: the copy mechanism of tests/tiny_argos.py (token and position codes in
  separate dimension blocks of the residual stream, one cross-attention head of the first
  decoder layer attending from target step t to source position t and carrying the source
  token) placed in a full-size TransformerSpec. Everything else is full size and adds
  nothing, so its matmuls run as in a real model. Those weights are random rather than zero
  (CTranslate2 stores equal tensors once, which would make the model small and every layer
  share one cache-resident matrix): attention values are zero, so a head's output is zero
  whatever its random queries and keys; feed-forward blocks have a bias of -1e4 before
  the ReLU, so they output zero whatever their random matrices;
* the package: metadata.json, sentencepiece.model, model/ (config.json,
  shared_vocabulary.json, model.bin) and a fake MiniSBD splitter (tests/tiny_argos.py),
  zipped as a .argosmodel that argostranslate's package.install_from_path accepts.

`cached_package(cache)` builds it once per set of build parameters (about a minute) and
checks with CTranslate2 that the int8 model copies every piece of the vocabulary exactly;
later calls return the cached archive.

Run: .venv/bin/python bench/real_model.py [--cache DIR] [--force]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import io
import json
import math
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # for tests.tiny_argos
if str(REPO / "bench") not in sys.path:
    sys.path.insert(0, str(REPO / "bench"))  # for news

#: Bump when the construction changes: cached packages of an older format are rebuilt.
FORMAT = 4
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / (
    "transpress-bench"
)

_TOK_BASE = 8  # token code: one one-hot block per base-8 digit of the piece id
_POS_BASE = 16  # position code: one one-hot block per base-16 digit of the position
_MARGIN = 40.0  # logit gap between the right and any wrong choice (e^-40 ~ 4e-18)
_WEIGHT_STD = 0.02  # random weights of the blocks that add nothing, as at initialisation
_DEAD_BIAS = -1e4  # feed-forward bias before the ReLU: the block outputs exactly zero
_EOS_ID = 2

_Log = Callable[[str], None]


@dataclass(frozen=True)
class BuildParameters:
    """What a built package depends on; its hash names the cache folder."""

    vocab_size: int = 55_000
    model_type: str = "bpe"
    corpus_lines: int = 30_000
    encoder_layers: int = 6
    decoder_layers: int = 6
    d_model: int = 512
    heads: int = 8
    ffn: int = 2048
    max_positions: int = 1040  # above CTranslate2's max_input_length (1024)
    quantization: str = "int8"
    seed: int = 20160311
    from_code: str = "en"
    to_code: str = "fr"

    def key(self) -> str:
        """A short stable hash of the parameters and the construction format."""
        text = json.dumps({"format": FORMAT, **dataclasses.asdict(self)}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def name(self) -> str:
        """The package name, as Argos names them."""
        return f"translate-{self.from_code}_{self.to_code}"


# --------------------------------------------------------------------------------------
# SentencePiece
# --------------------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_trainer() -> Iterator[dict[str, object]]:
    """The trainer's options that send its log nowhere (it needs a real stderr to redirect)."""
    try:
        sys.stderr.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):
        yield {}
        return
    with open(os.devnull, "w") as devnull:
        yield {"logstream": devnull}


def train_vocabulary(params: BuildParameters) -> bytes:
    """Train the SentencePiece model as real Argos packages are; return it serialised."""
    import sentencepiece as spm
    from tests.tiny_argos import TRAINER_CONVENTIONS

    from news import training_corpus

    buf = io.BytesIO()
    with _quiet_trainer() as quiet:
        spm.SentencePieceTrainer.Train(
            **quiet,
            sentence_iterator=training_corpus(lines=params.corpus_lines, seed=params.seed + 1),
            model_writer=buf,
            model_type=params.model_type,
            vocab_size=params.vocab_size,
            normalization_rule_name="nmt_nfkc",
            byte_fallback=False,
            remove_extra_whitespaces=True,
            **TRAINER_CONVENTIONS,
            num_threads=os.cpu_count() or 1,
        )
    return buf.getvalue()


def vocabulary(sp_model: bytes) -> list[str]:
    """All pieces of a serialised SentencePiece model, by id."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


# --------------------------------------------------------------------------------------
# The copy model
# --------------------------------------------------------------------------------------
#
# Maths (pre-norm layers, no embedding scaling; D = d_model, h = D / heads):
# * token and position codes live in separate blocks of the D dimensions; every code is
#   zero-mean with a constant norm, so each LayerNorm is a division by a known constant;
# * encoder: every sub-layer adds zero, so memory_j = [tok(src_j), pos(j)] / sigma_enc,
#   except for the </s> that CTranslate2 appends (add_source_eos): its embedding is a large
#   "sink" flag (+F, -F in two dimensions), so after the LayerNorm its memory is almost
#   only the flag;
# * decoder: embeddings are a constant (+c, -c in two dimensions), so step t carries pos(t)
#   and the constant; in the first layer, head 0 of the cross-attention has query pos(t)
#   and the constant, keys pos(j) and the flag, values tok(src_j) (the flag's value is
#   tok(</s>)); its other dimensions and the values of the other heads are zero. Scores, in
#   units of `_MARGIN`: <pos(t), pos(j)>, which is S_pos for j = t and at most S_pos - 1
#   otherwise, and S_pos - 1/2 for the sink. So step t copies src_t while the source lasts
#   and </s> from then on: a hypothesis that strays past the end stops there, as real
#   models' alternatives do, instead of running to max_decoding_length (beam search stops
#   only when `beam_size` hypotheses have finished);
# * every other sub-layer adds zero; the residual becomes [tok(src_t), pos(t), constant];
# * the output projection scores piece v by <tok(v), tok(src_t)>, maximal for v = src_t
#   with a logit gap of `_MARGIN`, so beam search agrees.


def digit_codes(n: int, base: int) -> npt.NDArray[np.float32]:
    """Row i: concatenated one-hot base-`base` digits of i, each shifted by -1/base.

    Rows are zero-mean with equal norms and <c_i, c_i> exceeds <c_i, c_j> by at least 1.
    """
    ndigits = max(1, math.ceil(math.log(n, base) - 1e-9))
    digits = (np.arange(n)[:, None] // base ** np.arange(ndigits)) % base
    codes = np.full((n, ndigits * base), -1.0 / base, dtype=np.float32)
    np.put_along_axis(codes, digits + base * np.arange(ndigits), 1.0 - 1.0 / base, axis=1)
    return codes


@dataclass(frozen=True)
class _Layout:
    """Where the codes live in the residual stream and the LayerNorm divisors."""

    d: int
    head: int
    tok: slice
    pos: slice
    flag: int  # the sink flag of </s> in the encoder: +F here, -F in the next dimension
    constant: int  # the decoder's constant: +c here, -c in the next dimension
    tok_norm2: float
    pos_norm2: float

    @classmethod
    def of(
        cls, n_tok: int, n_pos: int, tok_norm2: float, pos_norm2: float, d: int, h: int
    ) -> _Layout:
        """Tokens first, then positions, the flag and the constant."""
        if n_tok > h or n_pos + 1 > h or n_tok + n_pos + 4 > d:
            raise ValueError(f"codes of {n_tok} + {n_pos} dimensions do not fit heads of {h}")
        end = n_tok + n_pos
        return cls(d, h, slice(0, n_tok), slice(n_tok, end), end, end + 2, tok_norm2, pos_norm2)

    def sigma(self, *norms2: float) -> float:
        """The LayerNorm divisor of a zero-mean vector made of blocks of these squared norms."""
        return math.sqrt(sum(norms2) / self.d)


_SINK_FLAG = 100.0  # F: the memory of </s> is almost only its flag after the LayerNorm
_CONSTANT = 1.0  # c


class _Weights:
    """Seeded random matrices for the blocks that add nothing."""

    def __init__(self, seed: int):
        self._rng = np.random.default_rng(seed)

    def random(self, rows: int, cols: int) -> npt.NDArray[np.float32]:
        """A rows x cols float32 matrix of N(0, _WEIGHT_STD) values."""
        return self._rng.standard_normal((rows, cols), dtype=np.float32) * _WEIGHT_STD


def _zeros(*shape: int) -> npt.NDArray[np.float32]:
    return np.zeros(shape, dtype=np.float32)


def _eye(n: int) -> npt.NDArray[np.float32]:
    return np.eye(n, dtype=np.float32)


def _identity_layer_norm(spec: Any, d: int) -> None:
    """gamma = 1, beta = 0: the layer norm only normalises."""
    spec.gamma = np.ones(d, dtype=np.float32)
    spec.beta = _zeros(d)


def _silent_ffn(spec: Any, d: int, ffn: int, weights: _Weights) -> None:
    """A full-size feed-forward block whose ReLU never fires: it adds exactly zero."""
    _identity_layer_norm(spec.layer_norm, d)
    inner, outer = spec.linear_0, spec.linear_1
    inner.weight, inner.bias = weights.random(ffn, d), np.full(ffn, _DEAD_BIAS, np.float32)
    outer.weight, outer.bias = weights.random(d, ffn), _zeros(d)


def _silent_self_attention(spec: Any, d: int, weights: _Weights) -> None:
    """Full-size self-attention with random queries and keys and zero values: adds zero."""
    _identity_layer_norm(spec.layer_norm, d)
    qkv = np.concatenate([weights.random(2 * d, d), _zeros(d, d)])  # fused Q, K, V
    spec.linear[0].weight, spec.linear[0].bias = qkv, _zeros(3 * d)
    spec.linear[1].weight, spec.linear[1].bias = weights.random(d, d), _zeros(d)


def _cross_attention(
    spec: Any, layout: _Layout, weights: _Weights, eos_code: npt.NDArray[np.float32] | None
) -> None:
    """Cross-attention adding zero or, given the code of </s>, head 0 doing the copy."""
    d, h, tok, pos = layout.d, layout.head, layout.tok, layout.pos
    _identity_layer_norm(spec.layer_norm, d)
    query, key, value = weights.random(d, d), weights.random(d, d), _zeros(d, d)
    out = weights.random(d, d)
    if eos_code is not None:
        n_tok, n_pos = tok.stop - tok.start, pos.stop - pos.start
        flag_norm2, constant_norm2 = 2 * _SINK_FLAG**2, 2 * _CONSTANT**2
        sigma_enc = layout.sigma(layout.tok_norm2, layout.pos_norm2)
        sigma_sink = layout.sigma(flag_norm2, layout.pos_norm2)
        sigma_dec = layout.sigma(layout.pos_norm2, constant_norm2)
        # Undo both LayerNorms and the 1/sqrt(h) scaling of the scores, then the margin.
        alpha = _MARGIN * sigma_dec * sigma_enc * math.sqrt(h)
        sink_score = _MARGIN * (layout.pos_norm2 - 0.5)
        alpha_sink = sink_score * math.sqrt(h) * sigma_dec * sigma_sink / (_CONSTANT * _SINK_FLAG)
        query[:h], key[:h] = 0.0, 0.0  # head 0 sees positions, the constant and the flag only
        query[:n_pos, pos] = alpha * _eye(n_pos)
        query[n_pos, layout.constant] = alpha_sink
        key[:n_pos, pos] = _eye(n_pos)
        key[n_pos, layout.flag] = 1.0
        # The only non-zero values: tok(src_j), and tok(</s>) for the flag.
        value[:n_tok, tok] = _eye(n_tok)
        value[:n_tok, layout.flag] = eos_code * sigma_sink / (_SINK_FLAG * sigma_enc)
        # Head 0's value dimensions reach the token block only, undoing sigma_enc.
        out[:, :n_tok] = 0.0
        out[tok, :n_tok] = sigma_enc * _eye(n_tok)
    linear = spec.linear
    linear[0].weight, linear[0].bias = query, _zeros(d)
    linear[1].weight, linear[1].bias = np.concatenate([key, value]), _zeros(2 * d)  # fused K, V
    linear[2].weight, linear[2].bias = out, _zeros(d)


def copy_model_spec(pieces: Sequence[str], params: BuildParameters) -> Any:
    """A full-size Transformer spec whose output is its input (see the maths above)."""
    from ctranslate2.specs import transformer_spec

    d, heads = params.d_model, params.heads
    tok_codes = digit_codes(len(pieces), _TOK_BASE)
    pos_codes = digit_codes(params.max_positions, _POS_BASE)
    layout = _Layout.of(
        tok_codes.shape[1],
        pos_codes.shape[1],
        float(tok_codes[0] @ tok_codes[0]),
        float(pos_codes[0] @ pos_codes[0]),
        d,
        d // heads,
    )
    weights = _Weights(params.seed)

    source_embeddings = _zeros(len(pieces), d)
    source_embeddings[:, layout.tok] = tok_codes
    source_embeddings[_EOS_ID] = 0.0
    source_embeddings[_EOS_ID, layout.flag : layout.flag + 2] = (_SINK_FLAG, -_SINK_FLAG)
    position_encodings = _zeros(params.max_positions, d)
    position_encodings[:, layout.pos] = pos_codes
    target_embeddings = _zeros(len(pieces), d)
    target_embeddings[:, layout.constant : layout.constant + 2] = (_CONSTANT, -_CONSTANT)

    spec = transformer_spec.TransformerSpec.from_config(
        num_layers=(params.encoder_layers, params.decoder_layers), num_heads=heads
    )
    encoder, decoder = spec.encoder, spec.decoder
    encoder.scale_embeddings = False
    encoder.embeddings[0].weight = source_embeddings
    encoder.position_encodings.encodings = position_encodings
    for layer in encoder.layer:
        _silent_self_attention(layer.self_attention, d, weights)
        _silent_ffn(layer.ffn, d, params.ffn, weights)
    _identity_layer_norm(encoder.layer_norm, d)

    decoder.scale_embeddings = False
    decoder.embeddings.weight = target_embeddings
    decoder.position_encodings.encodings = position_encodings
    for number, layer in enumerate(decoder.layer):
        _silent_self_attention(layer.self_attention, d, weights)
        copy = tok_codes[_EOS_ID] if number == 0 else None
        _cross_attention(layer.attention, layout, weights, copy)
        _silent_ffn(layer.ffn, d, params.ffn, weights)
    _identity_layer_norm(decoder.layer_norm, d)
    # Piece v fires for source piece v; the final LayerNorm divided by sigma_out.
    sigma_out = layout.sigma(layout.tok_norm2, layout.pos_norm2, 2 * _CONSTANT**2)
    projection = _zeros(len(pieces), d)
    projection[:, layout.tok] = _MARGIN * sigma_out * tok_codes
    decoder.projection.weight, decoder.projection.bias = projection, _zeros(len(pieces))

    spec.config.add_source_eos = True  # copying the appended </s> ends decoding
    spec.config.layer_norm_epsilon = 1e-6
    spec.register_source_vocabulary(list(pieces))
    spec.register_target_vocabulary(list(pieces))
    return spec


def save_model(model_dir: Path, pieces: Sequence[str], params: BuildParameters) -> None:
    """Write model/ (config.json, shared_vocabulary.json, model.bin), quantised."""
    spec = copy_model_spec(pieces, params)
    spec.validate()
    spec.optimize(quantization=params.quantization)
    model_dir.mkdir(parents=True)
    spec.save(str(model_dir))


# --------------------------------------------------------------------------------------
# Checking the copy
# --------------------------------------------------------------------------------------


def copy_errors(
    model_dir: Path, pieces: Sequence[str], *, beam: int = 1, length: int = 100
) -> tuple[int, int]:
    """Translate every piece but <unk>, <s> and </s>, in sequences of `length`: (wrong, total).

    Also exercises positions up to `length`, beyond any benchmark sentence (longer ones
    make the check slow: the decoder's cache grows with every step).
    """
    import ctranslate2

    ordinary = list(pieces[3:])
    batch = [ordinary[i : i + length] for i in range(0, len(ordinary), length)]
    translator = ctranslate2.Translator(
        str(model_dir), device="cpu", inter_threads=1, intra_threads=os.cpu_count() or 1
    )
    results = translator.translate_batch(
        batch, beam_size=beam, max_batch_size=64, max_decoding_length=length + 8
    )
    wrong = sum(
        sum(a != b for a, b in zip(src, r.hypotheses[0], strict=False))
        + abs(len(src) - len(r.hypotheses[0]))
        for src, r in zip(batch, results, strict=True)
    )
    return wrong, len(ordinary)


# --------------------------------------------------------------------------------------
# Packaging and the cache
# --------------------------------------------------------------------------------------


def _readme(params: BuildParameters, pieces: int) -> str:
    """README.md of the package: what it is."""
    return (
        f"Synthetic {params.from_code}->{params.to_code} copy model of Transformer-base size "
        f"for transpress benchmarks: {params.encoder_layers}+{params.decoder_layers} layers, "
        f"d_model {params.d_model}, {params.heads} heads, FFN {params.ffn}, "
        f"{params.quantization} weights, {pieces} SentencePiece pieces ({params.model_type}, "
        "nmt_nfkc, no byte fallback). Output = input.\n"
    )


def build_package(dest: Path, params: BuildParameters, log: _Log | None = None) -> Path:
    """Write dest/<name>.argosmodel and dest/build.json (timings, copy check); return the zip."""
    from tests.tiny_argos import _fake_minisbd_onnx, _metadata, _zip_tree

    log = log or _stderr
    started = time.perf_counter()
    sp_model = train_vocabulary(params)
    pieces = vocabulary(sp_model)
    trained = time.perf_counter()
    log(f"trained {len(pieces)} SentencePiece pieces in {trained - started:.1f} s")
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / params.name
        save_model(root / "model", pieces, params)
        saved = time.perf_counter()
        log(f"built the {params.quantization} model in {saved - trained:.1f} s")
        wrong, total = copy_errors(root / "model", pieces)
        checked = time.perf_counter()
        log(f"copy check: {wrong} wrong of {total} pieces ({checked - saved:.1f} s)")
        if wrong:
            raise SystemExit(f"the {params.quantization} model does not copy {wrong} pieces")
        (root / "sentencepiece.model").write_bytes(sp_model)
        metadata = _metadata(params.from_code, params.to_code, "1.0")
        (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (root / "README.md").write_text(_readme(params, len(pieces)), encoding="utf-8")
        (root / "minisbd").mkdir()  # argostranslate would download a splitter without it
        (root / "minisbd" / "fake.onnx").write_bytes(_fake_minisbd_onnx(params.from_code))
        archive = dest / f"{params.name}.argosmodel"
        _zip_tree(root, archive)
        model_bytes = (root / "model" / "model.bin").stat().st_size
    build = {
        "parameters": dataclasses.asdict(params),
        "format": FORMAT,
        "pieces": len(pieces),
        "model_bin_bytes": model_bytes,
        "copy_check": {"beam": 1, "pieces": total, "wrong": wrong},
        "seconds": {
            "vocabulary": round(trained - started, 1),
            "model": round(saved - trained, 1),
            "copy_check": round(checked - saved, 1),
        },
    }
    (dest / "build.json").write_text(json.dumps(build, indent=2) + "\n", encoding="utf-8")
    return archive


def cached_package(
    cache: Path = DEFAULT_CACHE,
    params: BuildParameters | None = None,
    *,
    force: bool = False,
    log: _Log | None = None,
) -> Path:
    """The package for `params` under cache/<key>/, built (atomically) if it is not there."""
    params = params or BuildParameters()
    log = log or _stderr
    folder = cache / params.key()
    archive = folder / f"{params.name}.argosmodel"
    if archive.exists() and not force:
        return archive
    log(f"building the real-size copy package in {folder} (about a minute, once)")
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=cache))
    try:
        build_package(staging, params, log)
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return archive


def build_info(archive: Path) -> dict[str, object]:
    """The build.json written beside a cached package."""
    info: dict[str, object] = json.loads((archive.parent / "build.json").read_text("utf-8"))
    return info


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    """Build (or find) the cached package and print where it is and what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args()
    archive = cached_package(args.cache, force=args.force)
    print(archive)
    print(json.dumps(build_info(archive), indent=2))


if __name__ == "__main__":
    main()
