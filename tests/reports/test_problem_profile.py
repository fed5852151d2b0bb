"""The problem profile of a synthetic force-year (tests/reports/profile_scene.py) gives the figures known by
construction, through the API, the page, the CSV and the XLSX; people only by keyed, stable pseudonym."""

import csv
import io

import openpyxl
import pytest
import tinyhtml5
from django.urls import reverse

from audit.models import AccessLog
from reports.profile.pseudonyms import pseudonym

from . import profile_scene as K
from .profile_scene import PERIOD

XHTML = "{http://www.w3.org/1999/xhtml}"


def names(year, rows, columns):
    """The rows with each pseudonym in ``columns`` replaced by the scene's key of the person (V1, S2...)."""
    back = {pseudonym(p.pk, year.world.force.code): key for key, p in year.people.items()}
    return [[back.get(v, v) if n in columns else v for n, v in enumerate(row)] for row in rows]


def api(client, user, params=PERIOD | {"area": "north"}):
    client.force_login(user)
    response = client.get(reverse("report-problem-profile"), params)
    assert response.status_code == 200, response.content
    data = response.json()
    measures = {m["key"]: m for s in data["sections"] for m in s["measures"]}
    tables = {t["key"]: t for s in data["sections"] for t in s["tables"]}
    return data, measures, tables


def test_the_api_gives_every_known_figure(profile_year, client, north_analyst):
    data, measures, tables = api(client, north_analyst)
    assert data["harm_index"] == "harm_index_test.csv" and data["harm_days"]["serious_assault"] == 100
    for key, (count, of) in K.MEASURES.items():
        assert (measures[key]["count"], measures[key]["of"]) == (count, of), key
    for key, pct in K.PCT.items():
        assert measures[key]["pct"] == pct, key
    assert {r[0]: r[1] for r in tables["victim_age"]["rows"] if r[1]} == K.AGE
    assert {r[0]: r[1] for r in tables["victim_sex"]["rows"]} == K.SEX
    assert tables["victim_markers"]["rows"] == K.MARKERS
    assert names(profile_year, tables["perpetrator_ranking"]["rows"], {1}) == K.RANKING
    assert names(profile_year, tables["serial_perpetrators"]["rows"], {0}) == [["S1", 2, 3, 125, 1]]
    assert names(profile_year, tables["harm_pairs"]["rows"], {1, 2}) == K.PAIRS
    assert tables["repeat_addresses"]["rows"] == K.REPEAT_ADDRESSES
    assert tables["sectors"]["rows"] == K.SECTORS
    hours = {(r[0], h): n for r in tables["hour_weekday"]["rows"] for h, n in enumerate(r[1:]) if n}
    assert hours == K.HOURS
    assert {m: n for m, n in tables["months"]["rows"] if n} == K.MONTHS
    assert len(tables["months"]["rows"]) == 12
    assert tables["seasons"]["rows"] == K.SEASONS
    assert {m: n for m, n in tables["trend"]["rows"] if n} == K.TREND
    assert len(tables["trend"]["rows"]) == 24 and tables["trend"]["rows"][0][0] == "2024-04"
    assert {r[0]: r[1] for r in tables["abuse_types"]["rows"] if r[1]} == K.ABUSE
    assert tables["relationships"]["rows"] == K.RELATIONSHIPS
    assert {r[0]: r[1:] for r in tables["grades"]["rows"] if any(r[1:])} == K.GRADES
    assert tables["attrition"]["rows"] == K.ATTRITION


def test_the_whole_force_counts_both_areas_and_never_the_other_force(profile_year, client, force_analyst):
    _, measures, _ = api(client, force_analyst, PERIOD)
    assert measures["incidents"]["count"] == 8  # North's seven and South's one; not the other force's
    assert measures["harm"]["count"] == 276


def test_no_name_reaches_the_analyst(profile_year, client, north_analyst):
    client.force_login(north_analyst)
    for name in ["reports:problem_profile", "reports:problem_profile_csv", "report-problem-profile"]:
        body = client.get(reverse(name), PERIOD | {"area": "north"}).content.decode()
        assert "Profile" not in body.replace("Problem profile", "").replace("problem profile", "")
        assert pseudonym(profile_year.people["S1"].pk, "test") in body


def test_the_pseudonym_is_stable_and_keyed(settings):
    one = pseudonym(42, "test")
    assert one == pseudonym(42, "test") and one.startswith("P-") and len(one) == 12
    assert pseudonym(43, "test") != one and pseudonym(42, "other") != one
    settings.DACASE_PSEUDONYM_KEY = "another key"
    assert pseudonym(42, "test") != one


