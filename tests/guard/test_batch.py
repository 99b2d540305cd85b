"""scan_many keeps the order and gives the same answers as scan, on several processes."""

import pytest

from carnet.guard import scan, scan_many

NOTES = ["porteuse sida", "", "tiers payant", "délégué CGT", "vote RN", "RDV annulé"] * 50


def test_it_gives_the_same_findings_as_scan_in_input_order_with_several_processes():
    expected = [scan(text).categories for text in NOTES]
    got = [findings.categories for findings in scan_many(iter(NOTES), jobs=2, chunk_size=7)]
    assert got == expected


def test_it_runs_in_process_with_one_job():
    got = [findings.categories for findings in scan_many(NOTES[:6], jobs=1)]
    assert got == [scan(text).categories for text in NOTES[:6]]


def test_it_refuses_zero_jobs():
    with pytest.raises(ValueError):
        list(scan_many(["x"], jobs=0))
