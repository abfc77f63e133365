"""Changing one's password: the current one is checked, the new one validated, the token rotated."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from tests.accounts.conftest import FACTORY_PASSWORD, token_client

NEW = "a-fresh-unusual-passphrase"


def change(client, current=FACTORY_PASSWORD, new=NEW):
    return client.post("/api/v1/me/password/", {"current_password": current, "new_password": new}, format="json")


def test_a_wrong_current_password_is_a_400_naming_the_field(user, token):
    response = change(token_client(token), current="not-my-password")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == "current_password: That is not your current password."
    assert list(body["errors"]) == ["current_password"]
    user.refresh_from_db()
    assert user.check_password(FACTORY_PASSWORD)
    assert Token.objects.get(user=user).key == token


def test_a_weak_new_password_is_refused_by_the_validators(user, token):
    for weak, words in [("123", "too short"), ("password", "too common"), (user.username + "x1", "too similar")]:
        response = change(token_client(token), new=weak)
        assert response.status_code == 400, weak
        assert response.json()["detail"].startswith("new_password: ")
        assert words in response.json()["detail"], response.json()
    user.refresh_from_db()
    assert user.check_password(FACTORY_PASSWORD)


def test_the_same_password_again_is_refused(user, token):
    response = change(token_client(token), new=FACTORY_PASSWORD)
    assert response.status_code == 400
    assert "different from the current one" in response.json()["errors"]["new_password"][0]


def test_missing_fields_are_named(user, token):
    response = token_client(token).post("/api/v1/me/password/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"current_password", "new_password"}


def test_a_change_sets_the_password_and_rotates_the_token(user, token, anon):
    client = token_client(token)
    response = change(client)
    assert response.status_code == 200, response.json()
    new_token = response.json()["token"]
    assert new_token != token
    assert client.get("/api/v1/me/").status_code == 401
    assert token_client(new_token).get("/api/v1/me/").json()["username"] == user.username
    user.refresh_from_db()
    assert user.check_password(NEW) and not user.check_password(FACTORY_PASSWORD)
    old = anon.post("/api/v1/auth/token/", {"username": user.username, "password": FACTORY_PASSWORD}, format="json")
    assert old.status_code == 401
    fresh = anon.post("/api/v1/auth/token/", {"username": user.username, "password": NEW}, format="json")
    assert fresh.json()["token"] == new_token


def test_the_session_that_changed_it_stays_signed_in_and_the_others_are_out(user):
    here, elsewhere = APIClient(), APIClient()
    assert here.login(username=user.username, password=FACTORY_PASSWORD)
    assert elsewhere.login(username=user.username, password=FACTORY_PASSWORD)
    response = change(here)
    assert response.status_code == 200, response.json()
    assert here.get("/api/v1/me/").json()["username"] == user.username
    assert elsewhere.get("/api/v1/me/").status_code in (401, 403)
    assert User.objects.get(pk=user.pk).check_password(NEW)


def test_changing_the_password_needs_a_caller(anon, db):
    assert change(anon).status_code == 401
