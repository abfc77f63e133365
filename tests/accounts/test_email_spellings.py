"""Emails that look alike, or mean the same address, are one account's: NFKC, IDNA domains, no tricks."""

import pytest

from accounts.models import User
from tests.accounts.conftest import register, sign_in
from tests.factories import UserFactory

EMAIL_TAKEN = "email: An account with that email exists; sign in with it, or use another email."


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ("x@bücher.example", "x@xn--bcher-kva.example"),
        ("x@xn--bcher-kva.example", "x@bücher.example"),
        ("x@example.com", "x@ｅxample.com"),  # a fullwidth e
    ],
)
def test_another_spelling_of_a_taken_email_is_taken(anon, db, existing, typed):
    assert register(anon, "first", existing).status_code == 201
    response = register(anon, "second", typed)
    assert response.status_code == 400
    assert response.json()["detail"] == EMAIL_TAKEN
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("typed", "detail"),
    [
        ("x@exam\u200bple.com", "email: Remove the invisible or control characters (such as spaces) from the email."),
        ('"x"@example.com', "email: Quoted email addresses are not accepted; use an address without quotes."),
    ],
)
def test_invisible_characters_and_quotes_are_refused(anon, db, typed, detail):
    UserFactory(username="x", email="x@example.com")
    response = register(anon, "second", typed)
    assert response.status_code == 400
    assert response.json()["detail"] == detail
    assert not User.objects.filter(username="second").exists()


def test_a_domain_idna_refuses_is_a_400(anon, db):
    response = register(anon, "second", "x@" + "ü" * 70 + ".example")  # a label over 63 characters
    assert response.status_code == 400
    assert response.json()["detail"].startswith("email: ")
    assert not User.objects.exists()


def test_an_international_address_registers_and_signs_in_with_either_spelling(anon, db):
    assert register(anon, "lena", "Lena@Bücher.Example").status_code == 201
    assert User.objects.get().email == "Lena@xn--bcher-kva.example"
    for typed in ["Lena@bücher.example", "lena@XN--BCHER-KVA.example", "Ｌｅｎａ@ｂüｃｈｅｒ.example"]:
        response = sign_in(anon, typed)
        assert response.status_code == 200, typed
        assert response.json()["token"]
