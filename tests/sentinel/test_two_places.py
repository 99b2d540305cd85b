"""One account used from its known address and from a new one at the same time."""

from datetime import timedelta

from carnet.sentinel import ALLOW
from carnet.sentinel.context import two_places
from carnet.sentinel.policy import DEFAULT_POLICY

from .helpers import at, event, fresh_sentinel, ordinary_days

OFFICE = "10.1.0.1"
ELSEWHERE = "198.51.100.4"


def _known_office() -> dict:
    """An account document that has used the office address on an earlier day."""
    return {"ips": {OFFICE: [at(0).date().isoformat(), at(0).date().isoformat(), ["p01-gp1"]]}}


def _hits(account: dict, requests) -> list:
    """two_places for each (minute, address) of day 7, every address new but the office."""
    return [two_places(event(at(7, 14) + timedelta(minutes=minute), ip=ip), account, ip != OFFICE,
                       DEFAULT_POLICY)
            for minute, ip in requests]


def test_it_notices_a_new_address_alternating_with_the_known_one():
    hits = _hits(_known_office(), [(k, OFFICE if k % 2 else ELSEWHERE) for k in range(8)])
    assert hits[:5] == [None] * 5  # three requests from each address and three switches first
    assert hits[6] is not None and "au même moment" in hits[6][1]
    assert hits[7] is None  # the owner's own requests, from the office, are not the suspect ones


def test_it_leaves_a_phone_whose_address_changes_at_every_request_alone():
    requests = [(k, OFFICE if k % 2 else f"192.0.2.{k}") for k in range(20)]
    assert _hits(_known_office(), requests) == [None] * 20


def test_it_leaves_a_doctor_who_moves_from_the_office_to_home_alone():
    requests = [(k, OFFICE) for k in range(10)] + [(k, ELSEWHERE) for k in range(10, 20)]
    assert _hits(_known_office(), requests) == [None] * 20


def test_it_needs_one_of_the_addresses_to_be_known():
    requests = [(k, "192.0.2.1" if k % 2 else ELSEWHERE) for k in range(12)]
    assert _hits(_known_office(), requests) == [None] * 12


def test_it_leaves_two_addresses_of_one_operator_s_block_alone():
    """A home line renumbered by its provider while two tabs are open (10.1.0.1, 10.1.7.9)."""
    hits = _hits(_known_office(), [(k, OFFICE if k % 2 else "10.1.7.9") for k in range(12)])
    assert hits == [None] * 12


def test_it_forgets_requests_older_than_its_window():
    account = _known_office()
    hits = _hits(account, [(k * 20, OFFICE if k % 2 else ELSEWHERE) for k in range(8)])
    assert hits == [None] * 8  # twenty minutes apart: never three of each within half an hour


def _intrusion(owner_present: bool) -> list:
    """Day 7: an intruder opens unknown records from a new address with the owner's
    browser, one every two minutes; the owner, if present, consults at the office."""
    sentinel = fresh_sentinel()
    ordinary_days(sentinel, days=6, per_day=20, ip=OFFICE)
    intruder = []
    for k in range(60):
        when = at(7, 14) + timedelta(minutes=2 * k)
        if owner_present:
            known = f"p01-{1 + k % 20:06d}"
            sentinel.decide(event(when - timedelta(seconds=50), "view", known, ip=OFFICE))
        intruder.append(sentinel.decide(event(when, "view", f"p01-{700_000 + 13 * k:06d}", ip=ELSEWHERE)))
    return intruder


def test_it_contains_an_intruder_sooner_while_the_owner_works_elsewhere():
    alone = _intrusion(owner_present=False)
    beside_owner = _intrusion(owner_present=True)
    first = next(i for i, d in enumerate(beside_owner) if d.decision != ALLOW)
    assert first < next((i for i, d in enumerate(alone) if d.decision != ALLOW), len(alone))
    assert "au même moment" in beside_owner[first].reason
