"""One actor behind stolen accounts of several practices: the campaign signal (context.campaign)."""

from datetime import timedelta

from carnet.sentinel import ALLOW

from .helpers import at, event, fresh_sentinel, ordinary_days, scrape


def _first_refusal(decisions) -> int:
    return next((i for i, d in enumerate(decisions) if d.decision != ALLOW), len(decisions))


def _practices_with_a_past(sentinel, numbers, days: int = 1) -> None:
    for number in numbers:
        ordinary_days(sentinel, days=days, account=f"p0{number}-gp1", practice=f"p0{number}",
                      start_patient=number * 1000)


def _through_a_proxy(sentinel, number: int, when, count: int = 15, gap_s: float = 20) -> list:
    """Practice ``number``'s doctor account read from an address of its own, new to it,
    with the doctor's usual browser: a stolen session behind a residential proxy."""
    return scrape(sentinel, when, count, gap_s=gap_s, account=f"p0{number}-gp1", practice=f"p0{number}",
                  ip=f"203.0.113.{number}", agent="ua-office", first=600_000 + number * 10_000)


def _alone_through_a_proxy() -> list:
    sentinel = fresh_sentinel()
    _practices_with_a_past(sentinel, [4])
    return _through_a_proxy(sentinel, 4, at(1, 12))


def test_it_notices_accounts_of_several_practices_on_new_devices_at_once():
    sentinel = fresh_sentinel()
    _practices_with_a_past(sentinel, range(1, 5))
    decisions = []
    for number in range(1, 5):
        decisions.append(scrape(sentinel, at(1, 10, number * 60), 15, gap_s=20, account=f"p0{number}-gp1",
                                practice=f"p0{number}", ip=f"198.51.100.{number}", agent=f"ua-bot-{number}",
                                first=600_000 + number * 10_000))
    sentinel_alone = fresh_sentinel()
    ordinary_days(sentinel_alone, days=6)
    alone = scrape(sentinel_alone, at(7, 10), 15, gap_s=20, ip="198.51.100.9", agent="ua-bot-9")
    assert _first_refusal(decisions[-1]) < _first_refusal(alone)
    last = decisions[-1][_first_refusal(decisions[-1])]
    assert "cabinets" in last.reason


def test_it_notices_accounts_behind_a_new_address_each_with_their_own_browser():
    sentinel = fresh_sentinel()
    _practices_with_a_past(sentinel, range(1, 5))
    decisions = [_through_a_proxy(sentinel, number, at(1, 10, number * 360)) for number in range(1, 5)]
    alone = _alone_through_a_proxy()
    assert _first_refusal(alone) == len(alone)  # 15 new records from a new address, on its own: served
    last = decisions[-1]
    assert _first_refusal(last) < len(last)
    assert "4 cabinets" in last[_first_refusal(last)].reason


def test_it_keeps_accounts_used_one_after_the_other_in_the_campaign_for_hours():
    # Forty minutes between accounts: never more than two practices within an hour.
    sentinel = fresh_sentinel()
    _practices_with_a_past(sentinel, range(1, 5))
    for number in range(1, 4):
        _through_a_proxy(sentinel, number, at(1, 10) + timedelta(minutes=40 * (number - 1)))
    fourth = _through_a_proxy(sentinel, 4, at(1, 12))
    assert _first_refusal(fourth) < _first_refusal(_alone_through_a_proxy())
    assert "cabinets" in fourth[_first_refusal(fourth)].reason


def test_it_leaves_out_an_account_that_opens_few_new_records_from_a_new_address():
    # A doctor at home looking at three or four results is not part of a campaign.
    sentinel = fresh_sentinel()
    _practices_with_a_past(sentinel, range(1, 5))
    for number in range(1, 4):
        _through_a_proxy(sentinel, number, at(1, 10, number * 300), count=4, gap_s=60)
    fourth = _through_a_proxy(sentinel, 4, at(1, 10, 1200))
    assert _first_refusal(fourth) == len(fourth)
    assert not any("cabinets" in d.reason for d in fourth)


def test_it_does_not_count_the_campaign_against_known_records_read():
    # Three practices' accounts behind proxies; meanwhile a doctor of a fourth practice,
    # at home on his own laptop, opens five results of new patients, then 15 records
    # of his own patients: he is part of the campaign for his new patients only.
    sentinel = fresh_sentinel()
    _practices_with_a_past(sentinel, range(1, 4))
    ordinary_days(sentinel, days=6, account="p04-gp1", practice="p04", start_patient=4000)
    for number in range(1, 4):
        _through_a_proxy(sentinel, number, at(6, 9, number * 360))
    home = {"account": "p04-gp1", "practice": "p04", "ip": "192.0.2.40", "agent": "ua-home-laptop"}
    start = at(6, 10, 400)
    news = [f"p04-{700_000 + k * 7:06d}" for k in range(5)]
    own = [f"p04-{4001 + k:06d}" for k in range(15)]
    decisions = [sentinel.decide(event(start + timedelta(seconds=80 * k), "view", patient, **home))
                 for k, patient in enumerate(news + own)]
    assert all(d.decision == ALLOW for d in decisions)
    # New records at a tool's pace, from that laptop, are judged as part of it.
    tool = scrape(sentinel, start + timedelta(minutes=110), 15, gap_s=10, first=800_000, **home)
    assert "cabinets" in tool[_first_refusal(tool)].reason
