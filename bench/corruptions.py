"""The errors a duplicate record carries, as seen in police data, for the people generator."""

import datetime
import random
import string
from collections.abc import Callable

Corruption = Callable[[dict, random.Random, object], None]


def typo(text: str, rng: random.Random) -> str:
    """One keyboard slip: a letter substituted, dropped, doubled or two letters transposed."""
    if len(text) < 3:
        return text
    position = rng.randrange(1, len(text))
    kind = rng.random()
    if kind < 0.35:
        return text[:position] + rng.choice(string.ascii_lowercase) + text[position + 1 :]
    if kind < 0.6:
        return text[:position] + text[position + 1 :]
    if kind < 0.8:
        return text[:position] + text[position] + text[position:]
    position = min(position, len(text) - 2)
    return text[:position] + text[position + 1] + text[position] + text[position + 2 :]


def _typo_given(row: dict, rng: random.Random, world) -> None:
    row["given_name"] = typo(row["given_name"], rng)


def _typo_surname(row: dict, rng: random.Random, world) -> None:
    row["surname"] = typo(row["surname"], rng)


def _nickname(row: dict, rng: random.Random, world) -> None:
    name = row["given_name"].lower()
    options = world.nicknames.get(name) or world.formal.get(name)
    if options:
        row["given_name"] = rng.choice(options).capitalize()
    else:
        _typo_given(row, rng, world)


def _swap_names(row: dict, rng: random.Random, world) -> None:
    row["given_name"], row["surname"] = row["surname"], row["given_name"]


def _swap_day_month(row: dict, rng: random.Random, world) -> None:
    dob = row["date_of_birth"]
    if dob is not None and dob.day <= 12 and dob.day != dob.month:
        row["date_of_birth"] = dob.replace(month=dob.day, day=dob.month)
    else:
        _dob_digit(row, rng, world)


def _dob_digit(row: dict, rng: random.Random, world) -> None:
    dob = row["date_of_birth"]
    if dob is None:
        return
    digits = dob.strftime("%Y%m%d")
    for _ in range(10):
        position = rng.choice((2, 3, 5, 6, 7))
        changed = digits[:position] + rng.choice("0123456789") + digits[position + 1 :]
        try:
            candidate = datetime.date(int(changed[:4]), int(changed[4:6]), int(changed[6:]))
        except ValueError:
            continue
        if candidate != dob:
            row["date_of_birth"] = candidate
            return


def _missing_dob(row: dict, rng: random.Random, world) -> None:
    row["date_of_birth"] = None


def _missing_postcode(row: dict, rng: random.Random, world) -> None:
    row["postcode"] = ""


def _postcode_typo(row: dict, rng: random.Random, world) -> None:
    postcode = row["postcode"]
    if postcode:
        position = len(postcode) - rng.choice((1, 2))
        letter = rng.choice("ABDEFGHJLNPQRSTUWXYZ")
        row["postcode"] = postcode[:position] + letter + postcode[position + 1 :]


def _moved(row: dict, rng: random.Random, world) -> None:
    row["address_1"], row["town"], row["postcode"], area_code = world.address(rng)
    if row["phone"] and not row["phone"].startswith(("07", "+44")):
        row["phone"] = ""


def _new_surname(row: dict, rng: random.Random, world) -> None:
    row["surname"] = world.surname(rng)


def _initial(row: dict, rng: random.Random, world) -> None:
    row["given_name"] = row["given_name"][:1]


def _middle_as_given(row: dict, rng: random.Random, world) -> None:
    if row["middle_name"]:
        row["given_name"], row["middle_name"] = row["middle_name"], ""
    else:
        _typo_given(row, rng, world)


def _new_phone(row: dict, rng: random.Random, world) -> None:
    row["phone"] = f"07{rng.randrange(100_000_000, 1_000_000_000)}" if rng.random() < 0.7 else ""


def _no_middle(row: dict, rng: random.Random, world) -> None:
    row["middle_name"] = ""


CORRUPTIONS: tuple[tuple[Corruption, float], ...] = (
    (_typo_given, 0.13),
    (_typo_surname, 0.13),
    (_nickname, 0.10),
    (_swap_names, 0.04),
    (_swap_day_month, 0.05),
    (_dob_digit, 0.06),
    (_missing_dob, 0.07),
    (_missing_postcode, 0.05),
    (_postcode_typo, 0.04),
    (_moved, 0.12),
    (_new_surname, 0.05),
    (_initial, 0.03),
    (_middle_as_given, 0.03),
    (_new_phone, 0.07),
    (_no_middle, 0.03),
)
_FUNCTIONS = [c[0] for c in CORRUPTIONS]
_WEIGHTS = [c[1] for c in CORRUPTIONS]


def corrupt(source: dict, rng: random.Random, world) -> dict:
    """A copy of a generated person with one to three errors (see CORRUPTIONS for their shares)."""
    row = {k: v for k, v in source.items() if k not in ("position", "area_code")}
    count = 1 if (roll := rng.random()) < 0.5 else 2 if roll < 0.85 else 3
    for corruption in rng.choices(_FUNCTIONS, _WEIGHTS, k=count):
        corruption(row, rng, world)
    return row
