"""Two people at once: the last place on a meeting goes to one case, and one victim is referred once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.roles import Role
from marac.models import MaracReferral
from marac.services import referral_move

from ..factories import make_person
from .factories import make_meeting, refer


def _race(*calls) -> list[str]:
    outcomes, start = [], threading.Barrier(len(calls))

    def run(call):
        try:
            start.wait(5)
            call()
            outcomes.append("done")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    return outcomes


@pytest.fixture
def pvp(make_user):
    return make_user(Role.PVP_OFFICER)


def test_two_referrals_at_once_do_not_overfill_a_meeting(transactional_db, world, pvp):
    meeting = make_meeting(world, days=5, capacity=1)
    victims = [make_person(given_name=f"Race{n}") for n in range(2)]
    outcomes = _race(*(lambda v=v: refer(world, pvp, victim=v) for v in victims))
    assert outcomes == ["done", "done"]
    assert meeting.referrals.count() == 1
    assert MaracReferral.objects.filter(meeting__isnull=True).count() == 1


def test_two_moves_to_the_last_place_give_it_to_one_case(transactional_db, world, pvp):
    make_meeting(world, days=5, capacity=2)
    cases = [refer(world, pvp, victim=make_person(given_name=f"Move{n}")) for n in range(2)]
    target = make_meeting(world, days=12, capacity=1)
    outcomes = _race(*(lambda c=c: referral_move(referral=c, meeting=target, user=pvp) for c in cases))
    assert sorted(outcomes) == ["That meeting is full (capacity 1).", "done"]
    assert target.referrals.count() == 1


def test_the_same_victim_referred_twice_at_once_is_referred_once(transactional_db, world, pvp):
    make_meeting(world, days=5)
    victim = make_person(given_name="Once")
    outcomes = _race(lambda: refer(world, pvp, victim=victim), lambda: refer(world, pvp, victim=victim))
    assert sorted(o == "done" for o in outcomes) == [False, True]
    assert "already referred" in next(o for o in outcomes if o != "done")
    assert MaracReferral.objects.filter(victim=victim).count() == 1
