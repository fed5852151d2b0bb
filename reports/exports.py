"""The force page as a PDF (WeasyPrint, A4, marked OFFICIAL-SENSITIVE, page X of Y) and as CSV."""

import io
from pathlib import Path

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from core.csv import SafeWriter
from marac.agenda import STYLESHEET as PRINT_CONVENTIONS

from .figures import AREA_RULE, ROUNDING, ForcePage

# The agenda's print conventions (A4, OFFICIAL-SENSITIVE in header and footer, page X of Y), then our own cells.
STYLESHEET = Path(__file__).resolve().parent / "force_page.css"
CSV_HEADER = ["key", "section", "figure", "value", "numerator", "counts", "denominator", "of", "note", "definition"]


def file_name(page: ForcePage, extension: str) -> str:
    where = page.scope.area.code if page.scope.area else page.scope.force.code
    return f"force-page-{where}-{page.start:%Y-%m-%d}-to-{page.end:%Y-%m-%d}.{extension}"


def _attachment(content, *, content_type: str, name: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


def force_page_pdf(page: ForcePage) -> bytes:
    import weasyprint

    html = render_to_string(
        "reports/force_page_print.html",
        {"page": page, "printed_at": timezone.localtime(), "rounding": ROUNDING, "area_rule": AREA_RULE},
    )
    # Tagged PDF: screen readers follow the headings and the tables' structure.
    return weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(PRINT_CONVENTIONS)), weasyprint.CSS(filename=str(STYLESHEET))],
        pdf_tags=True,
        custom_metadata=True,
    )


def force_page_pdf_response(page: ForcePage) -> HttpResponse:
    return _attachment(force_page_pdf(page), content_type="application/pdf", name=file_name(page, "pdf"))


def force_page_csv(page: ForcePage) -> str:
    """One row per figure with its value (empty when it cannot be worked out), its counts and definition."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["Force page", page.scope.label])
    writer.writerow(["Period", f"{page.start:%Y-%m-%d}", f"{page.end:%Y-%m-%d}"])
    writer.writerow(["Active cases on", f"{page.snapshot:%Y-%m-%d}"])
    writer.writerow(["Force totals from", "; ".join(page.sources) or "none"])
    writer.writerow(["Printed", f"{timezone.localtime():%Y-%m-%d %H:%M}", "OFFICIAL-SENSITIVE"])
    writer.writerow([])
    writer.writerow(CSV_HEADER)
    for heading, _, figures in page.sections():
        for f in figures:
            writer.writerow(
                [
                    f.key,
                    heading,
                    f.label,
                    "" if f.value is None else f.value,
                    f.numerator,
                    f.numerator_label,
                    "" if f.denominator is None else f.denominator,
                    f.denominator_label,
                    f.note,
                    f.definition,
                ]
            )
    writer.writerow([])
    writer.writerow(["Rounding", ROUNDING])
    writer.writerow(["Areas and days", AREA_RULE])
    return out.getvalue()


def force_page_csv_response(page: ForcePage) -> HttpResponse:
    return _attachment(force_page_csv(page), content_type="text/csv; charset=utf-8", name=file_name(page, "csv"))
