"""Context makes the same volume more suspicious: hour, address, browser, id order, broad searches."""

from dataclasses import replace
from datetime import timedelta

from carnet.sentinel import ALLOW, MemoryStore, Sentinel
from carnet.sentinel.context import steady_opening
from carnet.sentinel.policy import DEFAULT_POLICY

from .helpers import at, event, fresh_sentinel, ordinary_days, scrape


def _first_refusal(decisions) -> int:
    return next((i for i, d in enumerate(decisions) if d.decision != ALLOW), len(decisions))


def _with_history(**fields):
    sentinel = fresh_sentinel()
    ordinary_days(sentinel, days=6, per_day=20, **fields)
    return sentinel


def test_it_is_stricter_at_an_hour_the_account_never_works():
    daytime = _first_refusal(scrape(_with_history(), at(7, 14), 100, gap_s=40))
    night = _first_refusal(scrape(_with_history(), at(7, 3), 100, gap_s=40))
    assert night < daytime
    decisions = scrape(_with_history(), at(7, 3), 100, gap_s=40)
    assert "heure inhabituelle" in decisions[_first_refusal(decisions)].reason


def test_it_is_stricter_from_a_new_address_and_browser():
    usual = _first_refusal(scrape(_with_history(), at(7, 14), 100, gap_s=40))
    elsewhere = _first_refusal(scrape(_with_history(), at(7, 14), 100, gap_s=40,
                                      ip="198.51.100.4", agent="ua-unknown"))
    assert elsewhere < usual


def test_it_does_not_call_an_address_new_on_the_accounts_first_day():
    sentinel = fresh_sentinel()
    decisions = scrape(sentinel, at(0, 14), 100, gap_s=40, ip="198.51.100.4")
    assert "adresse" not in decisions[_first_refusal(decisions)].reason


def test_it_trusts_an_address_the_account_used_on_an_earlier_day():
    sentinel = _with_history(ip="172.16.1.1")
    decisions = scrape(sentinel, at(7, 14), 100, gap_s=40, ip="172.16.1.1")
    assert "adresse" not in decisions[_first_refusal(decisions)].reason


def test_it_is_stricter_when_patient_ids_follow_each_other():
    shuffled = _first_refusal(scrape(fresh_sentinel(), at(0, 14), 100, gap_s=40, step=7))
    sequential = _first_refusal(scrape(fresh_sentinel(), at(0, 14), 100, gap_s=40, step=1))
    assert sequential < shuffled
    decisions = scrape(fresh_sentinel(), at(0, 14), 100, gap_s=40, step=1)
    assert "ordre des numéros" in decisions[_first_refusal(decisions)].reason


def test_it_notices_one_address_behind_accounts_of_several_practices():
    sentinel = fresh_sentinel()
    cloud = "203.0.113.50"
    ordinary_days(sentinel, days=1, account="p03-gp1", practice="p03")
    for number in (1, 2, 3):
        sentinel.decide(event(at(1, 9, number), "login", account=f"p0{number}-gp1",
                              practice=f"p0{number}", ip=cloud))
    decisions = scrape(sentinel, at(1, 10), 40, gap_s=40, account="p03-gp1", practice="p03", ip=cloud)
    first = _first_refusal(decisions)
    assert first < 10
    assert "3 cabinets" in decisions[first].reason


def _first_day_from_one_address(elsewhere_first: bool) -> list:
    """Day 0 of a fresh installation: accounts of three practices, none with a past,
    then p03-gp1 reads unknown records from an address the three share."""
    sentinel = fresh_sentinel()
    cloud = "203.0.113.50"
    for number in (1, 2, 3):
        own = f"10.{number}.0.1" if elsewhere_first else cloud
        sentinel.decide(event(at(0, 8), "login", account=f"p0{number}-gp1", practice=f"p0{number}", ip=own))
        sentinel.decide(event(at(0, 15, number), "login", account=f"p0{number}-gp1", practice=f"p0{number}",
                              ip=cloud))
    return scrape(sentinel, at(0, 15, 10), 40, gap_s=40, account="p03-gp1", practice="p03", ip=cloud)


