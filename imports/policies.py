"""Who may import a force's history: the one permission, checked by the command (no page imports history)."""

IMPORT_HISTORY = "imports.import_history"
