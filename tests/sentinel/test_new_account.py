"""First days of an account: no past of its own, so its practice's peers set the bar."""

from dataclasses import replace

from carnet.sentinel import ALLOW, DEFAULT_POLICY, MemoryStore, Sentinel
from carnet.sentinel.windows import WINDOW_NAMES

from .helpers import at, event, fresh_sentinel, ordinary_days, scrape


def _first_refusal(decisions) -> int:
    return next((i for i, d in enumerate(decisions) if d.decision != ALLOW), len(decisions))


def _practice_with_a_past(sentinel):
    for number in range(1, 7):
        ordinary_days(sentinel, days=6, per_day=15, account=f"p01-gp{number}", start_patient=number * 1000)
    return sentinel


def test_it_holds_a_new_account_to_its_quiet_peers():
    # A locum arrives on day 7 in a practice whose doctors open few unexplained records.
    with_peers = _practice_with_a_past(fresh_sentinel())
    locum = _first_refusal(scrape(with_peers, at(7, 9), 200, gap_s=300, account="p01-locum"))
    alone = _first_refusal(scrape(fresh_sentinel(), at(7, 9), 200, gap_s=300, account="p01-locum"))
    assert locum < alone


def test_it_lets_a_new_account_do_an_ordinary_day_among_its_peers():
    sentinel = _practice_with_a_past(fresh_sentinel())
    decisions = ordinary_days(sentinel, days=1, per_day=25, account="p01-locum", start_patient=50_000)
    assert all(d.decision == ALLOW for d in decisions)


def test_it_uses_the_default_allowance_in_a_fresh_deployment():
    # One new record every 5 minutes from 8:00: steady after 3 hours, and then
    # stopped at the 4-hour default (60) divided by 1.5.
    decisions = scrape(fresh_sentinel(), at(0, 8), 200, gap_s=300)
    first = _first_refusal(decisions)
    assert first == 40
    assert "au plus 40" in decisions[first].reason


def _newcomer(sentinel) -> int:
    """A doctor of a practice that has just joined the installation, read by a tool."""
    return _first_refusal(scrape(sentinel, at(7, 9), 200, gap_s=300, account="p02-gp1", practice="p02"))


def test_it_holds_a_new_practice_to_the_installation_s_quiet_days():
    """A practice without a past of its own: its accounts are judged against every
    practice's recent days rather than the defaults."""
    assert _newcomer(_practice_with_a_past(fresh_sentinel())) < _newcomer(fresh_sentinel())


def test_it_never_loosens_the_defaults_from_the_installation_s_days():
    """Roles and practices mix in the installation's days: they may tighten a young
    practice's bar, not raise it above the defaults."""
    generous = Sentinel(MemoryStore(), replace(DEFAULT_POLICY, installation_factor=100.0))
    assert _newcomer(_practice_with_a_past(generous)) == _newcomer(fresh_sentinel())


def _lists_pages(sentinel, day: int, pages: int, hour: float = 9.0, first: int = 700_000) -> list:
    """Pages of 19 names the account never saw, one every 6 minutes: under the
    pace, breadth and hourly bounds, so that only the 4- and 24-hour ones count."""
    decisions = []
    for page in range(pages):
        results = [f"p01-{first + page * 19 + k:06d}" for k in range(19)]
        decisions.append(sentinel.decide(event(at(day, hour, seconds=360 * page), "list", results=results)))
    return decisions


def test_it_holds_a_young_account_that_lists_little_to_its_own_first_days():
    # Two days of consultations, no names listed; on the third, a walk through
    # list pages: stopped at the lowest 4-hour listing allowance, where an
    # account without a past gets the default.
    listed_4h = WINDOW_NAMES.index("listed_4h")
    young = fresh_sentinel()
    ordinary_days(young, days=2)
    held = _lists_pages(young, day=2, pages=40)
    first_held = _first_refusal(held)
    assert first_held < _first_refusal(_lists_pages(fresh_sentinel(), day=2, pages=40))
    assert f"en 4 heures (au plus {DEFAULT_POLICY.lowest[listed_4h]} " in held[first_held].reason


def test_it_leaves_a_young_account_that_listed_as_much_on_its_first_days_its_allowance():
    # About 210 names each morning and each afternoon: three times a busy 4 hours
    # is over the default, which stays the bound (a young practice and installation).
    listing_days = fresh_sentinel()
    for day in range(2):
        for hour in (8.0, 14.0):
            decisions = _lists_pages(listing_days, day=day, pages=11, hour=hour,
                                     first=800_000 + 10_000 * day + 1_000 * int(hour))
            assert all(d.decision == ALLOW for d in decisions)
    assert _first_refusal(_lists_pages(listing_days, day=2, pages=40)) == \
        _first_refusal(_lists_pages(fresh_sentinel(), day=2, pages=40))
