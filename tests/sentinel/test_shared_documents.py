"""Documents several accounts write (a practice's baseline, an address, the
campaign): two decisions made at once keep both changes."""

from carnet.sentinel import MemoryStore, Sentinel
from carnet.sentinel.shared import is_shared, merge


def test_it_shares_every_document_but_the_account_s_own():
    assert not is_shared("acct:42")
    assert is_shared("peer:7") and is_shared("ip:198.51.100.7") and is_shared("campaign")


def test_it_keeps_both_practices_seen_behind_one_address():
    base = {"practices": {"p1": 100.0}}
    ours = {"practices": {"p1": 100.0, "p2": 200.0}}
    theirs = {"practices": {"p1": 150.0, "p3": 210.0}}
    assert merge("ip:x", base, ours, theirs, peer_days=120) == {
        "practices": {"p1": 150.0, "p2": 200.0, "p3": 210.0}}


def test_it_keeps_both_accounts_of_a_campaign():
    ours = {"members": {"a1": ["p1", 10.0]}}
    theirs = {"members": {"a2": ["p2", 12.0]}}
    assert merge("campaign", {"members": {}}, ours, theirs, peer_days=120)["members"] == {
        "a1": ["p1", 10.0], "a2": ["p2", 12.0]}


def test_it_keeps_both_days_filed_into_a_practice_s_baseline():
    day = [1] * 13
    base = {"days": [day] * 4, "p90": [0] * 13, "hour_profile": [1] * 24,
            "ips": {"10.0.0.1": ["2026-01-05", "2026-01-05", ["a1"]]}, "agents": {}}
    ours = {"days": [day] * 4 + [[5] * 13], "p90": [0] * 13, "hour_profile": [2] * 24,
            "ips": {"10.0.0.1": ["2026-01-05", "2026-01-06", ["a1"]]}, "agents": {"ua": ["2026-01-06", "2026-01-06", ["a1"]]}}
    theirs = {"days": [day] * 4 + [[3] * 13], "p90": [0] * 13, "hour_profile": [4] * 24,
              "ips": {"10.0.0.2": ["2026-01-06", "2026-01-06", ["a2"]], "10.0.0.1": ["2026-01-05", "2026-01-05", ["a1"]]},
              "agents": {}}
    merged = merge("peer:p1", base, ours, theirs, peer_days=120)
    assert merged["days"] == [day] * 4 + [[3] * 13, [5] * 13]
    assert merged["p90"] == [3] * 13  # recomputed over the six days
    assert merged["hour_profile"] == [5] * 24  # theirs plus our own hours
    assert set(merged["ips"]) == {"10.0.0.1", "10.0.0.2"} and merged["ips"]["10.0.0.1"][1] == "2026-01-06"
    assert "ua" in merged["agents"]


def test_it_keeps_both_days_filed_into_the_installation_s_baseline():
    day = [1] * 13
    base = {"days": [day] * 4, "p90": [0] * 13}
    ours = {"days": [day] * 4 + [[5] * 13], "p90": [0] * 13}
    theirs = {"days": [day] * 4 + [[3] * 13], "p90": [0] * 13}
    merged = merge("installation", base, ours, theirs, peer_days=120)
    assert merged == {"days": [day] * 4 + [[3] * 13, [5] * 13], "p90": [3] * 13}
    assert merge("installation", base, base, theirs, peer_days=120) == theirs  # we filed nothing


def test_it_takes_ours_when_nobody_else_wrote():
    ours = {"practices": {"p1": 1.0}}
    assert merge("ip:x", None, ours, None, peer_days=120) is ours


def test_it_merges_through_the_engine_with_the_policy_s_history_length():
    sentinel = Sentinel(MemoryStore())
    base = {"days": [[0] * 13] * 120, "p90": [0] * 13, "hour_profile": [0] * 24, "ips": {}, "agents": {}}
    ours = {**base, "days": base["days"][1:] + [[1] * 13]}
    theirs = {**base, "days": base["days"][1:] + [[2] * 13]}
    merged = sentinel.merge("peer:p1", base, ours, theirs)
    assert len(merged["days"]) == sentinel.policy.peer_days and merged["days"][-2:] == [[2] * 13, [1] * 13]
