"""The load test's users (locust): a realistic mix of dacase's work, as many people at once.

- call handlers log incidents through the API (intake) and search the person index;
- response officers answer DASH questionnaires on the incidents just logged (start, answers);
- PVP officers read their queue and claim the next assessment;
- readers (supervisors, analysts, MARAC staff) open pages (home, incident list, PVP queue, an incident) with a
  signed-in session, and read the API (incident list and detail).

Credentials come from the file named by LOAD_CREDENTIALS (bench/load/run.py writes it: an API token per role, the
demo password, an area code). ``LOAD_MAX_REQUESTS`` stops the run after that many requests, whatever the time.
Names of requests are their kind ("intake", "search", ...), so the report gives p50/p95/p99 per kind.
"""

import itertools
import json
import os
import random
import uuid
from datetime import UTC, datetime
from pathlib import Path

from locust import HttpUser, between, events, task

_FILE = os.environ.get("LOAD_CREDENTIALS")
CREDENTIALS = json.loads(Path(_FILE).read_text()) if _FILE else {}
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "0"))
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright"]
GIVEN = ["Tina", "Sarah", "Emma", "Olivia", "Grace", "Amelia", "Jessica", "Lucy", "Sophie", "Hannah"]
# Incidents the handlers logged in this process, for the officers' DASH and the readers.
LOGGED: list[tuple[int, int]] = []  # (incident id, victim person id)
FRESH: list[tuple[int, int]] = []  # those no officer has started a DASH on yet
_serial = itertools.count()


_ENVIRONMENT = []


@events.init.add_listener
def _keep_environment(environment, **kwargs):
    _ENVIRONMENT.append(environment)


@events.request.add_listener
def _bounded(**kwargs):
    """Stop after LOAD_MAX_REQUESTS requests (each counts once, failed or not)."""
    if MAX_REQUESTS and next(_serial) + 1 == MAX_REQUESTS and _ENVIRONMENT and _ENVIRONMENT[0].runner:
        _ENVIRONMENT[0].runner.quit()


class ApiUser(HttpUser):
    abstract = True
    role = ""

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {CREDENTIALS['tokens'][self.role]}"


class CallHandler(ApiUser):
    """Intake at national peak x 100 is about 22 incidents a second across all handlers."""

    weight = 4
    role = "handler"
    wait_time = between(0.5, 1.5)

    @task(3)
    def intake(self) -> None:
        given, surname = random.choice(GIVEN), random.choice(SURNAMES)
        body = {
            "area": CREDENTIALS["area"],
            "channel": "999",
            "received_at": datetime.now(tz=UTC).isoformat(),
            "location": f"{random.randint(1, 200)} Bridge Street",
            "relationship": "former_partner",
            "abuse_types": ["stalking"],
            "summary": "Ex-partner outside the house.",
            "submission_key": str(uuid.uuid4()),
            "checklist": {
                "injuries": "no",
                "medical_help": "no",
                "weapons": "no",
                "children_present": "no",
                "victim_safe_now": "no",
            },
            "parties": [
                {
                    "role": "victim",
                    "new_person": {
                        "surname": surname,
                        "given_name": given,
                        "date_of_birth": f"19{random.randint(60, 99)}-0{random.randint(1, 9)}-1{random.randint(0, 9)}",
                    },
                    "location_known": "yes",
                    "location": "At home",
                    "is_caller": True,
                },
            ],
        }
        with self.client.post("/api/v1/incidents/", json=body, name="intake", catch_response=True) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return
            data = response.json()
            victim = next((p.get("person_id") for p in data.get("parties", []) if p.get("role") == "victim"), None)
            if victim:
                LOGGED.append((data["id"], victim))
                FRESH.append((data["id"], victim))
                del LOGGED[:-500], FRESH[:-500]

    @task(5)
    def search(self) -> None:
        params = {"given_name": random.choice(GIVEN), "surname": random.choice(SURNAMES)}
        self.client.get("/api/v1/people/search/", params=params, name="search")


class Officer(ApiUser):
    """DASH on a phone: start an assessment on a logged incident and send its answers."""

    weight = 2
    role = "officer"
    wait_time = between(1, 3)

    @task
    def dash(self) -> None:
        if not FRESH:
            return
        incident, victim = FRESH.pop()  # one DASH per victim and incident
        created = self.client.post(
            "/api/v1/assessments/", json={"incident": incident, "victim": victim}, name="dash start"
        )
        if created.status_code != 201:
            return
        answers = [{"question_id": q, "value": random.choice(["yes", "no"])} for q in CREDENTIALS["questions"]]
        self.client.post(
            f"/api/v1/assessments/{created.json()['id']}/answers/", json={"answers": answers}, name="dash answers"
        )


class Pvp(ApiUser):
    """The PVP queue: read it, claim the first item waiting."""

    weight = 1
    role = "pvp"
    wait_time = between(1, 3)

    @task
    def claim(self) -> None:
        queue = self.client.get("/api/v1/pvp-queue/", name="queue read")
        if queue.status_code != 200:
            return
        body = queue.json()
        items = body.get("results", body) if isinstance(body, dict) else body
        waiting = [i for i in items if not i.get("claimed_by")]
        if waiting:
            item = random.choice(waiting[:5])
            with self.client.post(
                f"/api/v1/pvp-queue/{item['id']}/claim/", name="queue claim", catch_response=True
            ) as r:
                if r.status_code == 409:
                    r.success()  # another PVP officer claimed it first: the queue's answer, not an error


class Reader(HttpUser):
    """Supervisors and analysts reading: pages with a session, and the API."""

    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.get("/accounts/login/", name="page login")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/accounts/login/",
            data={"username": "crsup", "password": CREDENTIALS["password"], "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="page login",
        )

    @task(3)
    def pages(self) -> None:
        self.client.get("/", name="page home")
        self.client.get("/incidents/", name="page incident list")
        if LOGGED:
            self.client.get(f"/incidents/{random.choice(LOGGED)[0]}/", name="page incident")

    @task(2)
    def api_reads(self) -> None:
        headers = {"Authorization": f"Token {CREDENTIALS['tokens']['crsup']}"}
        self.client.get("/api/v1/incidents/", params={"limit": 20}, headers=headers, name="api incident list")
        if LOGGED:
            self.client.get(f"/api/v1/incidents/{random.choice(LOGGED)[0]}/", headers=headers, name="api incident")
