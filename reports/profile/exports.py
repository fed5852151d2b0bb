"""The problem profile as CSV (formula-safe, core.csv), XLSX for analysts (formula-safe) and PDF (WeasyPrint)."""

import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from core.csv import SafeWriter
from marac.agenda import STYLESHEET as PRINT_CONVENTIONS

from ..figures import ROUNDING
from .figures import DEFINITIONS, ProblemProfile

STYLESHEET = Path(__file__).resolve().parent.parent / "force_page.css"


def file_name(profile: ProblemProfile, extension: str) -> str:
    where = profile.scope.area.code if profile.scope.area else profile.scope.force.code
    return f"problem-profile-{where}-{profile.start:%Y-%m-%d}-to-{profile.end:%Y-%m-%d}.{extension}"


def _heading(profile: ProblemProfile) -> list[list]:
    return [
        ["Problem profile", profile.scope.label],
        ["Period", f"{profile.start:%Y-%m-%d}", f"{profile.end:%Y-%m-%d}"],
        ["Printed", f"{timezone.localtime():%Y-%m-%d %H:%M}", "OFFICIAL-SENSITIVE"],
        ["People", DEFINITIONS["scope"]],
        ["Harm", profile.harm_note],
        ["Rounding", ROUNDING],
    ]


def rows(profile: ProblemProfile):
    """Every line of the profile, as the CSV and the XLSX print them: measures, then each table."""
    yield from _heading(profile)
    for section in profile.sections:
        yield []
        yield [section.title, section.definition]
        if section.measures:
            yield ["key", "measure", "count", "of", "percent"]
            for m in section.measures:
                yield [
                    m.key,
                    m.label,
                    m.numerator,
                    "" if m.denominator is None else m.denominator,
                    "" if m.pct is None else m.pct,
                ]
        for table in section.tables:
            yield []
            yield [table.key, table.title]
            yield table.columns
            for row in table.rows:
                yield ["" if v is None else v for v in row]


def profile_csv(profile: ProblemProfile) -> str:
    out = io.StringIO()
    SafeWriter(out).writerows(rows(profile))
    return out.getvalue()


def profile_xlsx(profile: ProblemProfile) -> bytes:
    """One sheet per section. Text is written as text, never as a formula or a link, whatever it begins with."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("Profile")
    for r, line in enumerate(_heading(profile)):
        sheet.write_row(r, 0, line)
    for section in profile.sections:
        sheet = book.add_worksheet(section.title[:31].replace("/", " "))
        r = 0
        sheet.write_row(r, 0, [section.title], bold)
        sheet.write_row(r + 1, 0, [section.definition])
        r += 3
        if section.measures:
            sheet.write_row(r, 0, ["key", "measure", "count", "of", "percent"], bold)
            for m in section.measures:
                r += 1
                sheet.write_row(r, 0, [m.key, m.label, m.numerator, m.denominator, m.pct])
            r += 2
        for table in section.tables:
            sheet.write_row(r, 0, [table.title], bold)
            sheet.write_row(r + 1, 0, table.columns, bold)
            r += 2
            for row in table.rows:
                sheet.write_row(r, 0, row)
                r += 1
            r += 1
    book.close()
    return out.getvalue()


def profile_pdf(profile: ProblemProfile) -> bytes:
    import weasyprint

    html = render_to_string(
        "reports/problem_profile_print.html",
        {
            "profile": profile,
            "printed_at": timezone.localtime(),
            "rounding": ROUNDING,
            "scope_rule": DEFINITIONS["scope"],
        },
    )
    return weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(PRINT_CONVENTIONS)), weasyprint.CSS(filename=str(STYLESHEET))],
        pdf_tags=True,
        custom_metadata=True,
    )
