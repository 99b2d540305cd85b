"""First days of an account: no past of its own, so its practice's peers set the bar."""

from dataclasses import replace

from carnet.sentinel import ALLOW, DEFAULT_POLICY, MemoryStore, Sentinel

from .helpers import at, fresh_sentinel, ordinary_days, scrape


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
