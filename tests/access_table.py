"""Who may open each URL. Every named URL must be listed here (test_access_table checks).

PUBLIC: anyone, signed in or not. SIGNED_IN: every signed-in user. Otherwise
the set of roles allowed; every other role must be refused (403 or 404).
"""

from accounts.roles import Role

PUBLIC = "public"
SIGNED_IN = "signed in"

# url name -> (allowed, kwargs for reverse)
ACCESS: dict[str, tuple] = {
    "healthz": (PUBLIC, {}),
    "accounts:login": (PUBLIC, {}),
    "accounts:logout": (PUBLIC, {}),
    "core:home": (SIGNED_IN, {}),
    "accounts:two_factor": (SIGNED_IN, {}),
    "accounts:two_factor_setup": (SIGNED_IN, {}),
    "accounts:password_change": (SIGNED_IN, {}),
    "accounts:password_changed": (SIGNED_IN, {}),
    "api-docs": (SIGNED_IN, {}),
    "api-schema": (SIGNED_IN, {}),
    "me": (SIGNED_IN, {}),
    "area-list": (SIGNED_IN, {}),
    "audit:search": ({Role.AUDITOR, Role.ADMINISTRATOR}, {}),
}

# Namespaces served by libraries, tested on their own terms.
EXCLUDED_NAMESPACES = {"admin"}