def test_it_notices_a_shared_address_on_a_first_day_after_the_accounts_own():
    decisions = _first_day_from_one_address(elsewhere_first=True)
    first = _first_refusal(decisions)
    assert first < 10
    assert "3 cabinets" in decisions[first].reason


def test_it_does_not_hold_a_health_centre_s_common_address_against_new_accounts():
    decisions = _first_day_from_one_address(elsewhere_first=False)
    assert all(d.decision == ALLOW for d in decisions)  # the same 40 records, from their first address


def test_it_counts_search_results_as_patients_obtained():
    sentinel = fresh_sentinel()
    when = at(0, 10)
    decisions = []
    for page in range(10):
        results = [f"p01-{page * 20 + k:06d}" for k in range(20)]
        decisions.append(sentinel.decide(event(when + timedelta(minutes=page), "search",
                                               results=results, query="dupont")))
    first = _first_refusal(decisions)
    assert first <= 6  # 20 new names a search: refused past the 10-minute allowance of listed patients
    assert "recherches ou listes" in decisions[first].reason


def test_it_is_stricter_with_short_queries_one_after_another():
    def run(queries):
        sentinel, when, decisions = fresh_sentinel(), at(0, 10), []
        for n, query in enumerate(queries):
            results = [f"p01-{n * 6 + k:06d}" for k in range(6)]
            decisions.append(sentinel.decide(event(when + timedelta(seconds=30 * n), "search",
                                                   results=results, query=query)))
        return decisions
    letters = run(list("abcdefghijklmnopqrstuvwxyz"))
    names = run([f"dupon{c}" for c in "abcdefghijklmnopqrstuvwxyz"])
    assert _first_refusal(letters) < _first_refusal(names)
    assert "très larges" in letters[_first_refusal(letters)].reason


def test_it_is_stricter_with_an_account_that_opens_new_records_hour_after_hour():
    # Once a week of habits exists, a steady trickle is judged against them.
    steady = _with_history()
    decisions = scrape(steady, at(7, 9), 100, gap_s=240)
    first = _first_refusal(decisions)
    assert "sans interruption" in decisions[first].reason
    # The same number of records read in a single batch is left alone.
    batch = scrape(_with_history(), at(7, 9), 20, gap_s=30)
    assert all(d.decision == ALLOW for d in batch)


def test_it_divides_the_listing_allowance_for_searches_at_a_machine_s_pace():
    """Hundreds of searches each returning a patient or two: the listed volume rises
    slowly, the number of searches gives the tool away."""
    sentinel = fresh_sentinel()
    ordinary_days(sentinel, 6)
    served = 0
    for k in range(300):
        decision = sentinel.decide(event(at(6, 10, seconds=3 * k), "search", results=[f"p01-{700_000 + k:06d}"]))
        if decision.decision != "allow":
            assert "recherches ou listes en 10 minutes" in decision.reason
            break
        served += 1
    assert decision.decision != "allow" and served <= 45  # the listing allowance alone: 60


def test_it_lets_a_secretary_type_names_letter_by_letter():
    """A search per keystroke, a name every minute or so: about 30 searches in ten minutes."""
    sentinel = fresh_sentinel()
    ordinary_days(sentinel, 6)
    decisions = []
    for call in range(25):
        for letter in range(4):
            when = at(6, 8.5, seconds=call * 75 + letter)
            results = [f"p01-{800_000 + call * 4 + letter:06d}"]
            decisions.append(sentinel.decide(event(when, "search", results=results)))
    assert all(d.decision == "allow" for d in decisions)


def test_it_notices_a_new_account_that_opens_new_records_hour_after_hour():
    """A locum's account on its first day, read by a tool at one record every four minutes:
    no past of its own to compare with, so a fixed bar of steadiness applies."""
    decisions = scrape(fresh_sentinel(), at(0, 9), 120, gap_s=240, account="p01-locum")
    first = _first_refusal(decisions)
    assert first < 70  # 80 and more without it (the 4-hour window of records opened)
    assert "sans interruption" in decisions[first].reason


