"""The Argos package index: index.json read within limits, its entries checked, and the
newest package of a pair downloaded."""

from __future__ import annotations

import json
import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transpress.engines.argos_archive import version_key, version_problem, version_text
from transpress.engines.download import Limits, Transfer, received
from transpress.errors import ModelError, byte_size, one_line, shown

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
#: Argos's index.json is about 100 KB: anything much larger is not an index.
MAX_INDEX_BYTES = 16 * 2**20
FROM_A_FILE = "install from a file with `transpress models install PATH.argosmodel`"


def index_url() -> str:
    """The package index: ARGOS_PACKAGE_INDEX (a folder URL holding index.json) or Argos's own."""
    url = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return url if url.endswith("/") else url + "/"


def fetch_index(url: str, *, limits: Limits) -> list[Any]:
    """index.json: a JSON list, at most MAX_INDEX_BYTES, read within the index deadline."""
    advice = f"check ARGOS_PACKAGE_INDEX, or {FROM_A_FILE}"
    transfer = Transfer(
        url=url,
        subject=f"the package index {url}",
        verb="read",
        advice=advice,
        max_bytes=MAX_INDEX_BYTES,
        size_limit=f"the {byte_size(MAX_INDEX_BYTES)} an index may hold",
        deadline=limits.index_deadline,
        deadline_variable="TRANSPRESS_INDEX_DEADLINE",
        limits=limits,
    )
    body = b"".join(received(transfer))
    try:
        data = json.loads(body)
    except RecursionError:
        raise ModelError(f"the package index {url} is nested too deeply; {advice}") from None
    except ValueError as exc:  # UnicodeDecodeError is a ValueError
        raise ModelError(
            f"the package index {url} is not valid JSON ({one_line(exc)}); {advice}"
        ) from None
    if not isinstance(data, list):
        raise ModelError(
            f"the package index {url} is not a list of packages (it is a JSON "
            f"{type(data).__name__}); {advice}"
        )
    return data


@dataclass(frozen=True)
class Offer:
    """A package the index offers for a pair: its version and where to download it."""

    version: str
    link: str


def best_offer(entries: list[Any], pair: tuple[str, str], url: str) -> Offer:
    """The newest package the index offers for `pair`; a malformed entry for it is an
    error (entries for other pairs are not this install's business)."""
    offers = [
        _offer(entry, pair, url)
        for entry in entries
        if isinstance(entry, dict) and (entry.get("from_code"), entry.get("to_code")) == pair
    ]
    if not offers:
        raise ModelError(
            f"the package index {url} has no {pair[0]}→{pair[1]} model; check the pair and "
            f"ARGOS_PACKAGE_INDEX, or {FROM_A_FILE}"
        )
    return max(offers, key=lambda offer: version_key(offer.version))


def _offer(entry: dict[str, Any], pair: tuple[str, str], url: str) -> Offer:
    """One index entry, checked: a version such as 1.9 and an http(s) download link."""
    version, links = entry.get("package_version"), entry.get("links")
    listed = links if isinstance(links, list) else []
    link = next((item for item in listed if is_download_url(item, url)), None)
    problem = "no package_version" if version is None else version_problem(version)
    if problem is None and links is None:
        problem = "no links"
    elif problem is None and not isinstance(links, list):
        problem = f"links {shown(links)}, not a list of download URLs"
    elif problem is None and link is None:
        problem = f"no http(s) download link (links: {shown(links)})"
    if problem is not None or link is None:
        raise ModelError(
            f"the package index {url} offers {pair[0]}→{pair[1]} with {problem}; tell the "
            f"index's maintainers, or {FROM_A_FILE}"
        )
    return Offer(version_text(version), link)


def is_download_url(link: object, index: str) -> bool:
    """An absolute http(s) URL on one line (file: too if the index itself is a file).

    >>> is_download_url("https://example.org/a.argosmodel", "https://example.org/")
    True
    >>> is_download_url("a.argosmodel", "https://example.org/")
    False
    """
    if not isinstance(link, str) or any(c.isspace() or not c.isprintable() for c in link):
        return False
    try:
        parts = urllib.parse.urlsplit(link)
    except ValueError:
        return False
    if parts.scheme == "file":
        return urllib.parse.urlsplit(index).scheme == "file"
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def download_package(url: str, archive: Path, *, limits: Limits) -> None:
    """Write the package at `url` to `archive`, within the download limits."""
    transfer = Transfer(
        url=url,
        subject=url,
        verb="download",
        advice=f"try again later, or download it yourself and {FROM_A_FILE}",
        max_bytes=limits.max_package_bytes,
        size_limit=f"the {byte_size(limits.max_package_bytes)} limit (TRANSPRESS_MAX_PACKAGE_MB)",
        deadline=limits.download_deadline,
        deadline_variable="TRANSPRESS_DOWNLOAD_DEADLINE",
        limits=limits,
    )
    with archive.open("wb") as out:
        for chunk in received(transfer):
            out.write(chunk)
