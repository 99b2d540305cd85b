import re

from carnet.sentinel import ALLOW

from .helpers import at, event, fresh_sentinel, scrape

FRENCH_WORDS = re.compile(r"\b(patients|dossiers|compte|vérification|verrouillé|suspendus|attendus)\b")


def test_it_explains_every_refusal_in_french():
    decisions = scrape(fresh_sentinel(), at(0, 10), 300, gap_s=1)
    refusals = [d for d in decisions if d.decision != ALLOW]
    assert {d.decision for d in refusals} == {"step_up", "throttle", "lock"}
    for decision in refusals:
        assert decision.reason.strip()
        assert FRENCH_WORDS.search(decision.reason), decision.reason
        assert decision.score > 0


def test_it_quotes_the_count_and_the_window_it_saw():
    decisions = scrape(fresh_sentinel(), at(0, 10), 40, gap_s=2)
    first = next(d for d in decisions if d.decision != ALLOW)
    count = int(re.match(r".*?: (\d+) ", first.reason).group(1))
    assert 10 <= count <= 40
    assert "en 10 minutes" in first.reason


def test_it_names_the_new_address_in_the_reason():
    sentinel = fresh_sentinel()
    sentinel.decide(event(at(0, 9), "view", "p01-000001"))
    decisions = scrape(sentinel, at(1, 10), 60, gap_s=2, ip="203.0.113.9")
    first = next(d for d in decisions if d.decision != ALLOW)
    assert "adresse réseau nouvelle" in first.reason


def test_it_leaves_the_reason_empty_when_it_allows():
    decision = fresh_sentinel().decide(event(at(0, 9), "view", "p01-000001"))
    assert decision.decision == ALLOW and decision.reason == ""