def test_it_judges_the_searches_of_an_account_that_trickles_through_new_records_more_strictly():
    def search_after(trickle: int):
        sentinel = _with_history()
        # One unexplained record every 10 minutes, too few for any volume window.
        scrape(sentinel, at(7, 9), trickle, gap_s=600)
        names = [f"p01-{900_000 + k:06d}" for k in range(50)]
        return sentinel.decide(event(at(7, 9, seconds=trickle * 600 - 300), "search", results=names))
    assert search_after(trickle=2).decision == ALLOW
    refused = search_after(trickle=13)
    assert refused.decision != ALLOW
    assert "sans interruption" in refused.reason


def test_it_notices_searches_at_a_machine_s_pace_within_five_minutes():
    sentinel = fresh_sentinel()
    ordinary_days(sentinel, 6)
    decisions = [sentinel.decide(event(at(6, 10, seconds=8 * k), "search", results=[f"p01-{700_000 + k:06d}"]))
                 for k in range(35)]
    # 24 searches in 5 minutes pass; the 25th is refused (never 40 in 10 minutes).
    assert _first_refusal(decisions) == 24
    assert "25 recherches ou listes en 5 minutes" in decisions[24].reason


def test_it_judges_the_searches_of_a_new_account_that_trickles_through_new_records_more_strictly():
    def search_after(trickle: int):
        sentinel = fresh_sentinel()
        scrape(sentinel, at(0, 8), trickle, gap_s=600, account="p01-locum")
        names = [f"p01-{900_000 + k:06d}" for k in range(100)]  # under the first days' 120
        return sentinel.decide(event(at(0, 8, seconds=trickle * 600 - 300), "search", results=names,
                                     account="p01-locum"))
    assert search_after(trickle=10).decision == ALLOW
    refused = search_after(trickle=19)
    assert refused.decision != ALLOW
    assert "sans interruption" in refused.reason


def _days_of_lists(sentinel, days: int, pages: int, per_page: int, account: str = "p01-sec1") -> None:
    """At 8:00 and at 10:00 each day, ``pages`` list pages of new patients, 30 seconds apart."""
    first = 0
    for day in range(days):
        for hour in (8, 10):
            for page in range(pages):
                results = [f"p01-{first + k:06d}" for k in range(per_page)]
                first += per_page
                sentinel.decide(event(at(day, hour, 30 * page), "list", results=results, account=account))


def _list_pages(sentinel, day: int, pages: int, account: str = "p01-sec1", per_page: int = 25, **fields) -> list:
    decisions = []
    for page in range(pages):
        results = [f"p01-{900_000 + day * 1000 + page * per_page + k:06d}" for k in range(per_page)]
        decisions.append(sentinel.decide(event(at(day, 8, 30 * page), "list", results=results, account=account,
                                               **fields)))
    return decisions


def test_it_judges_broad_pages_against_the_account_s_own_habit():
    # Two secretaries who list as many new patients a day (50 twice), one in pages
    # of 25 (two doctors' agendas), the other in pages of 5.
    agendas, small_pages = fresh_sentinel(), fresh_sentinel()
    _days_of_lists(agendas, days=6, pages=2, per_page=25)
    _days_of_lists(small_pages, days=6, pages=10, per_page=5)
    habitual = _list_pages(agendas, day=6, pages=4)
    unusual = _list_pages(small_pages, day=6, pages=4)
    assert all(d.decision == ALLOW for d in habitual)
    assert "très larges" in unusual[_first_refusal(unusual)].reason
    # Beyond its habit (two such pages within ten minutes): judged at three times
    # that, within the policy's bounds. Pages of 20 keep the volume alone under its bar.
    policy = DEFAULT_POLICY
    judged_at = max(policy.bulk_in_10m, min(policy.bulk_in_10m_most, int(policy.bulk_habit_factor * 2)))
    more = _list_pages(agendas, day=7, pages=12, per_page=20)
    assert _first_refusal(more) == judged_at - 1
    assert "très larges" in more[judged_at - 1].reason


