from rest_framework.authtoken.models import Token

from accounts.models import User


def test_register_creates_a_user_and_returns_a_token(anon, db):
    response = anon.post(
        "/api/v1/auth/register/",
        {"username": "mira", "email": "mira@example.com", "password": "a-long-unusual-passphrase"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    user = User.objects.get(username="mira")
    assert body["token"] == Token.objects.get(user=user).key
    assert body["user"]["credits_remaining"] == 10
    assert body["user"]["plan"] == "free"


def test_register_rejects_a_weak_password_with_a_readable_detail(anon, db):
    response = anon.post(
        "/api/v1/auth/register/", {"username": "mira", "email": "mira@example.com", "password": "123"}, format="json"
    )
    assert response.status_code == 400
    assert "password" in response.json()["detail"]
    assert "too short" in response.json()["detail"]
    assert not User.objects.filter(username="mira").exists()


def test_register_rejects_a_taken_username(anon, user):
    response = anon.post(
        "/api/v1/auth/register/",
        {"username": user.username, "email": "new@example.com", "password": "a-long-unusual-passphrase"},
        format="json",
    )
    assert response.status_code == 400
    assert "taken" in response.json()["detail"]


def test_token_for_the_right_password_only(anon, user):
    bad = anon.post("/api/v1/auth/token/", {"username": user.username, "password": "nope"}, format="json")
    assert bad.status_code == 401
    assert bad.json()["detail"] == "Wrong username or password."
    good = anon.post(
        "/api/v1/auth/token/", {"username": user.username, "password": "correct-horse-battery"}, format="json"
    )
    assert good.status_code == 200
    anon.credentials(HTTP_AUTHORIZATION=f"Token {good.json()['token']}")
    assert anon.get("/api/v1/me/").json()["username"] == user.username


def test_me_needs_authentication(anon, db):
    response = anon.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"]


def test_me_can_set_consent_but_never_credits_or_plan(api, user):
    response = api.patch(
        "/api/v1/me/", {"learning_consent": False, "credits_remaining": 9999, "plan": "enterprise"}, format="json"
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.learning_consent is False
    assert user.credits_remaining == 10
    assert user.plan == "free"


def test_malformed_json_is_a_clear_400(api):
    response = api.generic("PATCH", "/api/v1/me/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
