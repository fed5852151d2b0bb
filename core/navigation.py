"""The main navigation: each item shows only to users who hold its permission."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None  # None: every signed-in user
    staff_only: bool = False

    def visible_to(self, user) -> bool:
        if self.staff_only and not user.is_staff:
            return False
        return self.permission is None or user.has_perm(self.permission)


# Features add their entries here, in the order users see them.
NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("My work", "core:home"),
    NavItem("Audit", "audit:search", permission="audit.view_accesslog"),
    NavItem("API", "api-docs"),
    NavItem("Administration", "admin:index", staff_only=True),
)


def nav_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        if item.visible_to(user):
            url = reverse(item.url_name)
            current = current_path == url if url == "/" else current_path.startswith(url)
            items.append({"label": item.label, "url": url, "current": current})
    return items
