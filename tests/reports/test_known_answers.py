"""The force page of a synthetic force-year gives the figures known by construction: through the command, the
API and the page, for an area, the other area and the whole force."""

import io
import json

import pytest
import tinyhtml5
from django.core.management import call_command
from django.urls import reverse

from .scene import END, NORTH, SNAPSHOT, SOUTH, START, WHOLE

XHTML = "{http://www.w3.org/1999/xhtml}"
PERIOD = {"start": f"{START:%Y-%m-%d}", "end": f"{END:%Y-%m-%d}", "snapshot": f"{SNAPSHOT:%Y-%m-%d}"}
SCOPES = {"north": NORTH, "south": SOUTH, "": WHOLE}


def run_command(*args: str) -> dict:
    out = io.StringIO()
    call_command("force_page", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def command_args(area: str) -> list[str]:
    """Two forces share the deployment: the command is told which."""
    args = ["--force=test", *(f"--{name}={value}" for name, value in PERIOD.items())]
    return args + ([f"--area={area}"] if area else [])


def assert_figures(data: dict, expected: dict) -> None:
    for key, value in expected.items():
        assert data[key] == value, f"{key}: {data[key]!r}, expected {value!r}"


@pytest.mark.parametrize("area", SCOPES, ids=["north", "south", "whole force"])
def test_the_command_prints_the_known_figures(year, area):
    data = run_command(*command_args(area))
    assert_figures(data, SCOPES[area])
    assert data["snapshot"] == "2026-03-31" and data["start"] == "2025-04-01" and data["end"] == "2026-03-31"
    assert data["area"] == (area or None) and data["force"] == year.world.force.code
    assert data["repeat_window_days"] == 365
    assert data["force_totals"]["missing"] == "" and data["force_totals"]["missing_months"] == []


@pytest.mark.parametrize("area", SCOPES, ids=["north", "south", "whole force"])
def test_the_api_gives_the_known_figures(year, as_user, force_analyst, area):
    params = PERIOD | ({"area": area} if area else {})
    response = as_user(force_analyst).get(reverse("report-force-page"), params)
    assert response.status_code == 200, response.content
    assert_figures(response.json(), SCOPES[area])
    assert response.json() == run_command(*command_args(area))


def page_rows(html: str) -> dict[str, tuple[str, str]]:
    """Each figure's row of the page: its label -> (value, counts), as a reader sees them."""
    tree = tinyhtml5.parse(html)
    rows = {}
    for tr in tree.iter(f"{XHTML}tr"):
        th, tds = tr.find(f"{XHTML}th"), tr.findall(f"{XHTML}td")
        if th is None or len(tds) != 2 or th.get("scope") != "row":
            continue
        label = (th.text or "").strip()
        # The first row of a label: the charts' tables further down repeat some labels with their own counts.
        rows.setdefault(label, tuple(" ".join("".join(td.itertext()).split()) for td in tds))
    return rows


@pytest.mark.parametrize("area", SCOPES, ids=["north", "south", "whole force"])
def test_the_page_shows_the_known_figures_with_their_counts(year, client, force_analyst, area):
    client.force_login(force_analyst)
    response = client.get(reverse("reports:force_page"), PERIOD | {"area": area})
    assert response.status_code == 200
    rows = page_rows(response.content.decode())
    e = SCOPES[area]
    assert rows["Domestic-abuse share of calls for assistance"] == (
        f"{e['da_call_share_pct']}%",
        f"{e['da_incidents']} domestic-abuse incidents of {e['calls_for_assistance']} calls for assistance",
    )
    assert rows["Share of domestic-abuse calls from repeat victims"][0] == f"{e['repeat_call_share_pct']}%"
    assert rows["Domestic-abuse share of recorded crime"] == (
        f"{e['da_crime_share_pct']}%",
        f"{e['da_crimes']} domestic-abuse crimes of {e['recorded_crimes']} recorded crimes",
    )
    intent = e["category_share_pct"]["assault_with_intent"]
    assert rows["Domestic-abuse share of assaults with intent to cause serious harm"][0] == f"{intent}%"
    assert rows["High risk"][0] == f"{e['active_by_grade_pct']['high']}%"
    standard = e["active_by_grade"]["standard"]
    assert rows["Standard risk"][1] == f"{standard} standard risk cases of {e['active_cases']} active cases"
    assert rows["Arrests per 100 domestic-abuse crimes"] == (
        str(e["arrests_per_100_crimes"]),
        f"{e['arrests']} arrests, {e['da_crimes']} domestic-abuse crimes",
    )
    assert rows["Charged or summonsed"][0] == f"{e['outcome_pct']['charge']}%"
    assert f"Active cases on 31/03/2026: {e['active_cases']}" in response.content.decode()


def test_a_division_by_zero_shows_a_dash_with_its_counts(year, client, force_analyst):
    """South recorded no assaults with injury and none of the force's: "—", with 0 of 0, never a 500."""
    client.force_login(force_analyst)
    rows = page_rows(client.get(reverse("reports:force_page"), PERIOD | {"area": "south"}).content.decode())
    value, counts = rows["Domestic-abuse share of assaults with injury"]
    assert value == "—"
    assert counts.startswith("0 domestic-abuse assaults with injury of 0 all assaults with injury")
    assert "nothing to divide by" in counts


def test_every_definition_is_printed_beside_its_figure(year, client, force_analyst):
    client.force_login(force_analyst)
    html = client.get(reverse("reports:force_page"), PERIOD).content.decode()
    for words in (
        "over all calls for assistance in the period",
        "in the 365 days before it",
        "over all crimes recorded in the period",
        "A case is one victim's DASH assessment at a domestic-abuse incident",
        "Arrests made in the period at domestic-abuse incidents, times 100",
        "by their outcome as recorded now",
        "halves upwards",
    ):
        assert words in html.replace("&#x27;", "'")


def _check_against_schema(value, schema: dict, components: dict, path: str) -> list[str]:
    """Where the value breaks the schema: a missing key, a null not marked nullable, a type not said."""
    if "allOf" in schema:  # a described $ref
        schema = {**schema["allOf"][0], "nullable": schema.get("nullable", False)}
    if "$ref" in schema:
        schema = {"nullable": schema.get("nullable", False), **components[schema["$ref"].rsplit("/", 1)[1]]}
    if value is None:
        return [] if schema.get("nullable") else [f"{path} is null, not nullable in the schema"]
    kind = schema.get("type")
    if kind == "object":
        problems = [f"{path}.{key} is missing" for key in schema.get("properties", {}) if key not in value]
        problems += [f"{path}.{key} is not in the schema" for key in value if key not in schema["properties"]]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                problems += _check_against_schema(value[key], sub, components, f"{path}.{key}")
        return problems
    if kind == "array":
        return [p for v in value for p in _check_against_schema(v, schema["items"], components, path + "[]")]
    expected = {"integer": int, "string": str}[kind]
    return [] if isinstance(value, expected) else [f"{path} is {value!r}, not {kind}"]


def test_the_api_answer_is_what_the_schema_says_nulls_included(year, as_user, force_analyst):
    """South's 0/0 shares and a period of part months (every total null) both fit the documented schema."""
    from drf_spectacular.generators import SchemaGenerator

    components = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    client = as_user(force_analyst)
    for params in (PERIOD | {"area": "south"}, PERIOD | {"start": "2025-04-02"}):
        body = client.get(reverse("report-force-page"), params).json()
        assert _check_against_schema(body, {"$ref": "#/ForcePage"}, components, "ForcePage") == []


def test_the_repeat_call_share_keeps_the_inspections_365_days_whatever_the_forces_window(year):
    """The force's own repeat-victim window (calendar months) flags victims at intake; the force page compares
    forces, so it keeps the inspection's 365 days."""
    force = year.world.force
    force.repeat_victim_window_months = 24
    force.save(update_fields=["repeat_victim_window_months"])
    data = run_command(*command_args(""))
    assert data["repeat_window_days"] == 365
    assert_figures(data, WHOLE)
