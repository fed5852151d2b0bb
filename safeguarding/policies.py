"""Who may do what to one safeguarding record: one function per action, on accounts/reach.py (core/policies.py).

A role without the permission gets 403; a record outside the user's reach (another area, another force) 404.
Authorising a notice also asks the rank the rules name for its kind and that the user did not draft it: the
service asks the same function, so the page, the API and a direct call agree.
"""

from typing import Any

from accounts.models import Rank, User
from core.policies import Decision, granted, policy

from .models import CivilOrder, ProtectionNotice, ProtectionOrder, safeguarding_reach
from .rules import kind_rules

VIEW = "safeguarding.view_protectionnotice"


def can_view_clocks(user: User) -> bool:
    return user.has_perm("safeguarding.view_clocks")


def _seen(user: User, record: Any) -> Decision:
    found = safeguarding_reach(user)
    return Decision.of(found is not None and found.covers(record.area_id), otherwise=Decision.HIDDEN)


@policy("view_protectionnotice")
def can_view_notice(user: User, notice: ProtectionNotice) -> Decision:
    return granted(user, notice, permission=VIEW, seen=_seen)


def authorising_rank(notice: ProtectionNotice) -> Rank:
    rank = kind_rules(notice.kind, version=notice.rules_version).authorising_rank
    assert rank is not None, f"the rules of {notice.kind} name no authorising rank"
    return Rank.named(rank)


def authorise_refusal(user: User, notice: ProtectionNotice) -> str:
    """Why this user may not authorise this notice ("" when they may): the rules' rank, and never the drafter."""
    if notice.status != notice.Status.DRAFT:
        return "Only a draft notice can be authorised or refused."
    if user.pk == notice.drafted_by_id:
        return "You drafted this notice: another officer of the rank the law names must authorise it."
    rank = authorising_rank(notice)
    if user.rank < rank:
        return f"A {notice.get_kind_display().split(' (')[0]} is authorised by a {rank.label.lower()} or above."
    return ""


@policy("authorise_protectionnotice")
def can_authorise_notice(user: User, notice: ProtectionNotice) -> Decision:
    return granted(
        user,
        notice,
        permission="safeguarding.authorise_protectionnotice",
        seen=_seen,
        only_if=not authorise_refusal(user, notice),
    )


@policy("serve_protectionnotice")
def can_serve_notice(user: User, notice: ProtectionNotice) -> Decision:
    return granted(
        user,
        notice,
        permission="safeguarding.serve_protectionnotice",
        seen=_seen,
        only_if=notice.status == notice.Status.AUTHORISED,
    )


@policy("record_hearing")
def can_record_hearing(user: User, notice: ProtectionNotice) -> Decision:
    return granted(
        user,
        notice,
        permission="safeguarding.record_hearing",
        seen=_seen,
        only_if=notice.status == notice.Status.SERVED,
    )


@policy("view_protectionorder")
def can_view_order(user: User, order: ProtectionOrder) -> Decision:
    return granted(user, order, permission=VIEW, seen=_seen)


@policy("change_protectionorder")
def can_change_order(user: User, order: ProtectionOrder) -> Decision:
    return granted(user, order, permission="safeguarding.change_protectionorder", seen=_seen)


@policy("add_breach")
def can_add_breach(user: User, record: ProtectionNotice | ProtectionOrder) -> Decision:
    return granted(user, record, permission="safeguarding.add_breach", seen=_seen)


@policy("view_civilorder")
def can_view_civil_order(user: User, order: CivilOrder) -> Decision:
    return granted(user, order, permission="safeguarding.view_civilorder", seen=_seen)
