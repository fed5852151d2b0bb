"""Who may call each MARAC API endpoint: merged into tests/access_table.py's ACCESS."""

MARAC_API_ACCESS: dict[str, tuple] = {}
