"""The inline Markdown a release written in Markdown may use, made safe (pure).

Only what a press release needs: `**strong**`, `*emphasis*`, `` `code` `` and
`[links](https://…)`. Everything else is text. Links go only to http(s), mailto and
relative addresses: a `javascript:` or `data:` target is shown as text, never linked.
"""

from __future__ import annotations

import html
import re

# The one grammar of inline Markdown that protection, typography and structure share.
#: Inline code.
CODE = r"`[^`\n]+`"
#: A link's target: no white space; parentheses only balanced, one deep (Wikipedia URLs).
LINK_TARGET = r"(?:[^()\s]|\([^()\s]*\))+"
#: A link's optional "title", after its target.
LINK_TITLE = r"(?:\s+\"[^\"]*\")?"
#: What follows a link's label, `](target "title")`: markup, not prose.
LINK_TAIL = rf"\]\({LINK_TARGET}{LINK_TITLE}\)"

_CODE = re.compile(r"`([^`\n]+)`")
# [label](target "optional title")
_LINK = re.compile(rf"\[([^\]\n]+)\]\(({LINK_TARGET})(?:\s+\"([^\"]*)\")?\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# A Markdown link reference definition: `[label]: target` at the start of a line.
_DEFINITION = re.compile(r"(?m)^( {0,3})\[([^\]\n]+)\]:(.*)$")


#: The schemes a published link may use; anything else (javascript:, data:, vbscript:…)
#: is shown as text.
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
# What browsers drop from a URL before reading its scheme: leading and trailing C0
# controls and spaces, and tabs and line breaks anywhere (WHATWG URL parsing).
_EDGES = "".join(chr(c) for c in range(0x21))
_INSIDE = str.maketrans("", "", "\t\n\r")


def safe_url(url: str) -> str | None:
    """The URL as a browser will read it, if it may be followed: web, mail, telephone or
    relative; None for a script or anything else.

    >>> safe_url("https://cnes.fr"), safe_url("/a?b=1"), safe_url("javascript:alert(1)")
    ('https://cnes.fr', '/a?b=1', None)
    >>> safe_url("\\x01java\\tscript:alert(1)"), safe_url(" mailto:a@b.fr ")
    (None, 'mailto:a@b.fr')
    """
    cleaned = url.strip(_EDGES).translate(_INSIDE)
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in cleaned):
        return None  # no real address holds control characters
    scheme = _SCHEME.match(cleaned)
    if scheme is not None and scheme.group(1).lower() not in SAFE_SCHEMES:
        return None
    return cleaned


def safe_target(target: str) -> bool:
    """Whether a link target may be followed (see safe_url)."""
    return safe_url(target) is not None


def website_href(text: str) -> str | None:
    """The link of a website named in a release's contacts (`presse.cnes.fr` is
    https), or None when it is not a web address.

    >>> website_href("presse.cnes.fr"), website_href("javascript://%0aalert(1)")
    ('https://presse.cnes.fr', None)
    """
    url = safe_url(text)
    if url is None:
        return None
    scheme = _SCHEME.match(url)
    if scheme is None:
        return "https://" + url.lstrip("/")
    return url if scheme.group(1).lower() in ("http", "https") else None


def free_markers(text: str) -> tuple[str, str]:
    """Two private-use characters the text does not contain, to mark spans kept aside
    while the rest is rewritten (a text may hold any character, private use included).

    >>> free_markers("plain"), free_markers("\ue000 and \ue001")
    (('\ue000', '\ue001'), ('\ue002', '\ue003'))
    """
    present = set(text)
    free = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in present)
    return next(free), next(free)


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
    start, end = free_markers(text)

    def keep(fragment: str) -> str:
        pieces.append(fragment)
        return f"{start}{len(pieces) - 1}{end}"

    text = _CODE.sub(lambda m: keep(f"<code>{html.escape(m.group(1))}</code>"), text)

    def link(match: re.Match[str]) -> str:
        label, target, title = match.group(1), safe_url(match.group(2)), match.group(3)
        if target is None:
            return keep(html.escape(match.group(0)))
        titled = f' title="{html.escape(title)}"' if title else ""
        return keep(f'<a href="{html.escape(target)}"{titled}>') + label + keep("</a>")

    text = _LINK.sub(link, text)
    text = html.escape(text, quote=False)
    text = _STRONG.sub(lambda m: f"<strong>{m.group(1)}</strong>", text)
    text = _EM.sub(lambda m: f"<em>{m.group(1)}</em>", text)
    return re.sub(f"{start}(\\d+){end}", lambda m: pieces[int(m.group(1))], text)


def neutralise_markdown(text: str) -> str:
    """Markdown kept as Markdown, minus raw HTML and unsafe links (for `.md` editions):
    inline links and reference definitions (`[1]: javascript:…`) alike.

    >>> neutralise_markdown("**Go** [here](https://x.org) <b>[x](javascript:y)</b>")
    '**Go** [here](https://x.org) &lt;b&gt;\\\\[x\\\\](javascript:y)&lt;/b&gt;'
    >>> neutralise_markdown("[1]: javascript:alert(1)")
    '\\\\[1\\\\]: javascript:alert(1)'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def link(match: re.Match[str]) -> str:
        if safe_target(match.group(2)):
            return match.group(0)
        return f"\\[{match.group(1)}\\]({match.group(2)})"

    def definition(match: re.Match[str]) -> str:
        if safe_target(match.group(3)):
            return match.group(0)
        return f"{match.group(1)}\\[{match.group(2)}\\]:{match.group(3)}"

    return _DEFINITION.sub(definition, _LINK.sub(link, text))


def markup_pairs(text: str) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """The inline Markdown of a text as (opening, closing, kind) character ranges, kind
    "strong", "emphasis" or "link", and "code" (one range: its opening and closing are
    the same); outermost first, none inside code, none crossing another.

    >>> text = "See **[the site](https://cnes.fr)** and `x*y*`"
    >>> [(text[slice(*a)], text[slice(*b)], kind) for a, b, kind in markup_pairs(text)]
    [('**', '**', 'strong'), ('[', '](https://cnes.fr)', 'link'), ('`x*y*`', '`x*y*`', 'code')]
    """
    codes = [((m.start(), m.end()), (m.start(), m.end()), "code") for m in _CODE.finditer(text)]
    found = list(codes)
    for pattern, kind in ((_LINK, "link"), (_STRONG, "strong"), (_EM, "emphasis")):
        for match in pattern.finditer(text):
            start, end = match.span()
            inner = match.span(1)
            in_code = any(a[0] <= start and end <= b[1] for a, b, _ in codes)
            if not in_code and not any(_crosses((start, end), (a[0], b[1])) for a, b, _ in found):
                found.append(((start, inner[0]), (inner[1], end), kind))
    return sorted(found, key=lambda p: (p[0][0], -p[1][1]))


def _crosses(span: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two ranges overlap without one holding the other."""
    (a, b), (c, d) = span, other
    nested = (a <= c and d <= b) or (c <= a and b <= d)
    return a < d and c < b and not nested
