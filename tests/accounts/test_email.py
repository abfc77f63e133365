"""Emails: required to register, one account each (ignoring case), and a way to sign in."""

import threading

import pytest
from django.db import IntegrityError
from django.db.models.signals import pre_save
from rest_framework.test import APIClient

from accounts.models import User
from tests.accounts.conftest import PASSWORD, in_threads, quiet_client, register, sign_in
from tests.factories import UserFactory

EMAIL_TAKEN = "email: An account with that email exists; sign in with it, or use another email."


def test_registering_needs_an_email(anon, db):
    for body in [{}, {"email": ""}]:
        response = anon.post("/api/v1/auth/register/", {"username": "mira", "password": PASSWORD, **body})
        assert response.status_code == 400
        assert response.json()["errors"]["email"]
    assert not User.objects.exists()


def test_the_domain_is_stored_in_lower_case(anon, db):
    assert register(anon, "mira", " Mira.Lind@Example.COM ").status_code == 201
    assert User.objects.get().email == "Mira.Lind@example.com"


@pytest.mark.parametrize("typed", ["mira@example.com", "MIRA@EXAMPLE.COM", "Mira@Example.com"])
def test_an_email_another_account_has_in_any_case_is_refused(anon, db, typed):
    UserFactory(username="mira", email="mira@example.com")
    response = register(anon, "newcomer", typed)
    assert response.status_code == 400
    assert response.json()["detail"] == EMAIL_TAKEN
    assert not User.objects.filter(username="newcomer").exists()


def test_the_database_refuses_a_shared_email_but_not_two_blank_ones(db):
    UserFactory(email="mira@example.com")
    UserFactory(email="")
    UserFactory(email="")
    with pytest.raises(IntegrityError):
        UserFactory(email="MIRA@example.com")


def test_patching_me_to_an_email_another_account_has_is_refused(api, user):
    UserFactory(email="taken@example.com")
    response = api.patch("/api/v1/me/", {"email": "Taken@Example.com"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == EMAIL_TAKEN
    user.refresh_from_db()
    assert user.email == f"{user.username}@example.com"


def test_patching_me_to_my_own_email_in_another_case_or_a_new_one_works(api, user):
    response = api.patch("/api/v1/me/", {"email": f"{user.username.upper()}@EXAMPLE.com"}, format="json")
    assert response.status_code == 200
    assert response.json()["email"] == f"{user.username.upper()}@example.com"
    assert api.patch("/api/v1/me/", {"email": "new@example.org"}, format="json").json()["email"] == "new@example.org"


def test_an_account_with_an_email_cannot_blank_it(api, user):
    response = api.patch("/api/v1/me/", {"email": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "email: An account keeps an email address; give a new one instead."


def test_the_email_signs_in_in_any_case(anon, db):
    UserFactory(username="mira", email="Mira@example.com", password=PASSWORD)
    for typed in ["Mira@example.com", "mira@EXAMPLE.com"]:
        response = sign_in(anon, typed)
        assert response.status_code == 200, typed
        assert response.json()["user"]["username"] == "mira"
    wrong = sign_in(anon, "mira@example.com", "wrong")
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "Wrong username or password."


def test_a_username_that_is_someone_elses_email_does_not_lock_them_out(anon, db):
    UserFactory(username="mira", email="mira@example.com", password=PASSWORD)
    UserFactory(username="mira@example.com", email="other@example.com", password="another-passphrase-entirely")
    assert sign_in(anon, "mira@example.com").json()["user"]["username"] == "mira"
    assert sign_in(anon, "mira@example.com", "another-passphrase-entirely").json()["user"]["username"] == (
        "mira@example.com"
    )


def test_the_admin_login_takes_an_email(client, db):
    UserFactory(username="boss", email="boss@example.com", password=PASSWORD, is_staff=True)
    assert client.post("/admin/login/", {"username": "Boss@Example.com", "password": PASSWORD}).status_code == 302


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twelve_concurrent_sign_ups_with_one_email_make_one_account(postgres):
    ready = threading.Barrier(12, timeout=30)

    def all_at_the_insert(sender, instance, **kwargs):
        if instance._state.adding and instance.email.lower() == "shared@example.com":
            ready.wait()  # every request has passed validation: the database has to settle it

    pre_save.connect(all_at_the_insert, sender=User)
    try:
        answers = in_threads(12, lambda n: register(quiet_client(), f"racer{n}", "Shared@Example.com"))
    finally:
        pre_save.disconnect(all_at_the_insert, sender=User)
    assert sorted(answer.status_code for answer in answers) == [201] + [400] * 11
    assert {answer.json()["detail"] for answer in answers if answer.status_code == 400} == {EMAIL_TAKEN}
    assert User.objects.filter(email="Shared@example.com").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_email_taken_by_another_account_while_patching_me_is_a_400(postgres, user):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)

    def taken_meanwhile(sender, instance, **kwargs):
        if instance.pk == user.pk:  # validation passed; another account commits the email first
            in_threads(1, lambda _: UserFactory(email="wanted@example.com"))

    pre_save.connect(taken_meanwhile, sender=User)
    try:
        response = client.patch("/api/v1/me/", {"email": "wanted@example.com"}, format="json")
    finally:
        pre_save.disconnect(taken_meanwhile, sender=User)
    assert response.status_code == 400
    assert response.json()["detail"] == EMAIL_TAKEN
    assert User.objects.get(pk=user.pk).email == f"{user.username}@example.com"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_web_sign_up_that_loses_the_race_for_its_email_shows_the_form_again(postgres, client):
    def taken_meanwhile(sender, instance, **kwargs):
        if instance._state.adding and instance.username == "late":
            in_threads(1, lambda _: UserFactory(username="early", email="wanted@example.com"))

    pre_save.connect(taken_meanwhile, sender=User)
    try:
        response = client.post(
            "/studio/register/", {"username": "late", "email": "wanted@example.com", "password": PASSWORD}
        )
    finally:
        pre_save.disconnect(taken_meanwhile, sender=User)
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [EMAIL_TAKEN.removeprefix("email: ")]
    assert list(User.objects.values_list("username", flat=True)) == ["early"]
