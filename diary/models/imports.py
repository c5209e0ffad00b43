"""Imports of a diary kept elsewhere (issue 26): one row per uploaded file, the entries it
wrote (so they show their source, and the whole import can be undone for a day), and the
column mappings a patient saves for their own CSV files."""

import uuid

from django.conf import settings
from django.db import models

from diary.choices import ImportAction, ImportFormat, ImportStatus


class Import(models.Model):
    """One uploaded file, read once: its rows, parsed into Neckline's shape, wait here
    between the dry run and the commit (the file itself is not kept)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports")
    format = models.CharField(max_length=24, choices=ImportFormat.choices)
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent of the rows written
    # SHA-256 of the uploaded bytes: what the patient sees to tell two uploads apart.
    digest = models.CharField(max_length=64)
    # [{"row": n, "entry": {...}}], plus for neckline_json the other sections under "records".
    rows = models.JSONField(default=list)
    records = models.JSONField(default=dict)
    preview = models.JSONField(default=dict)
    # What the file held that has no place in Neckline, by column ("Geohash": 12 rows...).
    not_mapped = models.JSONField(default=dict)
    # Objects other than entries the import created ({"model": label, "pk": ...}), for the undo.
    created_objects = models.JSONField(default=list)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["patient", "-created_at"], name="import_patient_created")]


class ImportedEntry(models.Model):
    """An entry an import wrote: its source (shown in the diary's exports) and, for a merge,
    the entry as it was before, so an undo can put it back."""

    source = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="entries")
    # One mark per entry: a later import that writes the same entry takes the mark over.
    # No reverse accessor: an entry's fields stay what the exports carry; the JSON export reads the marks.
    entry = models.OneToOneField("diary.Entry", on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=8, choices=ImportAction.choices)
    # For a merge: the replaced check-in or the earlier version of this entry, in entry_upsert's fields.
    previous = models.JSONField(null=True, blank=True)


class CsvMapping(models.Model):
    """A patient's saved column mapping for their own CSV diary, reused by name."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="csv_mappings")
    name = models.CharField(max_length=60)
    columns = models.JSONField()  # {"date": "Day", "severity": "Pain (0-10)", ...}
    date_format = models.CharField(max_length=40, default="%Y-%m-%d")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patient", "name"], name="one_mapping_name_per_patient")]
