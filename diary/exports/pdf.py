"""The pre-visit summary as a PDF a clinician would print: one or two A4 pages.

Built from the summary dict of diary.selectors.summary, so the figures are the
same as the API's. reportlab only, with its built-in fonts: no network, no files.
"""

import datetime as dt
import io
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from diary.exports import SCREENING_CAVEAT

STYLES = getSampleStyleSheet()
BODY = STYLES["BodyText"]
SMALL = STYLES["BodyText"].clone("small", fontSize=8, leading=10)
CELL = 4.2 * mm
# No entry, a headache-free day, then severity 0-10 from pale yellow to deep red.
NOT_LOGGED = colors.HexColor("#eeeeee")
HEADACHE_FREE = colors.HexColor("#b9e4c9")


def _severity_colour(severity: int | None) -> colors.Color:
    if severity is None:
        return colors.HexColor("#f4a261")
    return colors.linearlyInterpolatedColor(
        colors.HexColor("#ffe8a3"), colors.HexColor("#9b1d20"), 0, 10, severity
    )


def _text(value: str) -> str:
    # The built-in fonts cover Latin-1; anything else is spelled as a question mark.
    return escape(value.encode("latin-1", "replace").decode("latin-1"))


def _calendar(calendar: list[dict]) -> Drawing:
    """One column per week (Monday at the top), one square per day."""
    first = dt.date.fromisoformat(calendar[0]["date"])
    start = first - dt.timedelta(days=first.weekday())
    weeks = (dt.date.fromisoformat(calendar[-1]["date"]) - start).days // 7 + 1
    bottom = 8 * mm  # below the squares: month names, then the legend
    drawing = Drawing(max(10 * mm + weeks * CELL, 95 * mm), bottom + 7 * CELL + 1 * mm)
    for row, name in enumerate("MTWTFSS"):
        drawing.add(String(2 * mm, bottom + (6 - row) * CELL + 1 * mm, name, fontSize=6))
    for day in calendar:
        date = dt.date.fromisoformat(day["date"])
        column, row = (date - start).days // 7, date.weekday()
        if not day["logged"]:
            fill = NOT_LOGGED
        elif not day["headache"]:
            fill = HEADACHE_FREE
        else:
            fill = _severity_colour(day["max_severity"])
        x = 8 * mm + column * CELL
        drawing.add(Rect(x, bottom + (6 - row) * CELL, CELL - 0.6 * mm, CELL - 0.6 * mm, fillColor=fill,
                         strokeColor=None))
        if date.day == 1:
            drawing.add(String(x, bottom - 3.5 * mm, date.strftime("%b"), fontSize=6))
    drawing.add(String(8 * mm, 0.5 * mm, "grey: no entry    green: no headache    yellow to red: severity 0 to 10",
                       fontSize=6))
    return drawing


