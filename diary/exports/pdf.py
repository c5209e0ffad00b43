"""The pre-visit summary as a PDF a clinician would print: one or two pages, A4 or Letter.

Built from the summary dict of diary.selectors.summary, so every figure is the
API's (and the API's are the screening engine's). The overview comes first, as
on the screen. It reads in black and white: the calendar prints each day's
severity as a number, shading only repeats it. Clinical words from
diary/reports/labels.py, never engine codes. reportlab only, with its built-in
fonts: no network, no files.
"""

import datetime as dt
import io
from xml.sax.saxutils import escape

from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from diary.exports import SCREENING_CAVEAT
from diary.reports.labels import capitalised, label, not_evaluable_words
from diary.reports.sentences import answered_share, by_code, checked_day, day, signal_counts
from diary.treatments.wording import clinician_lines

PAPER = {"a4": A4, "letter": LETTER}
STYLES = getSampleStyleSheet()
TITLE = STYLES["Title"].clone("title", fontSize=15, leading=18, spaceAfter=1 * mm, alignment=0)
HEADING = STYLES["Heading2"].clone("heading", fontSize=10.5, leading=13, spaceBefore=2.5 * mm, spaceAfter=1 * mm)
BODY = STYLES["BodyText"].clone("body", fontSize=8.5, leading=10.5, spaceBefore=0, spaceAfter=0.6 * mm)
SMALL = STYLES["BodyText"].clone("small", fontSize=7.5, leading=9)
CELL_STYLE = STYLES["BodyText"].clone("cell", fontSize=7.5, leading=9)
MAX_CELL = 8.5 * mm
COUNT_FIELDS = [
    ("side", gettext_lazy("Side"), True),
    ("onset_region", gettext_lazy("Where it began"), False),
    ("neck_trigger", gettext_lazy("Brought on by"), False),
    ("posture", gettext_lazy("Posture at onset"), False),
    ("quality", gettext_lazy("Quality"), False),
    ("symptoms", gettext_lazy("Symptoms"), False),
]


def _decimal(value: float, spec: str = ".1f") -> str:
    # 3.2 as "3,2" in German, French, Italian and Spanish.
    return format(value, spec).replace(".", get_format("DECIMAL_SEPARATOR"))


def _labelled(label: str, text: str) -> Paragraph:
    return Paragraph(f"<b>{_text(label)}</b> {_text(text)}", BODY)


def _entries(text: str, count: int) -> str:
    return ngettext("{text} ({count} entry)", "{text} ({count} entries)", count).format(text=text, count=count)


# Typographic punctuation of the translations (French apostrophes, German quotes) that the
# built-in fonts lack, as the nearest Latin-1 character.
LATIN_1_PUNCTUATION = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'}
    | {"\u2013": "-", "\u2014": "-", "\u2026": "...", "\u202f": " ", "\u2011": "-"}
)


def _text(value) -> str:
    # The built-in fonts cover Latin-1 (every letter of the five languages); anything else
    # is spelled as a question mark.
    text = str(value).translate(LATIN_1_PUNCTUATION)
    return escape(text.encode("latin-1", "replace").decode("latin-1"))