def test_the_page_shows_the_figures_with_charts_and_their_tables(profile_year, client, north_analyst):
    client.force_login(north_analyst)
    response = client.get(reverse("reports:problem_profile"), PERIOD | {"area": "north"})
    assert response.status_code == 200
    tree = tinyhtml5.parse(response.content.decode())
    shown = {
        tr.get("data-measure"): "".join(tr.findall(f"{XHTML}td")[0].itertext()).strip()
        for tr in tree.iter(f"{XHTML}tr")
        if tr.get("data-measure")
    }
    for key, pct in K.PCT.items():
        assert shown[key] == f"{pct}%", key
    images = [img for img in tree.iter(f"{XHTML}img") if "chart" in (img.get("class") or "")]
    assert len(images) >= 6 and all(img.get("alt") for img in images)
    assert all(img.get("src").startswith("data:image/svg+xml;base64,") for img in images)


def test_charts_carry_no_script_nor_anything_from_elsewhere(profile_year):
    from reports.policies import Scope
    from reports.profile.selectors import problem_profile

    profile = problem_profile(Scope(force=profile_year.world.force, area=profile_year.north), start=K.START, end=K.END)
    charts = [t for t in profile.tables().values() if t.chart]
    assert len(charts) >= 6
    for table in charts:
        svg = table.svg.lower()
        assert svg.startswith("<?xml") and "<svg" in svg
        assert "<script" not in svg and "javascript:" not in svg and "onload" not in svg
        assert 'href="http' not in svg and 'xlink:href="http' not in svg
        assert table.title.lower() in svg  # the title is in the image too


def test_the_csv_and_xlsx_hold_the_same_figures_and_are_formula_safe(profile_year, client, north_analyst):
    incident = profile_year.incidents[1]
    type(incident).objects.filter(pk__in=[profile_year.incidents[1].pk, profile_year.incidents[2].pk]).update(
        location='=HYPERLINK("http://evil")'
    )
    client.force_login(north_analyst)
    params = PERIOD | {"area": "north"}
    text = client.get(reverse("reports:problem_profile_csv"), params).content.decode()
    lines = list(csv.reader(io.StringIO(text)))
    assert ["repeat_victim_pct", "Repeat victims", "3", "5", "60"] in lines
    assert any(line[:1] == ['\'=HYPERLINK("HTTP://EVIL")'] for line in lines)
    assert not any(cell.startswith("=") for line in lines for cell in line)
    response = client.get(reverse("reports:problem_profile_xlsx"), params)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == '=HYPERLINK("HTTP://EVIL")' and c.data_type == "s" for c in cells)
    victims = book["Victims"]
    row = next(r for r in victims.iter_rows(values_only=True) if r[0] == "repeat_victim_pct")
    assert row[:5] == ("repeat_victim_pct", "Repeat victims", 3, 5, 60)


def test_the_pdf_has_the_charts(profile_year, client, north_analyst):
    import pypdf

    client.force_login(north_analyst)
    response = client.get(reverse("reports:problem_profile_pdf"), PERIOD | {"area": "north"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Repeat victims" in text and "OFFICIAL-SENSITIVE" in text
    assert "Incidents by hour and weekday" in text


@pytest.mark.parametrize("fmt", ["page", "csv", "xlsx", "pdf", "api"])
def test_every_run_and_download_is_logged_with_who_and_the_parameters(profile_year, client, north_analyst, fmt):
    name = {"page": "reports:problem_profile", "api": "report-problem-profile"}.get(
        fmt, f"reports:problem_profile_{fmt}"
    )
    client.force_login(north_analyst)
    assert client.get(reverse(name), PERIOD | {"area": "north"}).status_code == 200
    log = AccessLog.objects.filter(user=north_analyst, reason__startswith="Problem profile").get()
    assert "area north, 2025-04-01 to 2026-03-31" in log.reason
    assert set(log.person_ids) >= {profile_year.people[k].pk for k in ("S1", "S2", "S3", "V1", "V3", "V4")}
    expected = {"page": "view", "api": "view", "pdf": "download", "csv": "export", "xlsx": "export"}[fmt]
    assert log.action == expected


def test_the_force_page_has_its_charts_beside_their_tables(year, client, force_analyst):
    from .scene import NORTH
    from .test_known_answers import PERIOD as FORCE_PERIOD

    client.force_login(force_analyst)
    response = client.get(reverse("reports:force_page"), FORCE_PERIOD | {"area": "north"})
    tree = tinyhtml5.parse(response.content.decode())
    charts = [img for img in tree.iter(f"{XHTML}img") if "chart" in (img.get("class") or "")]
    assert len(charts) == 2 and all(img.get("src").startswith("data:image/svg+xml;base64,") for img in charts)
    table = next(t for t in tree.iter(f"{XHTML}table") if t.get("data-table") == "active_by_grade")
    cells = ["".join(td.itertext()) for td in table.iter(f"{XHTML}td")]
    assert cells[::2] == [str(NORTH["active_by_grade"][g]) for g in ("high", "medium", "standard")]
    pdf = client.get(reverse("reports:force_page_pdf"), FORCE_PERIOD | {"area": "north"})
    assert pdf.status_code == 200
