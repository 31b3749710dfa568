"""Jinja2 rendering: packaged templates, overridable file by file from the workspace."""

from __future__ import annotations

import json
import re
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import jinja2
import markupsafe

from transpress.document import Kind
from transpress.edition import BodyList, BodyTable, Edition, Status, notice
from transpress.errors import PublishError
from transpress.inline import markdown_to_html, neutralise_markdown, website_href

if TYPE_CHECKING:
    from transpress.diff import DiffReport
    from transpress.listing import IndexPage
    from transpress.report import Dashboard


_MARKDOWN_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "*": "\\*",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
    }
)


def _inline_html(text: str, markup: str) -> markupsafe.Markup | str:
    """Prose for HTML: inline Markdown rendered safely for Markdown releases, else text
    (which autoescaping escapes)."""
    return markupsafe.Markup(markdown_to_html(text)) if markup == "markdown" else text


def _markdown_text(text: str, markup: str = "text") -> str:
    """Prose for a `.md` edition: Markdown kept (made safe) or plain text escaped."""
    return neutralise_markdown(text) if markup == "markdown" else markdown_escape(text)


def hang(text: str, pad: str) -> str:
    """A list item's lines for a `.md` edition: continuation lines indented under the
    item's text (`pad`), whatever indentation they had in the source.

    >>> hang("1.2 billion euros, shared between\\n     CNES and CNSA", "  ")
    '1.2 billion euros, shared between\\n  CNES and CNSA'
    """
    return ("\n" + pad).join(line.strip() for line in text.split("\n") if line.strip())


def table_cell(text: str) -> str:
    """A cell's text for a pipe table: its pipes escaped, on one line.

    >>> table_cell("A|B\\nC")
    'A\\\\|B C'
    """
    return " ".join(text.replace("|", "\\|").split("\n"))


def markdown_escape(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, code or raw HTML.

    >>> markdown_escape("<script>*x*</script> [a](b)")
    '&lt;script&gt;\\\\*x\\\\*&lt;/script&gt; \\\\[a\\\\](b)'
    """
    escaped = text.translate(_MARKDOWN_SPECIAL)
    # A line that starts like a heading, list or quote would change structure.
    return re.sub(r"(?m)^(\s*)([#+\-]|\d+[.)])(?=\s)", r"\1\\\2", escaped)


def _template_frame(exc: BaseException, name: str) -> tuple[str, int | None]:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return name, None
    return frames[-1].filename, frames[-1].lineno


def tel_href(text: str) -> str:
    """A `tel:` link for the phone number in a contact line.

    >>> tel_href("Tél. : +33 (0)1 44 76 75 39")
    'tel:+33144767539'
    """
    match = re.search(r"\+?\d[\d\s().\-/]{4,}\d", text)
    number = match.group().replace("(0)", "") if match else ""
    return "tel:" + re.sub(r"[^\d+]", "", number)


def _quoted(text: str) -> str:
    """A double-quoted YAML/JSON string that keeps non-ASCII characters readable."""
    return json.dumps(text, ensure_ascii=False)


class Renderer:
    """Renders editions and the index through Jinja2 (autoescaped HTML)."""

    def __init__(self, overrides: Path | None = None):
        self._overrides = overrides if overrides is not None and overrides.is_dir() else None
        loaders: list[jinja2.BaseLoader] = []
        if overrides is not None and overrides.is_dir():
            loaders.append(jinja2.FileSystemLoader(str(overrides)))
        loaders.append(jinja2.PackageLoader("transpress", "templates"))
        self._env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=jinja2.select_autoescape(["html", "html.j2"]),
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],  # the review pages' strings: gettext catalogues
        )
        self._env.globals.update(Kind=Kind, Status=Status, notice=notice)
        self._env.filters["quoted"] = _quoted
        self._env.filters["markdown"] = _markdown_text
        self._env.filters["inline"] = _inline_html
        self._env.filters["tel"] = tel_href
        self._env.filters["website"] = website_href
        self._env.filters["hang"] = hang
        self._env.filters["cell"] = table_cell
        self._env.tests["body_list"] = lambda value: isinstance(value, BodyList)
        self._env.tests["body_table"] = lambda value: isinstance(value, BodyTable)

    def render_edition(
        self,
        edition: Edition,
        fmt: str,
        alternates: Sequence[tuple[str, str]],
        *,
        home: str = "../index.html",
    ) -> str:
        """Render one edition as html, md or txt; `alternates` are (lang, name) of its
        siblings, `home` the link to the index in its language."""
        text = self._render(f"release.{fmt}.j2", edition=edition, alternates=alternates, home=home)
        if fmt == "txt" and edition.newline != "\n":
            text = text.replace("\n", edition.newline)  # the source's line endings, kept
        return text

    def overrides(self, name: str) -> bool:
        """Whether the workspace replaces the packaged template `name`."""
        return self._overrides is not None and (self._overrides / name).is_file()

    def render_diff(self, report: DiffReport, *, lang: str = "en") -> str:
        """Render a translation diff as a standalone HTML page, its interface in `lang`."""
        from transpress.diff import KINDS, TITLES

        return self._render_in(lang, "diff.html.j2", report=report, kinds=KINDS, titles=TITLES)

    def render_report(self, dashboard: Dashboard, *, lang: str = "en") -> str:
        """Render the review dashboard as a standalone HTML page, its interface in `lang`."""
        return self._render_in(lang, "report.html.j2", dashboard=dashboard)

    def _render_in(self, lang: str, name: str, **context: Any) -> str:
        """Render a page of transpress's own with its strings, numbers and dates in `lang`."""
        from transpress.interface import interface_translations
        from transpress.locale import format_number, format_timestamp
        from transpress.report import percent_text

        # The i18n extension adds this method to the environment at run time (untyped).
        install = cast(Any, self._env).install_gettext_translations
        install(interface_translations(lang), newstyle=True)
        return self._render(
            name,
            ui=lang,
            number=lambda value, decimals=0: format_number(value, lang, decimals=decimals),
            percent=lambda value: percent_text(value, lang),
            timestamp=lambda moment: format_timestamp(moment, lang),
            **context,
        )

    def render_index(self, page: IndexPage) -> str:
        """Render the index in one language (output/index.html, index.fr.html…)."""
        return self._render("index.html.j2", page=page, releases=page.releases)

    def _render(self, name: str, **context: Any) -> str:
        try:
            return self._env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise PublishError(
                f"template error: {exc.message}; fix the template",
                path=exc.filename or name,
                line=exc.lineno,
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise PublishError(f"template {exc.name!r} not found", path=name) from None
        except PublishError:
            raise
        except Exception as exc:  # a template runs code: any error in it is the template's
            # Jinja rewrites tracebacks so that template frames carry the template's own
            # file and line: the innermost such frame is where the template failed.
            path, line = _template_frame(exc, name)
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            if isinstance(exc, RecursionError):
                message = "templates include or call each other without end"
            raise PublishError(
                f"template error: {message}; fix the template", path=path, line=line
            ) from None
