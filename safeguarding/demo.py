"""Demo safeguarding records (make run); each part adds its seed here and seed_demo calls ``seed``."""

SEEDS: list = []


def _cases() -> int:
    from .demo_cases import seed as cases_seed

    return cases_seed()


SEEDS.append(_cases)  # Clare's Law, bail and release, the Victims' Code (safeguarding/demo_cases.py)


def seed() -> int:
    return sum(s() or 0 for s in SEEDS)
