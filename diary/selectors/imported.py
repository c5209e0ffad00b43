"""Which entries an import wrote, and from what (issue 26): the mark imported entries carry
in the exports and the pre-visit summary, so that a reader can tell a diary kept in
Neckline from one brought in from another app."""

import datetime as dt

from django.db.models import Count

from diary.choices import ImportFormat
from diary.models import Import, ImportedEntry, User


def entry_formats(*, patient: User) -> dict[str, str]:
    """{entry id: the format it was imported from} for the patient's imported entries."""
    marks = ImportedEntry.objects.filter(source__patient=patient).values_list("entry_id", "source__format")
    return {str(entry): kind for entry, kind in marks}


def imported_counts(*, patient: User, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """{format: entries} of the patient's entries in these days that an import wrote."""
    counts = (
        ImportedEntry.objects.filter(
            source__patient=patient, entry__patient=patient, entry__date__gte=date_from, entry__date__lte=date_to
        )
        .values_list("source__format")
        .annotate(n=Count("pk"))
        .order_by("source__format")
    )
    return dict(counts)


def format_label(kind: str) -> str:
    """The format in words ("Migraine Buddy (CSV)"); a format no longer known reads as its code."""
    return str(ImportFormat(kind).label) if kind in ImportFormat.values else kind


def source_sql(entry_id_sql: str) -> str:
    """An SQL expression for the source of the entry whose id is `entry_id_sql`: JSON
    {format, import}, or null for an entry written in Neckline. Names come from the models."""
    marks, imports = ImportedEntry._meta.db_table, Import._meta.db_table
    # Table names from the models; the id is a column or a parameter placeholder, never a value.
    select = f"SELECT json_build_object('format', i.format, 'import', i.id) FROM {marks} m"  # noqa: S608
    return f"({select} JOIN {imports} i ON i.id = m.source_id WHERE m.entry_id = {entry_id_sql})"


def entry_sources(entry_ids: list) -> dict[str, dict]:
    """{entry id: {format, import}} of those of these entries an import wrote."""
    marks = ImportedEntry.objects.filter(entry_id__in=entry_ids).values_list("entry_id", "source_id", "source__format")
    return {str(entry): {"format": kind, "import": str(source)} for entry, source, kind in marks}