def _bar_chart(title: str, counts: dict[str, int]) -> Drawing:
    labels = [code.replace("_", " ") for code in counts]
    drawing = Drawing(80 * mm, 12 * mm + len(counts) * 5 * mm)
    chart = HorizontalBarChart()
    chart.x, chart.y = 30 * mm, 2 * mm
    chart.width, chart.height = 45 * mm, len(counts) * 5 * mm
    chart.data = [list(counts.values())[::-1]]
    chart.categoryAxis.categoryNames = labels[::-1]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.visibleTicks = False
    chart.valueAxis.visible = False  # each bar is labelled with its count
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(max(counts.values(), default=0), 1)
    chart.valueAxis.valueStep = max(1, chart.valueAxis.valueMax // 4)
    chart.bars[0].fillColor = colors.HexColor("#3d5a80")
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(String(0, drawing.height - 4 * mm, title, fontSize=9, fontName="Helvetica-Bold"))
    return drawing


def _key_figures(summary: dict) -> Table:
    trend = summary["trend"]
    severity = summary["severity"]
    overuse = summary["medication_overuse"]
    rows = [
        ["Logged days", f"{summary['logged_days']} of {summary['window']['days']} "
                        f"({round(summary['completeness'] * 100)}%)"],
        ["Headache days", f"{summary['headache_days']} ({summary['headache_days_per_30']} per 30 days)"],
        ["Previous period", f"{trend['previous']['headache_days_per_30']} per 30 days "
                            f"(change {trend['change_per_30']:+})"
                            + ("" if trend["comparable"] else ", too few entries then to compare")],
        ["Migraine-like days", str(summary["migraine_like_days"])],
        ["Severity (0-10)", f"median {severity['median'] if severity['n'] else '-'}, "
                            f"max {severity['max'] if severity['n'] else '-'}"],
        ["Acute medication days", f"{overuse['any_acute']['days']} ({overuse['any_acute']['days_per_30']} per 30 days)"
                                  + ("  OVERUSE THRESHOLD REACHED" if overuse["suspected"] else "")],
    ]
    adherence = summary["reminder_adherence"]
    if adherence["delivered"]:
        rows.append(["Reminders done", f"{adherence['done']} of {adherence['delivered']}"])
    table = Table(rows, colWidths=[45 * mm, 120 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 9), ("FONT", (1, 0), (1, -1), "Helvetica", 9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def _medication_table(summary: dict) -> Table:
    rows = [["Acute medication", "Days", "Per 30 days", "Threshold per 30", ""]]
    for kind, figures in summary["medication_overuse"]["classes"].items():
        if not figures["days"]:
            continue
        rows.append([kind.replace("_", " "), figures["days"], figures["days_per_30"],
                     figures["threshold_per_30"] or "-", "reached" if figures["reached"] else ""])
    table = Table(rows, colWidths=[45 * mm, 15 * mm, 25 * mm, 30 * mm, 20 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8), ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def _screening(summary: dict) -> list:
    report = summary["screening"]
    flow = [Paragraph(f"<b>Diary screening:</b> {_text(report['level'].replace('_', ' '))}"
                      + (" (mixed pattern)" if report.get("mixed") else ""), BODY)]
    # One line per kind of flag, however many entries carry it: the report stays printable.
    flags: dict[str, list[dict]] = {}
    for flag in report.get("red_flags", []):
        flags.setdefault(flag["code"], []).append(flag)
    for code, found in flags.items():
        last = max(str(flag.get("date", "")) for flag in found)
        times = f"{len(found)} times, last {last}" if len(found) > 1 else last
        flow.append(Paragraph(f"<font color='#9b1d20'><b>Red flag:</b> {_text(code.replace('_', ' '))} "
                              f"({_text(found[0].get('urgency', ''))}, {_text(times)})</font>", BODY))
    # The clinician's summary of the report names the signals, caps and differentials.
    for line in (report.get("summary") or "").splitlines():
        flow.append(Paragraph(_text(line), SMALL))
    flow.append(Paragraph(f"<i>{_text(SCREENING_CAVEAT)}</i>", SMALL))
    return flow


def summary_pdf(*, summary: dict, patient_label: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
        title="Neckline pre-visit summary", author="Neckline",
    )
    window = summary["window"]
    exams = summary["exams"]
    flow = [
        Paragraph("Neckline pre-visit summary", STYLES["Title"]),
        Paragraph(f"{_text(patient_label)} &nbsp; {window['from']} to {window['to']} ({window['days']} days)", BODY),
        Spacer(1, 3 * mm),
        _key_figures(summary),
        Spacer(1, 3 * mm),
        _calendar(summary["calendar"]),
        Table([[_bar_chart("Side (episodes)", summary["side"]),
                _bar_chart("Neck trigger (episodes)", summary["neck_trigger"])]]),
        _medication_table(summary),
        Spacer(1, 3 * mm),
        *_screening(summary),
    ]
    if exams:
        flow.append(Spacer(1, 2 * mm))
        for exam in exams[:5]:
            findings = [f"FRT left {exam['frt_left_deg']} deg" if exam["frt_left_deg"] is not None else "",
                        f"FRT right {exam['frt_right_deg']} deg" if exam["frt_right_deg"] is not None else "",
                        f"block relief {exam['block_relief_percent']}%"
                        if exam["block_relief_percent"] is not None else ""]
            flow.append(Paragraph(f"<b>Exam {exam['date']}:</b> {_text(', '.join(f for f in findings if f))}", SMALL))
    flow.append(Spacer(1, 2 * mm))
    flow.append(Paragraph(f"Generated {summary['generated_at']:%Y-%m-%d %H:%M} UTC by Neckline "
                          "from the patient's own diary entries.", SMALL))
    document.build(flow)
    return buffer.getvalue()
