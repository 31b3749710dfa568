"""How a run's segments are cut into CTranslate2 batches, and how many workers run them.

Chosen from the machine, the model and the input rather than fixed, from measurements on a
Transformer-base model (6+6 layers, d_model 512, int8, 55,000 pieces; bench/mt_throughput.py,
BENCHMARKS.md) on 2 cores:

* workers: one CTranslate2 replica per core, one thread each (`inter_threads` = cores,
  `intra_threads` = 1) translated 11.6 segments/s at beam 4 where one replica with two
  threads made 8.7 and one thread 5.5: batches are independent, threads inside one batch
  wait on each other;
* batch size: what a batch costs grows with its padded tokens times the beam, so batches
  are cut by tokens on length-sorted input (every batch the same work, no padding), with a
  budget that shrinks with the beam: 2,048 source tokens at beam 1 and 1,024 at beam 4
  (about 68 and 34 news sentences) measured within 2-6 % of the best raw configuration
  over 2,000 sentences, where bigger batches (4,096 tokens at beam 1) lost 12 %: fewer
  batches leave a worker idle at the end (submitting the longest first gained nothing);
* the model: a batch's logits take examples x beam x vocabulary floats at every step, so
  a big vocabulary caps the examples per batch;
* the input: a small run is cut into at least two batches per worker, so that every core
  has work and none waits long for the last batch.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass

#: Padded source tokens per batch at beam 1; divided by sqrt(beam) for wider beams.
TOKENS_AT_BEAM_1 = 2048
#: Bytes the logits of one batch may take at one decoding step (float32).
LOGITS_BUDGET = 64 * 1024 * 1024
#: Batches per worker a small run is cut into at least.
BATCHES_PER_WORKER = 2


@dataclass(frozen=True)
class Threads:
    """CTranslate2's threads: replicas working on separate batches, threads per replica."""

    inter: int
    intra: int


def cores() -> int:
    """Cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def threads(inter: int | None, intra: int | None, available: int | None = None) -> Threads:
    """The threads to load a model with: what was asked, else one replica per core.

    >>> threads(None, None, available=2)
    Threads(inter=2, intra=1)
    >>> threads(1, None, available=8), threads(None, 4, available=8)
    (Threads(inter=1, intra=8), Threads(inter=2, intra=4))
    """
    count = available or cores()
    if inter is None and intra is None:
        return Threads(count, 1)
    if inter is None:
        return Threads(max(1, count // max(1, intra or count)), intra or 0)
    return Threads(inter, intra if intra is not None else max(1, count // inter))


def token_budget(beam: int) -> int:
    """Padded source tokens per batch at this beam.

    >>> token_budget(1), token_budget(4)
    (2048, 1024)
    """
    return max(1, round(TOKENS_AT_BEAM_1 / math.sqrt(max(1, beam))))


def example_cap(beam: int, vocabulary: int) -> int:
    """Examples per batch whose logits stay within LOGITS_BUDGET.

    >>> example_cap(4, 55_000), example_cap(1, 32_000)
    (76, 524)
    """
    return max(1, LOGITS_BUDGET // (4 * max(1, beam) * max(1, vocabulary)))


def batches(
    lengths: Sequence[int],
    *,
    beam: int,
    vocabulary: int,
    workers: int,
    size: int | None = None,
) -> list[list[int]]:
    """Indices of `lengths` (token counts), shortest first, cut into batches.

    `size`: a fixed number of examples per batch, as a user asked; else the token budget of
    the beam, the vocabulary's cap on examples, and at least BATCHES_PER_WORKER batches per
    worker when there are segments enough.

    >>> batches([5, 1, 3, 2], beam=1, vocabulary=100, workers=1, size=3)
    [[1, 3, 2], [0]]
    >>> batches([10] * 8, beam=1, vocabulary=100, workers=2)
    [[0, 1], [2, 3], [4, 5], [6, 7]]
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    if size is not None:
        return [order[i : i + size] for i in range(0, len(order), size)]
    cap = example_cap(beam, vocabulary)
    wanted = max(1, workers) * BATCHES_PER_WORKER
    budget = min(token_budget(beam), max(1, math.ceil(sum(lengths) / wanted)))
    cut: list[list[int]] = []
    current: list[int] = []
    for index in order:
        padded = (len(current) + 1) * lengths[index]  # sorted: the newest is the longest
        if current and (padded > budget or len(current) >= cap):
            cut.append(current)
            current = []
        current.append(index)
    if current:
        cut.append(current)
    return cut
