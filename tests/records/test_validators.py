import pytest
from django.core.exceptions import ValidationError

from carnet.records.validators import nir_key, validate_nir, validate_phone, validate_postcode


def a_valid_nir(head="1800575123456"):
    return f"{head}{nir_key(head):02d}"


def test_it_accepts_a_nir_with_the_right_key():
    validate_nir(a_valid_nir())
    validate_nir("1 80 05 75 123 456 " + a_valid_nir()[-2:])


def test_it_rejects_a_nir_with_a_wrong_key():
    nir = a_valid_nir()
    wrong = f"{nir[:13]}{(int(nir[13:]) % 97) + 1:02d}"
    with pytest.raises(ValidationError) as exc:
        validate_nir(wrong)
    assert "clé" in exc.value.messages[0]


def test_it_handles_corsican_departments():
    validate_nir(a_valid_nir("18005" + "2A" + "123456"))


@pytest.mark.parametrize("value", ["123", "3800575123456XX", "18005751234567890"])
def test_it_rejects_malformed_nirs(value):
    with pytest.raises(ValidationError):
        validate_nir(value)


@pytest.mark.parametrize("value", ["06 12 34 56 78", "01.23.45.67.89", "+33612345678"])
def test_it_accepts_french_phone_numbers(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["12345", "00 12 34 56 78", "06 12 34 56", "phone"])
def test_it_rejects_other_phone_numbers(value):
    with pytest.raises(ValidationError):
        validate_phone(value)


def test_it_checks_postcodes():
    validate_postcode("75011")
    with pytest.raises(ValidationError):
        validate_postcode("7501")
