from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import checks
from django.db import connection

from ratelimit.models import RateLimitBucket

T0 = datetime(2026, 3, 1, 12, 0, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fast_and_frozen(settings):
    # django-ratelimit's windows are aligned to the clock: freeze it so no window ends mid-test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(T0, tick=False) as clock:
        yield clock


def admin_login(client, username, password="wrong-password", **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


def test_admin_login_is_blocked_after_five_attempts_for_one_username(client, user):
    for _ in range(5):
        assert admin_login(client, user.username).status_code == 200  # the form again, with its error
    response = admin_login(client, user.username, "correct-horse-battery")
    assert response.status_code == 429
    assert response.content.decode().startswith("Too many login attempts; try again in ")
    assert int(response["Retry-After"]) >= 1


def test_the_wait_is_the_time_left_in_the_window(client, db, fast_and_frozen):
    for _ in range(5):
        admin_login(client, "mira")
    first = int(admin_login(client, "mira")["Retry-After"])  # fixed name and time: a fixed window edge
    fast_and_frozen.shift(timedelta(seconds=1))
    response = admin_login(client, "mira")
    assert 1 <= first <= 60
    assert int(response["Retry-After"]) == first - 1
    assert f"try again in {first - 1} s." in response.content.decode()


def test_another_username_from_the_same_address_may_still_try(client, user, other_user):
    for _ in range(6):
        admin_login(client, user.username)
    assert admin_login(client, other_user.username).status_code == 200


def test_one_address_trying_many_usernames_is_blocked_too(client, db):
    for number in range(20):
        assert admin_login(client, f"guess{number}").status_code == 200
    assert admin_login(client, "guess-final").status_code == 429


def test_showing_the_login_form_is_not_counted(client, db):
    for _ in range(30):
        assert client.get("/admin/login/").status_code == 200
    assert not RateLimitBucket.objects.exists()


def test_admin_and_token_sign_ins_share_one_count(client, anon, user):
    for _ in range(3):
        admin_login(client, user.username)
    for _ in range(2):
        assert anon.post("/api/v1/auth/token/", {"username": user.username, "password": "x"}).status_code == 401
    response = anon.post(
        "/api/v1/auth/token/", {"username": user.username, "password": "correct-horse-battery"}, format="json"
    )
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert body["detail"].startswith("Too many login attempts; try again in ")
    assert response["Retry-After"]


def test_the_token_endpoint_counts_usernames_case_insensitively(anon, user):
    for name in ["Mira", "MIRA", "mira ", "mIra", "mira"]:
        anon.post("/api/v1/auth/token/", {"username": name, "password": "x"}, format="json")
    assert anon.post("/api/v1/auth/token/", {"username": "mira", "password": "x"}, format="json").status_code == 429


def test_sign_ups_are_limited_per_address(anon, db, settings):
    settings.STUDIO_AUTH_RATES = {**settings.STUDIO_AUTH_RATES, "register_ip": "2/hour"}
    for number in range(2):
        response = anon.post(
            "/api/v1/auth/register/",
            {"username": f"new{number}", "email": f"new{number}@example.com", "password": "a-long-unusual-passphrase"},
        )
        assert response.status_code == 201
    response = anon.post(
        "/api/v1/auth/register/",
        {"username": "new9", "email": "new9@example.com", "password": "a-long-unusual-passphrase"},
    )
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Too many sign-ups; try again in ")
    assert response["RateLimit-Policy"] == '"api";q=60;w=60, "register-ip";q=2;w=3600'


def test_guard_counts_live_in_rate_limit_buckets_and_name_the_address(client, db):
    admin_login(client, "somebody", REMOTE_ADDR="198.51.100.44")
    identifiers = list(RateLimitBucket.objects.filter(endpoint="auth").values_list("identifier", flat=True))
    assert len(identifiers) == 2
    assert any("198.51.100.44" in identifier for identifier in identifiers)
    assert any(" name:somebody " in identifier for identifier in identifiers)


def test_clearing_the_bucket_unblocks_the_user(client, user):
    user.is_staff = True
    user.save()
    for _ in range(6):
        admin_login(client, user.username)
    RateLimitBucket.objects.filter(endpoint="auth", identifier__contains=f" user:{user.pk} ").delete()
    assert admin_login(client, user.username, "correct-horse-battery").status_code == 302


def test_a_database_error_blocks_the_login_with_a_503(client, db):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE rate_limit_buckets")
    response = admin_login(client, "somebody")
    assert response.status_code == 503


def test_the_real_api_sends_ratelimit_headers(api):
    response = api.get("/api/v1/me/")
    assert response.status_code == 200
    assert response["RateLimit-Policy"] == '"api";q=60;w=60'
    assert response["RateLimit"].startswith('"api";r=59;t=')


def test_the_configured_guard_cache_passes_the_checks():
    assert [m.id for m in checks.run_checks(tags=[checks.Tags.caches]) if m.id.startswith("ratelimit")] == []


@pytest.mark.parametrize(
    "backend", ["django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.db.DatabaseCache"]
)
def test_a_per_process_or_non_atomic_guard_cache_is_an_error(settings, backend):
    settings.CACHES = {**settings.CACHES, "ratelimit": {"BACKEND": backend, "LOCATION": "x"}}
    errors = [m for m in checks.run_checks(tags=[checks.Tags.caches]) if m.id == "ratelimit.E002"]
    assert len(errors) == 1 and errors[0].level == checks.ERROR


def test_failing_open_or_a_missing_guard_cache_is_an_error(settings):
    settings.RATELIMIT_FAIL_OPEN = True
    settings.RATELIMIT_USE_CACHE = "nowhere"
    ids = {m.id for m in checks.run_checks(tags=[checks.Tags.caches])}
    assert "ratelimit.E001" in ids
    settings.RATELIMIT_USE_CACHE = "ratelimit"
    assert "ratelimit.E003" in {m.id for m in checks.run_checks(tags=[checks.Tags.caches])}


def token_sign_in(anon, username, password="wrong-password"):
    return anon.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


@pytest.mark.parametrize(
    "spellings",
    [
        ["vic1"] * 5 + ["ｖｉｃ１"],  # fullwidth
        ["vic1", "VIC1", "Vic1", "ｖｉｃ１", "vIC1", "VIC1@EXAMPLE.com"],
        ["vic1@example.com", "VIC1@EXAMPLE.com", "Vic1@Example.COM", "ｖｉｃ１@example.com", "vic1", "VIC1"],
    ],
)
def test_every_spelling_of_one_account_shares_its_limit(anon, db, spellings):
    from tests.factories import UserFactory

    UserFactory(username="vic1", email="vic1@example.com")
    for typed in spellings[:5]:
        assert token_sign_in(anon, typed).status_code == 401, typed
    assert token_sign_in(anon, spellings[5]).status_code == 429
    for typed in ["ｖｉｃ１", "VIC1@EXAMPLE.com", "vic1@example.com", "vic1"]:  # the right password, too
        assert token_sign_in(anon, typed, "correct-horse-battery").status_code == 429, typed


def test_the_admin_login_counts_every_spelling_of_an_account_together(client, db):
    from tests.factories import UserFactory

    UserFactory(username="vic1", email="vic1@example.com")
    for typed in ["vic1", "ＶＩＣ１", "vic1@EXAMPLE.com", "Vic1", "VIC1@example.com"]:
        assert admin_login(client, typed).status_code == 200
    assert admin_login(client, "ｖｉｃ１", "correct-horse-battery").status_code == 429


def test_a_name_that_is_no_ones_is_counted_under_its_folded_form(anon, db):
    for typed in ["ghost", "GHOST", "ｇｈｏｓｔ", "Ghost", "gHoSt"]:
        assert token_sign_in(anon, typed).status_code == 401
    response = token_sign_in(anon, "ＧＨＯＳＴ")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Too many login attempts; try again in ")
    assert RateLimitBucket.objects.filter(identifier__contains=" name:ghost ").exists()
