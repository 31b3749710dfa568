"""Gettext catalogues: the only place polib is used.

Nothing here writes: merges and drafts stay in memory, and the use case writes every
planned file only once everything else has succeeded.
"""

from transpress.catalog.drafts import Draft, OpenCatalogue, Pending
from transpress.catalog.merge import (
    FUZZY_THRESHOLD,
    Merged,
    MergeReport,
    TemplateEntry,
    group_entries,
    plan_merge,
    plan_template,
)
from transpress.catalog.pofile import (
    CHECK_PREFIX,
    MT_PREFIX,
    STAMP_PREFIX,
    WRAP_WIDTH,
    CatalogEntry,
    PlannedFile,
    count_words,
    draft_stamp,
    entries_from_text,
    entries_of,
    entry_state,
    is_machine_draft,
    read_catalog,
    read_entries,
    read_translations,
    translations_of,
)

__all__ = [
    "CHECK_PREFIX",
    "FUZZY_THRESHOLD",
    "MT_PREFIX",
    "STAMP_PREFIX",
    "WRAP_WIDTH",
    "CatalogEntry",
    "Draft",
    "MergeReport",
    "Merged",
    "OpenCatalogue",
    "Pending",
    "PlannedFile",
    "TemplateEntry",
    "count_words",
    "draft_stamp",
    "entries_from_text",
    "entries_of",
    "entry_state",
    "group_entries",
    "is_machine_draft",
    "plan_merge",
    "plan_template",
    "read_catalog",
    "read_entries",
    "read_translations",
    "translations_of",
]
