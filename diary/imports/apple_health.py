"""Apple Health's export (export.zip, or the export.xml inside it): its headache records.

    <Record type="HKCategoryTypeIdentifierHeadache" sourceName="..." startDate="2026-03-01 09:00:00 +0100"
            endDate="2026-03-01 11:30:00 +0100" value="HKCategoryValueSeverityModerate"/>

Read as a stream (exports reach gigabytes): each element is dropped once read, so memory
stays flat. defusedxml refuses entity declarations (an "entity bomb") and external
references; Apple's own DTD declares neither. The local date and time are the record's own
(the offset the phone wrote), as the patient lived them.

Severity: not present is a headache-free day; mild 3, moderate 5, severe 8 on the 0-10
scale; unspecified is a headache of unknown severity. The same moment written by two
sources (a phone and a watch app) has one key: the dry run skips the second as a duplicate.
"""

import datetime as dt
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from diary.imports import ImportRefused, Parsed, RowError
from diary.imports.entries import LONGEST_MINUTES, checked_entry, joined_notes

HEADACHE = "HKCategoryTypeIdentifierHeadache"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"
SEVERITY = {
    "HKCategoryValueSeverityNotPresent": None,  # no headache
    "HKCategoryValueSeverityMild": 3,
    "HKCategoryValueSeverityModerate": 5,
    "HKCategoryValueSeveritySevere": 8,
    "HKCategoryValueSeverityUnspecified": None,
}


def _moment(text: str | None, name: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(text or "", DATE_FORMAT)
    except ValueError:
        raise RowError(_("%(name)s: %(value)s is not a date.") % {"name": name, "value": (text or "")[:40]}) from None


def record(attributes: dict, *, today: dt.date) -> tuple[str, dict]:
    value = attributes.get("value")
    if value not in SEVERITY:
        raise RowError(_("value: %(value)s is not a headache severity.") % {"value": (value or "")[:60]})
    start = _moment(attributes.get("startDate"), "startDate")
    end = _moment(attributes.get("endDate"), "endDate")
    minutes = int((end - start).total_seconds() // 60)
    headache = value != "HKCategoryValueSeverityNotPresent"
    entry = {
        "date": start.date(),
        "headache": headache,
        "notes": joined_notes([f"Apple Health ({attributes.get('sourceName', '')})"]),
    }
    if headache:
        entry |= {
            "started_at": start.time().replace(second=0),
            "duration_minutes": minutes if 1 <= minutes <= LONGEST_MINUTES else None,
            "severity": SEVERITY[value],
        }
    return f"{start.isoformat()}/{end.isoformat()}/{value}", checked_entry(entry, today=today)


def read(stream, *, today: dt.date) -> Parsed:
    parsed = Parsed()
    number = 0
    try:
        events = iterparse(
            stream, events=("start", "end"), forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
        _event, root = next(events)
        if root.tag != "HealthData":
            raise ImportRefused("file", _("This is not an Apple Health export: it has no HealthData."))
        for event, element in events:
            if event != "end":
                continue
            if element.tag == "Record" and element.get("type") == HEADACHE:
                number += 1
                try:
                    key, entry = record(dict(element.attrib), today=today)
                except RowError as error:
                    parsed.error(number, str(error))
                else:
                    # A second source's copy keeps its key: the dry run skips it as a duplicate.
                    parsed.rows.append({"row": number, "key": key, "entry": entry})
            if element.tag in ("Record", "Workout", "ActivitySummary", "Correlation"):
                root.clear()  # what was read is dropped: memory stays flat
    except DefusedXmlException:
        raise ImportRefused("file", _("The XML declares entities, which an import refuses.")) from None
    except (ParseError, StopIteration):
        raise ImportRefused("file", _("This is not an Apple Health export: the XML cannot be read.")) from None
    return parsed