def test_it_honours_a_habit_of_broad_pages_on_the_account_s_own_devices_only():
    """The agendas listed every morning at the desk are the secretary's work; the
    same pages from an address the account never used are judged as anyone's."""
    at_desk, elsewhere = fresh_sentinel(), fresh_sentinel()
    for sentinel in (at_desk, elsewhere):
        _days_of_lists(sentinel, days=6, pages=2, per_page=25)
    desk = _list_pages(at_desk, day=7, pages=8, per_page=20)
    away = _list_pages(elsewhere, day=7, pages=8, per_page=20, ip="203.0.113.9")
    assert _first_refusal(away) == DEFAULT_POLICY.bulk_in_10m - 1 < _first_refusal(desk)
    assert "très larges" in away[DEFAULT_POLICY.bulk_in_10m - 1].reason


def test_it_learns_no_broad_habit_from_a_day_with_refusals():
    sentinel = fresh_sentinel()
    _days_of_lists(sentinel, days=6, pages=10, per_page=5)
    walk = _list_pages(sentinel, day=6, pages=30)  # a walk through the directory, refused
    assert _first_refusal(walk) < len(walk)
    sentinel.decide(event(at(7, 8), "login", account="p01-sec1"))  # files day 6
    assert sentinel.store.load("acct:p01-sec1")["broad_days"][-1] == [0, 0]


def _pages(sentinel, when, pages: int, per_page: int, gap_s: float, action: str = "search",
           account: str = "p01-sec1") -> list:
    """Pages of new patients ``gap_s`` apart: keystrokes of a search-as-you-type box, or a tool."""
    decisions = []
    for page in range(pages):
        results = [f"p01-{800_000 + page * per_page + k:06d}" for k in range(per_page)]
        decisions.append(sentinel.decide(event(when + timedelta(seconds=gap_s * page), action,
                                               results=results, account=account)))
    return decisions


def test_it_counts_a_name_typed_letter_by_letter_as_one_broad_search():
    # 250 patients a day listed in pages of 5: 125 in ten minutes allowed.
    typed, searched = fresh_sentinel(), fresh_sentinel()
    for sentinel in (typed, searched):
        _days_of_lists(sentinel, days=6, pages=10, per_page=5)
    keystrokes = _pages(typed, at(6, 9), pages=3, per_page=25, gap_s=1)
    assert all(d.decision == ALLOW for d in keystrokes)
    three_searches = _pages(searched, at(6, 9), pages=3, per_page=25, gap_s=30)
    assert "très larges" in three_searches[_first_refusal(three_searches)].reason


def test_it_counts_each_page_of_a_tool_beyond_what_a_person_types():
    # 240 in ten minutes allowed; pages of 50 a second apart: the first three are
    # one typed search, the 4th and 5th make three broad pages, and 250 is over
    # the halved allowance (each page counted, the 3rd would be refused).
    sentinel = fresh_sentinel()
    _days_of_lists(sentinel, days=6, pages=20, per_page=5)
    decisions = _pages(sentinel, at(6, 11), pages=8, per_page=50, gap_s=1)
    assert _first_refusal(decisions) == 4
    assert "très larges" in decisions[4].reason


def test_it_merges_no_keystrokes_for_an_account_with_a_habit_of_broad_pages():
    # Two agenda pages twice a day: judged at three times that, each page counted
    # (merged as keystrokes, the sixth page of 20 would be allowed on volume alone).
    policy = DEFAULT_POLICY
    judged_at = max(policy.bulk_in_10m, min(policy.bulk_in_10m_most, int(policy.bulk_habit_factor * 2)))
    sentinel = fresh_sentinel()
    _days_of_lists(sentinel, days=6, pages=2, per_page=25)
    decisions = _pages(sentinel, at(6, 9), pages=judged_at, per_page=20, gap_s=1, action="list")
    assert _first_refusal(decisions) == judged_at - 1
    assert "très larges" in decisions[judged_at - 1].reason


