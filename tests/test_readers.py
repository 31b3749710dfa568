"""Readers against golden files: each input beside its `.expect.json`."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from transpress.errors import InputError
from transpress.readers import decode_source, reader_for
from transpress.workspace import Config, Workspace

from .conftest import GOLDEN

CASES = sorted(p for p in (GOLDEN / "readers").iterdir() if not p.name.endswith(".expect.json"))


def _as_json(path: Path) -> dict[str, Any]:
    reader = reader_for(path)
    assert reader is not None
    text = decode_source(path, path.read_bytes(), source=path.name)
    release = reader.read(text, release_id=path.stem, source=path.name, language=None)
    data = dataclasses.asdict(release)
    assert data.pop("digest") == ""  # the workspace sets it (what was read), not the reader
    data["dateline"] = (
        {"place": release.dateline.place, "date": release.dateline.date.isoformat()}
        if release.dateline
        else None
    )
    if release.dateline and release.dateline.place_forms:
        data["dateline"]["place_forms"] = dict(release.dateline.place_forms)
    data["blocks"] = [
        {k: (str(v) if k == "kind" else v) for k, v in b.items() if v not in ("", None)}
        for b in data["blocks"]
    ]
    return data


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_reader_matches_golden(path: Path) -> None:
    expected_path = path.with_name(path.name + ".expect.json")
    actual = _as_json(path)
    if os.environ.get("TRANSPRESS_REGENERATE"):
        expected_path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert actual == json.loads(expected_path.read_text("utf-8"))


BAD = {
    "empty.txt": ("empty.txt: the release is empty", None),
    "blank.txt": ("blank.txt: the release is empty", None),
    "binary.txt": ("binary.txt: this is a binary file", None),
    "latin1.txt": ("latin1.txt:5: not valid UTF-8", 5),
    "nostructure.txt": ("nostructure.txt: no release structure found", None),
    "bad-yaml.md": ("bad-yaml.md:2: invalid YAML front matter", 2),
    "bad-date.md": ("bad-date.md: front matter date '11 March' is not an ISO date", None),
    "bad-place-language.md": (
        "bad-place-language.md: front matter `place:` has 'jp', which is not a language; "
        "name the place in en, fr, ja (`ja: 種子島`)",
        None,
    ),
    "place-without-own-language.md": (
        "place-without-own-language.md:5: front matter `place:` does not name the place in "
        "en, the release's language; add `en: …` under `place:`",
        5,
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_names_file_and_line(name: str, tmp_path: Path) -> None:
    source = tmp_path / "sources" / name
    source.parent.mkdir()
    source.write_bytes((GOLDEN / "bad" / name).read_bytes())
    workspace = Workspace(tmp_path, Config())
    with pytest.raises(InputError) as caught:
        workspace.read_release(source)
    message, line = BAD[name]
    assert caught.value.format().startswith(f"sources/{message}")
    assert caught.value.line == line
    assert caught.value.exit_code == 3
    assert "\n" not in caught.value.format()
