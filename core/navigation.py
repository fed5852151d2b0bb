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
    NavItem("New incident", "incidents:create", permission="incidents.add_incident"),
    NavItem("Incidents", "incidents:list", permission="incidents.view_incident"),
    NavItem("Sign-off", "incidents:sign_off_queue", permission="incidents.sign_off_incident"),
    NavItem("Call audits", "incidents:call_audits", permission="incidents.audit_call"),
    NavItem("Sergeant review", "risk:sergeant_queue", permission="risk.review_as_sergeant"),
    NavItem("PVP queue", "risk:pvp_queue", permission="risk.view_pvp_queue"),
    NavItem("Dip sampling", "sampling:compliance", permission="sampling.view_dipsample"),
    NavItem("Plans", "plans:list", permission="plans.view_plan_list"),
    NavItem("Without a plan", "plans:without_plan", permission="plans.add_riskmanagementplan"),
    NavItem("My tasks", "plans:my_tasks", permission="plans.complete_plantask"),
    NavItem("MARAC", "marac:meetings", permission="marac.view_maracmeeting"),
    NavItem("Refer to MARAC", "marac:refer", permission="marac.add_maracreferral"),
    NavItem("IDVA capacity", "marac:capacity", permission="marac.view_idva_capacity"),
    NavItem("Notices and orders", "safeguarding:notices", permission="safeguarding.view_protectionnotice"),
    NavItem("Clocks", "safeguarding:clocks", permission="safeguarding.view_clocks"),
    NavItem("Clare's Law", "safeguarding:disclosures", permission="safeguarding.view_disclosureapplication"),
    NavItem("Victims' Code overdue", "safeguarding:victims_code_overdue", permission="safeguarding.view_victimupdate"),
    NavItem("Force page", "reports:force_page", permission="reports.view_force_page"),
    NavItem("Force totals", "reports:totals", permission="reports.add_forcetotals"),
    NavItem("Problem profile", "reports:problem_profile", permission="reports.view_problem_profile"),
    NavItem("Notifications", "core:notifications"),
    NavItem("People", "people:search", permission="people.view_person"),
    NavItem("Duplicates", "people:duplicates", permission="people.merge_person"),
    NavItem("Audit", "audit:search", permission="audit.view_accesslog"),
    NavItem("API", "api-docs"),
    NavItem("Administration", "admin:index", staff_only=True),
)


def nav_for(user, current_path: str) -> list[dict]:
    items = [
        {"label": item.label, "url": reverse(item.url_name), "current": False}
        for item in NAV_ITEMS
        if item.visible_to(user)
    ]
    # The current item is the one whose address is the longest start of this page's.
    matches = [i for i in items if current_path == i["url"] or (i["url"] != "/" and current_path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return items