def _steady_after(openings: list) -> tuple | None:
    """context.steady_opening for a young account opening one unexplained record at
    each (day, hour) of ``openings``; what the last one returns."""
    account = {"slots": [], "history": []}
    hit = None
    for day, hour in openings:
        hit = steady_opening(event(at(day, hour), "view", "p01-000001"), account, 1, DEFAULT_POLICY)
    return hit


def test_it_holds_an_account_with_a_busy_past_to_the_young_bar_of_steadiness():
    # Software that logs no writes: a doctor's consultations open new records in
    # 15 slots of her usual 4 hours. Twice that would be more slots than 4 hours
    # hold; a tool reading beside her fills every slot.
    account = {"slots": [], "history": [[0]] * DEFAULT_POLICY.mature_days, "own_peak": [15]}
    hits = [steady_opening(event(at(7, 8 + k / 6), "view", "p01-000001"), account, 1, DEFAULT_POLICY)
            for k in range(DEFAULT_POLICY.young_steady_slots)]
    assert hits[-2] is None
    assert hits[-1] is not None and f"{DEFAULT_POLICY.young_steady_slots} des 24" in hits[-1][1]


def test_it_carries_a_walk_through_new_records_over_the_night():
    evening = [(0, 17 + k / 6) for k in range(12)]  # 17:00 to 18:50, every slot
    morning = [(1, 8 + k / 6) for k in range(6)]  # 8:00 to 8:50
    hit = _steady_after(evening + morning)
    assert hit is not None and "18 des 24" in hit[1]
    assert _steady_after(morning) is None


def test_it_does_not_carry_a_walk_over_a_lunch_break():
    morning = [(0, 10 + k / 6) for k in range(15)]  # 10:00 to 12:20
    afternoon = [(0, 14 + k / 6) for k in range(6)]  # 14:00 to 14:50
    assert _steady_after(morning + afternoon) is None  # 21 slots busy, but over 5 hours


def test_it_does_not_carry_a_walk_over_more_than_a_day():
    evening = [(0, 17 + k / 6) for k in range(12)]
    two_days_later = [(2, 8 + k / 6) for k in range(6)]
    assert _steady_after(evening + two_days_later) is None


def test_it_contains_a_slow_reader_that_goes_on_the_next_morning_sooner():
    def first_morning_refusal(policy):
        sentinel = Sentinel(MemoryStore(), policy)
        scrape(sentinel, at(0, 17), 40, gap_s=180, account="p01-locum")  # 17:00 to 18:57
        morning = scrape(sentinel, at(1, 8), 80, gap_s=180, first=600_000, account="p01-locum")
        return _first_refusal(morning), morning
    bridged, decisions = first_morning_refusal(DEFAULT_POLICY)
    unbridged, _ = first_morning_refusal(replace(DEFAULT_POLICY, night_idle_slots=144))
    assert bridged < unbridged - 10  # by 9:30 rather than after 11:00
    assert "sans interruption" in decisions[bridged].reason


def _refused_night(sentinel) -> list:
    """Day 7, 2:00: a tool from a new address and browser, until well after it is refused."""
    decisions = scrape(sentinel, at(7, 2), 80, gap_s=20, ip="198.51.100.4", agent="ua-unknown")
    assert decisions[-1].decision != ALLOW
    return decisions


def test_it_counts_only_served_requests_in_the_account_s_hours():
    sentinel = _with_history()
    served = sum(d.decision == ALLOW for d in _refused_night(sentinel))
    # The refused ones would make 2 a.m. one of the account's usual hours.
    assert sentinel.store.load("acct:p01-gp1")["today_hours"][2] == served


def test_it_learns_no_address_or_browser_from_refused_requests_alone():
    sentinel = _with_history()
    _refused_night(sentinel)
    refused = sentinel.decide(event(at(7, 3), "view", "p01-000001", ip="203.0.113.9", agent="ua-other"))
    assert refused.decision != ALLOW
    account = sentinel.store.load("acct:p01-gp1")
    assert "203.0.113.9" not in account["ips"] and "ua-other" not in account["agents"]
