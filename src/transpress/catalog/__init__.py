"""Gettext catalogues: reading, merging and writing PO files as GNU gettext does.

Nothing here writes: merges and drafts stay in memory, and the use case writes every
planned file only once everything else has succeeded.
"""

from transpress.catalog.drafts import Draft, OpenCatalogue, Pending
from transpress.catalog.entries import (
    CHECK_PREFIX,
    MACHINE_PREFIXES,
    MT_PREFIX,
    STAMP_PREFIX,
    CatalogEntry,
    State,
    count_words,
    draft_stamp,
    entries_from_text,
    entries_of,
    entry_state,
    export_stamp,
    is_machine_draft,
    read_entries,
    read_translations,
    translations_of,
)
from transpress.catalog.headers import plural_forms
from transpress.catalog.layout import GNU_WIDTH
from transpress.catalog.merge import (
    FUZZY_THRESHOLD,
    Merged,
    MergeReport,
    PreviousTemplate,
    TemplateEntry,
    Width,
    group_entries,
    plan_merge,
    plan_template,
    previous_template,
)
from transpress.catalog.message import Catalogue, Message
from transpress.catalog.pofile import PlannedFile, parse_po, read_catalog, render_po

__all__ = [
    "CHECK_PREFIX",
    "FUZZY_THRESHOLD",
    "GNU_WIDTH",
    "MACHINE_PREFIXES",
    "MT_PREFIX",
    "STAMP_PREFIX",
    "CatalogEntry",
    "Catalogue",
    "Draft",
    "MergeReport",
    "Merged",
    "Message",
    "OpenCatalogue",
    "Pending",
    "PlannedFile",
    "PreviousTemplate",
    "State",
    "TemplateEntry",
    "Width",
    "count_words",
    "draft_stamp",
    "entries_from_text",
    "entries_of",
    "entry_state",
    "export_stamp",
    "group_entries",
    "is_machine_draft",
    "parse_po",
    "plan_merge",
    "plan_template",
    "plural_forms",
    "previous_template",
    "read_catalog",
    "read_entries",
    "read_translations",
    "render_po",
    "translations_of",
]
