"""Spans are exact on the original string, whatever folding did."""

import pytest

from carnet.guard import scan


@pytest.mark.parametrize("text", [
    "Porteuse du VIH, suivie à Bichat",
    "SŒUR ŒDÉMATEUSE, hospitalisée à l’hôpital",
    "ﬁlle battue, «violences» — TS",
    "Dépression sévère ; déléguée CGT ; d'origine maghrébine",
    "M. Robin vit avec son compagnon Ibrahima",
    "cas sociial, hospitallisée, Syndiquuée CGT, ALLERGIQUE À LA PÉNICILLINE !!",
])
def test_it_returns_spans_whose_text_is_the_original_slice(text):
    findings = scan(text)
    assert findings.findings
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text


def test_it_spans_the_whole_word_of_a_prefix_term():
    text = "Patiente DIABÉTIQUE de type 2"
    finding = next(f for f in scan(text) if f.category == "health")
    assert text[finding.start:finding.end] == "DIABÉTIQUE"


def test_it_spans_a_word_after_a_ligature_exactly():
    text = "cœur fragile : insuffisance cardiaque"
    spans = [text[f.start:f.end] for f in scan(text)]
    assert "insuffisance cardiaque" in spans


def test_it_sorts_findings_by_position_and_categories_by_id():
    findings = scan("vote RN, diabétique, délégué CGT")
    starts = [f.start for f in findings]
    assert starts == sorted(starts)
    assert list(findings.categories) == sorted(findings.categories)


def test_it_rejects_what_is_not_text():
    with pytest.raises(TypeError):
        scan(None)
    with pytest.raises(TypeError):
        scan(b"VIH")
