"""Measure a page's layout in headless Chromium at several viewport widths in one run.

A probe page holds the page under test in one iframe per width (an iframe is a viewport of
its own: media queries and `vw` follow its width) and, once each has loaded, writes what it
measured into its own DOM as JSON, which `--dump-dom` returns. `--dump-dom` serialises the
DOM, not what CSS hides; the probe reads the computed layout instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .browser import Chromium, Server

PROBE = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body>
<pre id="out"></pre>
<script>
var results = {}, expected = %(count)d;
function measure(frame) {
  var doc = frame.contentDocument, root = doc.documentElement, width = root.clientWidth;
  var actions = JSON.parse(frame.dataset.actions);
  actions.forEach(function (id) { doc.getElementById(id).checked = true; });
  var wide = [];
  doc.querySelectorAll("body *").forEach(function (el) {
    if (!el.checkVisibility()) return;
    var box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5))
      wide.push(el.tagName.toLowerCase() + "." + el.className + " " + Math.round(box.right));
  });
  function shown(selector) {
    return Array.prototype.filter.call(doc.querySelectorAll(selector), function (el) {
      // checkVisibility: inside a closed <details> boxes exist but are not rendered.
      return el.checkVisibility() && el.getClientRects().length > 0;
    }).map(function (el) {
      return [el.dataset.lang || "", el.dataset.state || el.dataset.kind || "", el.id || ""];
    });
  }
  results[frame.id] = {
    width: width, scrollWidth: root.scrollWidth, height: root.scrollHeight, wide: wide,
    entries: shown(".entry"), findings: shown(".finding"), sections: shown("details"),
    changes: shown(".change"), lang: root.lang, search: frame.contentWindow.location.search,
    checked: Array.prototype.map.call(doc.querySelectorAll("input:checked"), function (i) {
      return i.id;
    })
  };
  if (Object.keys(results).length === expected)
    document.getElementById("out").textContent = JSON.stringify(results);
}
</script>
%(frames)s
</body></html>
"""


@dataclass(frozen=True)
class Layout:
    """What the probe measured of a page in a viewport of one width."""

    width: int
    scroll_width: int
    height: int
    wide: tuple[str, ...]  # elements reaching past the viewport's edges
    entries: tuple[tuple[str, str, str], ...]  # shown .entry elements: (lang, state, id)
    findings: tuple[tuple[str, str, str], ...]
    sections: tuple[tuple[str, str, str], ...]  # shown <details>
    changes: tuple[tuple[str, str, str], ...]  # shown .change elements: (lang, kind, id)
    lang: str
    search: str  # the page's address query after its script ran
    checked: tuple[str, ...]  # ids of the checked inputs


@dataclass(frozen=True)
class View:
    """One iframe: a page (with its query) at a width, radios to check first (CSS alone)."""

    name: str
    page: str
    width: int
    check: tuple[str, ...] = ()


def measure(
    chromium: Chromium, server: Server, folder: Path, views: list[View]
) -> dict[str, Layout]:
    """Load every view in one Chromium run and return each one's layout by name."""
    frames = "\n".join(
        f'<iframe id="{v.name}" src="{v.page}" width="{v.width}" height="900" '
        f"data-actions='{json.dumps(list(v.check))}' onload=\"measure(this)\"></iframe>"
        for v in views
    )
    (folder / "probe.html").write_text(PROBE % {"count": len(views), "frames": frames}, "utf-8")
    page = chromium.load(server.url("probe.html"))
    text = page.document.by_id("out").text
    assert text, f"the probe measured nothing: {page.console}"
    data: dict[str, dict[str, Any]] = json.loads(text)
    return {
        name: Layout(
            width=d["width"],
            scroll_width=d["scrollWidth"],
            height=d["height"],
            wide=tuple(d["wide"]),
            entries=tuple(tuple(e) for e in d["entries"]),
            findings=tuple(tuple(e) for e in d["findings"]),
            sections=tuple(tuple(e) for e in d["sections"]),
            changes=tuple(tuple(e) for e in d["changes"]),
            lang=d["lang"],
            search=d["search"],
            checked=tuple(d["checked"]),
        )
        for name, d in data.items()
    }
