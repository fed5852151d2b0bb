"""The rules data of Clare's Law and the Victims' Code, read from safeguarding/data/*.json.

A version once used is never changed: a new one is added beside it and made ``current``. Each application or
update keeps the version it was opened under, so a later change never moves a past deadline.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class DisclosureRules:
    version: str
    target_days: int
    remind_days_before: tuple[int, ...]
    stages: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class VictimsCodeRules:
    version: str
    enhanced_days: int
    standard_days: int

    def working_days(self, *, enhanced: bool) -> int:
        return self.enhanced_days if enhanced else self.standard_days


@cache
def _load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def disclosure_rules(version: str | None = None) -> DisclosureRules:
    data = _load("dvds.json")
    wanted = version or data["current"]
    for v in data["versions"]:
        if v["version"] == wanted:
            return DisclosureRules(
                version=v["version"],
                target_days=int(v["target_days"]),
                remind_days_before=tuple(int(d) for d in v["remind_days_before"]),
                stages={route: tuple(stages) for route, stages in v["stages"].items()},
            )
    raise LookupError(f"no Clare's Law rules version {wanted!r}")


def victims_code_rules(version: str | None = None) -> VictimsCodeRules:
    data = _load("victims_code.json")
    wanted = version or data["current"]
    for v in data["versions"]:
        if v["version"] == wanted:
            days = v["working_days"]
            return VictimsCodeRules(
                version=v["version"],
                enhanced_days=int(days["enhanced"]),
                standard_days=int(days["standard"]),
            )
    raise LookupError(f"no Victims' Code rules version {wanted!r}")