def _table(rows: list[list], widths: list[float], *, header: bool = True) -> Table:
    cells = [[Paragraph(_text(cell), CELL_STYLE) if isinstance(cell, str) else cell for cell in row] for row in rows]
    table = Table(cells, colWidths=widths, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        style += [("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black), ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7.5)]
        for column in range(len(widths)):
            if isinstance(rows[0][column], str):
                cells[0][column] = Paragraph(f"<b>{_text(rows[0][column])}</b>", CELL_STYLE)
    table.setStyle(TableStyle(style))
    return table


# --- The calendar --------------------------------------------------------------------------


def _shade(severity: int | None) -> colors.Color:
    """Grey from light (mild) to dark (severe): a repeat of the number, never the only sign."""
    level = 0.9 - 0.045 * (severity if severity is not None else 5)
    return colors.Color(level, level, level)


def calendar_drawing(calendar: list[dict], width: float) -> Drawing:
    """One column per week (Monday at the top), one square per day, the day's
    highest severity printed in it. Public for the rendering test."""
    first = dt.date.fromisoformat(calendar[0]["date"])
    start = first - dt.timedelta(days=first.weekday())
    weeks = (dt.date.fromisoformat(calendar[-1]["date"]) - start).days // 7 + 1
    left = 6 * mm
    cell = min(MAX_CELL, (width - left) / weeks)
    font = max(4.5, min(8, cell / mm * 1.25))
    bottom = 7 * mm  # below the squares: the Mondays' dates and the months
    height = bottom + 7 * cell + 1 * mm
    drawing = Drawing(width, height)
    # The weekdays' initials, Monday first, in the reader's language.
    for row, name in enumerate(_("MTWTFSS")[:7]):
        drawing.add(String(1 * mm, bottom + (6 - row) * cell + cell / 2 - 2, name, fontSize=6))
    month_shown = set()
    for column in range(weeks):
        monday = start + dt.timedelta(days=7 * column)
        x = left + column * cell
        if weeks <= 20 or column % 2 == 0:
            drawing.add(String(x + cell / 2, bottom - 3 * mm, str(monday.day), fontSize=5, textAnchor="middle"))
        month = date_format(monday + dt.timedelta(days=6), "M Y")
        if month not in month_shown and (monday + dt.timedelta(days=6)).day <= 7 or column == 0:
            month_shown.add(month)
            drawing.add(String(x, bottom - 6 * mm, month, fontSize=6))
    for entry in calendar:
        date = dt.date.fromisoformat(entry["date"])
        column, row = (date - start).days // 7, date.weekday()
        x, y = left + column * cell, bottom + (6 - row) * cell
        size = cell - 0.5 * mm
        centre_x, text_y = x + size / 2, y + size / 2 - font * 0.35
        if not entry["logged"]:
            drawing.add(
                Rect(
                    x,
                    y,
                    size,
                    size,
                    fillColor=None,
                    strokeColor=colors.Color(0.7, 0.7, 0.7),
                    strokeWidth=0.3,
                    strokeDashArray=[0.8, 0.8],
                )
            )
            continue
        if not entry["headache"]:
            drawing.add(Rect(x, y, size, size, fillColor=colors.white, strokeColor=colors.black, strokeWidth=0.4))
            drawing.add(String(centre_x, text_y, "-", fontSize=font, textAnchor="middle"))
        else:
            severity = entry["max_severity"]
            drawing.add(Rect(x, y, size, size, fillColor=_shade(severity), strokeColor=colors.black, strokeWidth=0.4))
            ink = colors.white if severity is not None and severity >= 7 else colors.black
            drawing.add(
                String(
                    centre_x,
                    text_y,
                    "?" if severity is None else str(severity),
                    fontSize=font,
                    fontName="Helvetica-Bold",
                    fillColor=ink,
                    textAnchor="middle",
                )
            )
        if entry["acute_medication"]:  # a black corner: medication taken that day
            corner = size * 0.32
            drawing.add(
                Polygon(
                    [x + size - corner, y + size, x + size, y + size, x + size, y + size - corner],
                    fillColor=colors.black,
                    strokeColor=None,
                )
            )
        if entry.get("red_flag"):  # a heavy frame: a red flag ticked that day
            drawing.add(
                Rect(
                    x - 0.3, y - 0.3, size + 0.6, size + 0.6, fillColor=None, strokeColor=colors.black, strokeWidth=1.6
                )
            )
    drawing.add(Line(left, bottom - 0.8 * mm, left + weeks * cell, bottom - 0.8 * mm, strokeWidth=0.2))
    return drawing


CALENDAR_KEY = gettext_lazy(
    "Each square is a day. Number: the highest severity that day (0-10), shading repeats it; "
    "-: headache-free check-in; dotted and empty: nothing logged; black corner: acute medication taken; "
    "heavy frame: a red flag ticked. Under each column: the date of its Monday."
)


# --- Sections ------------------------------------------------------------------------------


def _overview(summary: dict) -> list:
    flow = [Paragraph(_text(_("Overview")), HEADING)]
    # The first sentence is the red flags' (diary/reports/sentences.py): bold while any is open.
    open_flags = any(not flag.get("reviewed") for flag in summary["red_flags"])
    for position, sentence in enumerate(summary["overview"]):
        text = _text(sentence)
        if position == 0 and open_flags:
            text = f"<b>{text}</b>"
        flow.append(Paragraph(f"&bull; {text}", BODY))
    return flow


def _counts(summary: dict, width: float) -> Table:
    episodes = summary["episodes"]
    blocks = []
    for field, title, show_zero in COUNT_FIELDS:
        counts = sorted(((n, code) for code, n in summary[field].items() if n or show_zero), key=lambda x: -x[0])
        kind = "symptoms" if field == "symptoms" else field
        rows = [[title, "n"]] + [[capitalised(code, kind), str(n)] for n, code in counts]
        if len(rows) == 1:
            rows.append([_("None recorded"), ""])
        answered = sum(n for n, _ in counts) if field != "symptoms" else None
        if answered is not None and answered < episodes:
            rows.append([_("Not answered"), str(episodes - answered)])
        blocks.append(_table(rows, [width / 3 - 12 * mm, 8 * mm]))
    grid = Table([blocks[0:3], blocks[3:6]], colWidths=[width / 3] * 3, hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return grid


def _medication(summary: dict, width: float) -> list:
    overuse = summary["medication_overuse"]
    rows = [[_("Acute medication"), _("Days"), _("Per 30 days"), _("Overuse threshold per 30"), _("Threshold")]]
    for kind, figures in overuse["classes"].items():
        if not figures["days"]:
            continue
        threshold = figures["threshold_per_30"]
        rows.append(
            [
                capitalised(kind, "medication"),
                str(figures["days"]),
                _decimal(figures["days_per_30"]),
                _("none (not an ICHD-3 8.2 class)") if threshold is None else _decimal(threshold, "g"),
                "" if threshold is None else _("REACHED") if figures["reached"] else _("below"),
            ]
        )
    combined = overuse["any_acute"]
    if combined["classes_used"] >= 2:
        rows.append(
            [
                _("Any acute, {count} classes").format(count=combined["classes_used"]),
                str(combined["days"]),
                _decimal(combined["days_per_30"]),
                _decimal(combined["threshold_per_30"], "g"),
                _("REACHED") if combined["reached"] else _("below"),
            ]
        )
    rows.append(
        [
            _("Headache days"),
            str(summary["headache_days"]),
            "-" if summary["headache_days_per_30"] is None else _decimal(summary["headache_days_per_30"]),
            _decimal(overuse["headache_days_threshold_per_30"], "g"),
            _("REACHED") if overuse["headache_days_threshold_reached"] else _("below"),
        ]
    )
    return [
        Paragraph(_text(_("Acute medication days against the overuse thresholds (ICHD-3 8.2)")), HEADING),
        _table(rows, [0.3 * width, 0.1 * width, 0.14 * width, 0.3 * width, 0.16 * width]),
    ]


def related_words(group: list[dict]) -> str:
    """The symptoms of the entries that raised a flag (an injury or manipulation
    followed by dizziness), in words with their dates."""
    parts = []
    for flag in group:
        for entry in flag.get("related_entries") or ():
            symptoms = ", ".join(label(code, "symptoms") for code in entry["symptoms"]) or _("no symptoms listed")
            parts.append(f"{day(entry['date'])}: {symptoms}")
    return "; ".join(dict.fromkeys(parts))


def _red_flags(summary: dict, width: float) -> list:
    if not summary["red_flags"]:
        return []
    rows = [[_("Red flag"), _("Urgency"), _("When"), _("Review")]]
    for code, group in by_code(summary["red_flags"]).items():
        latest = group[0]
        when = day(latest["date"]) + (f", {latest['entry_time']}" if latest.get("entry_time") else "")
        if len(group) > 1:
            when = ngettext("{count} day, latest {when}", "{count} days, latest {when}", len(group)).format(
                count=len(group), when=when
            )
        reviews = [flag["reviewed"] for flag in group if flag.get("reviewed")]
        if not reviews:
            review = _("NOT YET REVIEWED")
        else:
            last = max(reviews, key=lambda review: str(review["at"]))
            note = f": {last['note']}" if last.get("note") else ""
            count = (
                ""
                if len(group) == 1
                else _("{reviewed} of {count} reviewed; ").format(reviewed=len(reviews), count=len(group))
            )
            if last.get("role") == "patient":  # the patient's report, never a clinician's review
                review = (
                    count
                    + _("the patient reports a doctor checked this on {day}").format(day=day(checked_day(last)))
                    + note
                )
            else:
                review = (
                    count
                    + _("reviewed by {who} on {day}").format(
                        who=last.get("by") or _("a clinician"), day=day(str(last["at"])[:10])
                    )
                    + note
                )
        related = related_words(group)
        if related:
            when += _("; related: {related}").format(related=related)
        rows.append([capitalised(code), label(latest["urgency"]), when, review])
    return [
        Paragraph(_text(_("Red flags (SNNOOP10)")), HEADING),
        _table(rows, [0.3 * width, 0.1 * width, 0.2 * width, 0.4 * width]),
    ]


def _screening(summary: dict, width: float) -> list:
    report = summary["screening"]
    level = capitalised(report["level"]) + (
        _(" (a neck component beside another headache type)") if report.get("mixed") else ""
    )
    flow = [Paragraph(_text(_("Diary screening")), HEADING), _labelled(_("Level:"), level)]
    if report.get("reasons"):
        reasons = "; ".join(label(reason) for reason in report["reasons"])
        flow.append(Paragraph(_text(_("Why: {reasons}.").format(reasons=reasons)), BODY))
    rows = [[_("Signal"), _("Met"), _("Evidence"), _("Not answered")]]
    for signal in report["signals"]:
        positive, answered = signal_counts(signal)
        if signal["code"] == "clinical_exam":
            evidence = ngettext(
                "{positive} positive of {answered} examination",
                "{positive} positive of {answered} examinations",
                answered,
            ).format(positive=positive, answered=answered)
        else:
            evidence = answered_share(positive, answered)
        rows.append(
            [
                capitalised(signal["code"]),
                _("yes") if signal["met"] else _("no"),
                evidence,
                str(signal.get("unanswered", "")) if signal["code"] != "clinical_exam" else "",
            ]
        )
    flow.append(_table(rows, [0.34 * width, 0.08 * width, 0.4 * width, 0.18 * width]))
    caps = [cap for cap in report["caps"] if cap["applied"]]
    if caps:
        parts = [_entries(label(cap["code"]), len(cap.get("evidence", []))) for cap in caps]
        flow.append(_labelled(_("Lowering suspicion:"), "; ".join(parts) + "."))
    if report["differentials"]:
        parts = []
        for differential in report["differentials"]:
            band = f", {label(differential['band'])}" if differential.get("band") else ""
            parts.append(
                _entries(
                    f"{label(differential['code'])}: {label(differential['status'], 'differential_status')}{band}",
                    len(differential.get("evidence", [])),
                )
            )
        flow.append(_labelled(_("Also consider:"), "; ".join(parts) + "."))
    if report.get("not_evaluable"):
        words = "; ".join(not_evaluable_words(item) for item in report["not_evaluable"])
        flow.append(_labelled(_("Not evaluable yet:"), words + "."))
    flow.append(Paragraph(f"<i>{_text(SCREENING_CAVEAT)}</i>", SMALL))
    return flow


def _exams(summary: dict, width: float) -> list:
    exams = summary["exams"]
    if not exams:
        return [Paragraph(_text(_("Examinations")), HEADING), Paragraph(_text(_("No examination recorded.")), BODY)]
    degrees = lambda value: "" if value is None else f"{value}°"  # noqa: E731
    rows = [[_("Date"), _("FRT left"), _("FRT right"), _("Block relief"), _("Note")]]
    for exam in exams[:6]:
        relief = exam["block_relief_percent"]
        rows.append(
            [
                day(exam["date"]),
                degrees(exam["frt_left_deg"]),
                degrees(exam["frt_right_deg"]),
                "" if relief is None else f"{relief}%",
                exam["note"][:200],
            ]
        )
    return [
        Paragraph(_text(_("Examinations")), HEADING),
        _table(rows, [0.15 * width, 0.1 * width, 0.1 * width, 0.12 * width, 0.53 * width]),
    ]


def _programme(summary: dict) -> list:
    programme = summary.get("programme")
    if not programme:
        return []
    adherence = programme["adherence"]
    lines = [
        f"{programme['title']}"
        + (_(" (general programme, started by the patient)") if programme["general_advice"] else "")
        + (
            _(", from {start} to {end}.").format(start=day(programme["start_date"]), end=day(programme["ended_on"]))
            if programme["ended_on"]
            else _(", from {start}.").format(start=day(programme["start_date"]))
        )
    ]
    if adherence["percent"] is not None:
        lines.append(
            _("Sessions done: {done} of {due} due ({percent}%).").format(
                done=adherence["sessions_done"], due=adherence["sessions_due"], percent=adherence["percent"]
            )
        )
    for stopped in adherence["stopped_for_pain"][:5]:
        pain = "" if stopped["pain"] is None else _(", pain {pain}/10").format(pain=stopped["pain"])
        lines.append(
            _("Stopped for pain: {exercise} on {day}{pain}.").format(
                exercise=stopped["title"], day=day(stopped["date"]), pain=pain
            )
        )
    comparison = programme["comparison"]
    if comparison["enough_diary"]:
        lines.append(
            _("Headache days per 30: {before} in the 30 days before, {after} on days 15-45 after.").format(
                before=comparison["before"]["headache_days_per_30"], after=comparison["after"]["headache_days_per_30"]
            )
        )
    else:
        lines.append(_("Before/after: not enough diary yet."))
    for score in programme["questionnaires"][-2:]:
        band = f" ({score['band']})" if score["band"] else ""
        lines.append(
            _("{questionnaire}: {score}{band} on {day}.").format(
                questionnaire=score["title"], score=score["score"], band=band, day=day(score["authored"].date())
            )
        )
    return [Paragraph(_text(_("Home exercise programme")), HEADING), *(Paragraph(_text(line), BODY) for line in lines)]


def _treatments(summary: dict) -> list:
    lines = clinician_lines(summary["treatments"]) if summary.get("treatments") else []
    if not lines:
        return []
    return [
        Paragraph(_text(_("Procedures and treatments")), HEADING),
        *(Paragraph(_text(line), BODY) for line in lines),
    ]


def summary_pdf(*, summary: dict, patient_label: str, paper: str = "a4") -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAPER[paper],
        leftMargin=13 * mm,
        rightMargin=13 * mm,
        topMargin=11 * mm,
        bottomMargin=11 * mm,
        title=_("Neckline pre-visit summary"),
        author="Neckline",
    )
    width = document.width
    window = summary["window"]
    flow = [
        Paragraph(_text(_("Pre-visit headache diary summary")), TITLE),
        Paragraph(
            f"{_text(patient_label)} &nbsp;&middot;&nbsp; "
            + _text(
                ngettext("{start} to {end} ({days} day)", "{start} to {end} ({days} days)", window["days"]).format(
                    start=day(window["from"]), end=day(window["to"]), days=window["days"]
                )
            )
            + " &nbsp;&middot;&nbsp; "
            + _text(_("generated {moment} UTC").format(moment=date_format(summary["generated_at"], "j M Y H:i"))),
            SMALL,
        ),
        *_overview(summary),
        KeepTogether(
            [
                Paragraph(_text(_("Calendar")), HEADING),
                calendar_drawing(summary["calendar"], width),
                Paragraph(_text(CALENDAR_KEY), SMALL),
            ]
        ),
        *_red_flags(summary, width),
        Paragraph(
            _text(
                ngettext(
                    "Headache features (counts of {count} headache)",
                    "Headache features (counts of {count} headaches)",
                    summary["episodes"],
                ).format(count=summary["episodes"])
            ),
            HEADING,
        ),
        _counts(summary, width),
        *_medication(summary, width),
        KeepTogether(_screening(summary, width)),
        KeepTogether(_exams(summary, width)),
        KeepTogether(_treatments(summary)),
        KeepTogether(_programme(summary)),
        Spacer(1, 2 * mm),
        Paragraph(_text(_("From the patient's own diary entries, by Neckline.")), SMALL),
    ]
    document.build(flow)
    return buffer.getvalue()
