"""A sign-in username with a control character is refused before it becomes a rate-limit key."""

import logging

from tests.accounts.conftest import PASSWORD, sign_in
from tests.factories import UserFactory


def test_a_nul_in_the_token_username_is_a_400_naming_the_field(anon, db, caplog):
    with caplog.at_level(logging.WARNING):
        response = sign_in(anon, "mi\x00ra")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "username: Remove the control characters (such as NUL) from the username.",
        "code": "invalid",
        "errors": {"username": ["Remove the control characters (such as NUL) from the username."]},
    }
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_a_nul_in_the_admin_login_username_is_a_400_naming_the_field(client, db, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.post("/admin/login/", {"username": "mi\x00ra", "password": "x"})
    assert response.status_code == 400
    assert response.content.decode() == "username: Remove the control characters (such as NUL) from the username."
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_a_trailing_newline_is_forgiven_at_sign_in(anon, db):
    UserFactory(username="mira", password=PASSWORD)
    assert sign_in(anon, "mira\n").status_code == 200
