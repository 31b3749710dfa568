"""The inline Markdown a release written in Markdown may use, made safe (pure).

Only what a press release needs: `**strong**`, `*emphasis*`, `` `code` `` and
`[links](https://…)`. Everything else is text. Links go only to http(s), mailto and
relative addresses: a `javascript:` or `data:` target is shown as text, never linked.
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"`([^`\n]+)`")
# [label](target "optional title"); a target may hold balanced parentheses (Wikipedia).
_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)(?:\s+\"([^\"]*)\")?\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def safe_target(target: str) -> bool:
    """Whether a link target may be followed: web, mail or relative, never a script.

    >>> safe_target("https://cnes.fr"), safe_target("/a?b=1"), safe_target("javascript:alert(1)")
    (True, True, False)
    """
    scheme = _SCHEME.match(target)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


def markdown_to_html(text: str) -> str:
    """Inline Markdown as escaped HTML.

    >>> markdown_to_html('See **[the mission](https://cnes.fr/a?b=1&c=2)** <now>')
    'See <strong><a href="https://cnes.fr/a?b=1&amp;c=2">the mission</a></strong> &lt;now&gt;'
    >>> markdown_to_html("[x](javascript:alert(1)) and `a<b`")
    '[x](javascript:alert(1)) and <code>a&lt;b</code>'
    >>> markdown_to_html('[Ariane](https://fr.wikipedia.org/wiki/Ariane_(fusée) "the launcher")')
    '<a href="https://fr.wikipedia.org/wiki/Ariane_(fusée)" title="the launcher">Ariane</a>'
    """
    pieces: list[str] = []  # finished HTML, kept out of later substitutions

    def keep(fragment: str) -> str:
        pieces.append(fragment)
        return f"\ue000{len(pieces) - 1}\ue001"

    text = _CODE.sub(lambda m: keep(f"<code>{html.escape(m.group(1))}</code>"), text)

    def link(match: re.Match[str]) -> str:
        label, target, title = match.group(1), match.group(2), match.group(3)
        if not safe_target(target):
            return keep(html.escape(match.group(0)))
        titled = f' title="{html.escape(title)}"' if title else ""
        return keep(f'<a href="{html.escape(target)}"{titled}>') + label + keep("</a>")

    text = _LINK.sub(link, text)
    text = html.escape(text, quote=False)
    text = _STRONG.sub(lambda m: f"<strong>{m.group(1)}</strong>", text)
    text = _EM.sub(lambda m: f"<em>{m.group(1)}</em>", text)
    return re.sub("\ue000(\\d+)\ue001", lambda m: pieces[int(m.group(1))], text)


def neutralise_markdown(text: str) -> str:
    """Markdown kept as Markdown, minus raw HTML and unsafe links (for `.md` editions).

    >>> neutralise_markdown("**Go** [here](https://x.org) <b>[x](javascript:y)</b>")
    '**Go** [here](https://x.org) &lt;b&gt;\\\\[x\\\\](javascript:y)&lt;/b&gt;'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def link(match: re.Match[str]) -> str:
        if safe_target(match.group(2)):
            return match.group(0)
        return f"\\[{match.group(1)}\\]({match.group(2)})"

    return _LINK.sub(link, text)
