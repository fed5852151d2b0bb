"""The access table covers every URL, and each URL lets in exactly the roles it lists."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.roles import Role

from .access_table import ACCESS, EXCLUDED_NAMESPACES, PUBLIC, SIGNED_IN


def _url_names(patterns, namespace: str | None = None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in EXCLUDED_NAMESPACES:
                continue
            yield from _url_names(p.url_patterns, f"{namespace}:{p.namespace}" if namespace and p.namespace else ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}:{p.name}" if namespace else p.name


def test_every_url_is_in_the_access_table():
    names = set(_url_names(get_resolver().url_patterns))
    assert names - ACCESS.keys() == set(), "URLs missing from tests/access_table.py"
    assert ACCESS.keys() - names == set(), "The access table lists URLs that no longer exist"


def _is_api(url: str) -> bool:
    return url.startswith(("/api/v1/", "/api/schema/"))


@pytest.mark.parametrize("name", sorted(n for n, (allowed, _) in ACCESS.items() if allowed != PUBLIC))
def test_anonymous_is_sent_to_login(client, db, name):
    allowed, kwargs = ACCESS[name]
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    if _is_api(url):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_role_is_let_in_or_refused_as_the_table_says(client, personas, name):
    allowed, kwargs = ACCESS[name]
    url = reverse(name, kwargs=kwargs)
    # Open URLs need one signed-in check; role-limited ones are tried with every role.
    roles = [Role.CALL_HANDLER, Role.IDVA] if allowed in (PUBLIC, SIGNED_IN) else list(Role)
    for role in roles:
        client.force_login(personas[role])
        status = client.get(url).status_code
        if allowed in (PUBLIC, SIGNED_IN) or role in allowed:
            assert status not in (401, 403, 404, 500), f"{role} refused at {name} ({status})"
        else:
            assert status in (403, 404), f"{role} let in at {name} ({status})"
        client.logout()
