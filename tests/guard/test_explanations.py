"""What the live form needs: JSON-ready findings, French labels and explanations."""

import json

from carnet.guard import CATEGORIES, CATEGORY_EXPLANATIONS, CATEGORY_LABELS, explain, scan


def test_it_has_a_french_label_and_explanation_for_every_category():
    assert set(CATEGORY_LABELS) == set(CATEGORIES) == set(CATEGORY_EXPLANATIONS)
    assert all(label and label[0].isupper() for label in CATEGORY_LABELS.values())


def test_it_explains_a_health_finding_in_plain_french():
    finding = next(iter(scan("diabétique")))
    assert "dossier médical" in finding.explanation
    assert finding.label == "Santé"


def test_it_gives_json_serialisable_findings_for_the_live_endpoint():
    text = "Vote RN, porteuse sida"
    data = explain(text)
    assert json.loads(json.dumps(data)) == data
    assert data["categories"] == ["health", "politics"]
    assert data["labels"]["politics"] == CATEGORY_LABELS["politics"]
    for item in data["findings"]:
        assert text[item["start"]:item["end"]] == item["text"]
        assert item["explanation"] and item["label"]


def test_it_gives_an_empty_result_for_a_clean_note():
    assert explain("tiers payant") == {"categories": [], "labels": {}, "findings": []}


def test_it_returns_immutable_findings():
    findings = scan("diabétique")
    finding = next(iter(findings))
    try:
        finding.category = "none"
    except AttributeError:
        return
    raise AssertionError("a Finding must not be modifiable")
