"""Demo safeguarding records (make run); each part adds its seed here and seed_demo calls ``seed``."""

SEEDS: list = []


def seed() -> int:
    return sum(s() or 0 for s in SEEDS)
