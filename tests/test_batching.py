"""How segments are cut into CTranslate2 batches and how many workers run them."""

from __future__ import annotations

import itertools
import os
import random

import pytest

from transpress.engines import batching


def _padded(lengths: list[int], batch: list[int]) -> int:
    return len(batch) * max(lengths[i] for i in batch)


@pytest.mark.parametrize("beam", [1, 2, 4, 8])
def test_every_segment_is_in_one_batch_shortest_first(beam: int) -> None:
    rng = random.Random(beam)
    lengths = [rng.randint(1, 120) for _ in range(2000)]
    plan = batching.batches(lengths, beam=beam, vocabulary=55_000, workers=2)
    flat = [i for batch in plan for i in batch]
    assert sorted(flat) == list(range(len(lengths)))
    assert [lengths[i] for i in flat] == sorted(lengths)


@pytest.mark.parametrize("beam", [1, 4])
def test_a_big_run_is_cut_by_padded_tokens_within_the_beams_budget(beam: int) -> None:
    rng = random.Random(7)
    lengths = [rng.randint(5, 80) for _ in range(3000)]
    plan = batching.batches(lengths, beam=beam, vocabulary=32_000, workers=2)
    budget = batching.token_budget(beam)
    assert all(_padded(lengths, batch) <= budget for batch in plan if len(batch) > 1)
    # Full batches: each one but the last could not take its successor.
    cap = batching.example_cap(beam, 32_000)
    for batch, following in itertools.pairwise(plan):
        assert (len(batch) + 1) * lengths[following[0]] > budget or len(batch) == cap
    assert budget == (2048 if beam == 1 else 1024)


def test_a_wider_beam_makes_smaller_batches() -> None:
    lengths = [30] * 1000
    sizes = {
        beam: len(batching.batches(lengths, beam=beam, vocabulary=32_000, workers=1)[0])
        for beam in (1, 4, 16)
    }
    assert sizes[1] > sizes[4] > sizes[16]


def test_a_big_vocabulary_caps_the_examples_of_a_batch() -> None:
    lengths = [2] * 5000  # short segments: the token budget alone would allow 512 a batch
    small = batching.batches(lengths, beam=4, vocabulary=8_000, workers=1)
    big = batching.batches(lengths, beam=4, vocabulary=250_000, workers=1)
    assert max(map(len, big)) == batching.example_cap(4, 250_000) < max(map(len, small))
    # The logits of one step stay within the budget: examples x beam x vocabulary floats.
    assert max(map(len, big)) * 4 * 250_000 * 4 <= batching.LOGITS_BUDGET


@pytest.mark.parametrize(("segments", "workers"), [(5, 2), (12, 2), (40, 4), (3, 8)])
def test_a_small_run_gives_every_worker_work(segments: int, workers: int) -> None:
    plan = batching.batches([20] * segments, beam=4, vocabulary=55_000, workers=workers)
    assert len(plan) >= min(segments, workers * batching.BATCHES_PER_WORKER)


def test_a_segment_longer_than_the_budget_is_a_batch_of_its_own() -> None:
    plan = batching.batches([5, 5000, 6], beam=4, vocabulary=55_000, workers=1)
    assert plan == [[0, 2], [1]]


def test_a_size_asked_for_is_a_number_of_examples() -> None:
    plan = batching.batches([9, 1, 5, 3, 7], beam=4, vocabulary=55_000, workers=2, size=2)
    assert plan == [[1, 3], [2, 4], [0]]


def test_no_segments_no_batches() -> None:
    assert batching.batches([], beam=4, vocabulary=55_000, workers=2) == []


@pytest.mark.parametrize(
    ("inter", "intra", "cores", "expected"),
    [
        (None, None, 2, (2, 1)),  # one replica per core
        (None, None, 1, (1, 1)),
        (1, None, 4, (1, 4)),  # one replica: every core for it
        (None, 2, 8, (4, 2)),
        (3, 1, 2, (3, 1)),  # what a user asks is what runs
        (None, 0, 4, (1, 0)),  # 0: CTranslate2's own default, all cores
    ],
)
def test_threads(inter: int | None, intra: int | None, cores: int, expected: tuple) -> None:
    chosen = batching.threads(inter, intra, available=cores)
    assert (chosen.inter, chosen.intra) == expected


def test_cores_follows_the_affinity_of_the_process() -> None:
    assert 1 <= batching.cores() <= (os.cpu_count() or 1)
