"""The officer's phone as an installable web app: the service worker, the manifest and the offline page.

The service worker caches static files and the offline page only, never a page holding personal data:
what the officer opened is kept by the page itself, encrypted, in IndexedDB (static/js/offline.js).
"""

import hashlib
import json
from functools import lru_cache

from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

# What the phone downloads to work offline (besides the pages it opened, which the page keeps).
PRECACHE = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/dacase.css",
    "js/dacase.js",
    "js/offline.js",
    "django_htmx/htmx-2.min.js",
    "django_htmx/htmx-2.js",
    "django_htmx/django-htmx.js",
    "favicon.svg",
    "icons/dacase-192.png",
    "icons/dacase-512.png",
]
WORKBOX = [
    "workbox-core.prod.js",
    "workbox-precaching.prod.js",
    "workbox-routing.prod.js",
    "workbox-strategies.prod.js",
]


@lru_cache(maxsize=1)
def _revision() -> str:
    """One revision for the whole precache: a changed static file or page template makes phones refetch."""
    digest = hashlib.sha256()
    for name in [*PRECACHE, *(f"vendor/workbox/{w}" for w in WORKBOX), "vendor/workbox/workbox-sw.js"]:
        path = finders.find(name)
        if path:
            with open(path, "rb") as f:
                digest.update(f.read())
    for template in ("core/offline.html", "base.html"):
        digest.update(get_template(template).template.source.encode())
    return digest.hexdigest()[:16]


def precache_manifest() -> list[dict]:
    revision = _revision()
    return [{"url": static(name), "revision": revision} for name in PRECACHE] + [
        {"url": reverse("core:offline"), "revision": revision}
    ]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the site's root so that it controls every page of the officer's part."""
    context = {
        "workbox_sw": static("vendor/workbox/workbox-sw.js"),
        "workbox_prefix": static("vendor/workbox/"),
        "precache_json": json.dumps(precache_manifest()),
        "offline_url": reverse("core:offline"),
    }
    response = HttpResponse(render_to_string("core/sw.js", context), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    body = {
        "name": "dacase",
        "short_name": "dacase",
        "description": "DASH and injury photographs at the scene, with or without a signal.",
        "start_url": reverse("core:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#212529",
        "icons": [
            {"src": static("icons/dacase-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/dacase-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """The page the service worker shows for an officer's page when there is no signal.

    It holds no one's data, not even the officer's name (it is cached): the page puts into it, from the
    device's encrypted store, what the officer opened there while online.
    """
    return render(request, "core/offline.html", {"user": AnonymousUser(), "nav_items": [], "offline_shell": True})
