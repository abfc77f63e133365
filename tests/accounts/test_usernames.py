"""Usernames: one account per name however it is typed, no look-alikes, and clean refusals."""

import threading

import pytest
from django.db import IntegrityError
from django.db.models.signals import pre_save

from accounts.models import User
from tests.accounts.conftest import PASSWORD, in_threads, quiet_client, register, sign_in
from tests.factories import UserFactory


def test_a_fullwidth_name_that_normalises_onto_a_taken_one_is_taken(anon, db):
    UserFactory(username="u1")
    response = register(anon, "ｕ１", "fullwidth@example.com")
    assert response.status_code == 400, response.content
    assert response.json()["detail"] == "username: That username is taken; choose another."
    assert User.objects.count() == 1


def test_a_fullwidth_name_is_stored_as_its_plain_form(anon, db):
    assert register(anon, "ｍｉｒａ", "mira@example.com").status_code == 201
    assert User.objects.get().username == "mira"


@pytest.mark.parametrize("variant", ["ADMIN", "Admin", "aDmIn"])
def test_a_case_variant_of_a_taken_name_is_taken(anon, db, variant):
    UserFactory(username="admin")
    response = register(anon, variant, "variant@example.com")
    assert response.status_code == 400
    assert "taken" in response.json()["detail"]


def test_the_database_refuses_a_case_variant_too(db):
    UserFactory(username="admin")
    with pytest.raises(IntegrityError):
        User.objects.create_user(username="ADMIN", email="x@example.com", password=PASSWORD)


def test_a_name_mixing_cyrillic_look_alikes_into_latin_is_refused(anon, db):
    UserFactory(username="admin")
    for spoof in ["аdmin", "pаypal"]:  # the first letter, and the second, are Cyrillic
        response = register(anon, spoof, f"{len(spoof)}@example.com")
        assert response.status_code == 400
        assert response.json()["detail"] == (
            "username: That username mixes alphabets with letters that look alike (Cyrillic, Latin); "
            "write it in one alphabet."
        )
    assert list(User.objects.values_list("username", flat=True)) == ["admin"]


@pytest.mark.parametrize("name", ["дмитрий", "Ελένη", "山田タロウ", "mira_山田"])
def test_a_name_in_one_script_or_a_customary_mix_is_welcome(anon, db, name):
    assert register(anon, name, "one@example.com").status_code == 201
    assert User.objects.get().username == name


def test_a_name_that_normalises_past_the_length_limit_is_refused(anon, db):
    response = register(anon, "ﷺ" * 10, "long@example.com")  # one character, 18 when normalised
    assert response.status_code == 400
    assert response.json()["detail"].startswith("username: ")


def test_signing_in_ignores_the_case_of_the_username(anon, db):
    UserFactory(username="Mira", password=PASSWORD)
    for typed in ["mira", "MIRA", "Mira", "ｍｉｒａ"]:
        response = sign_in(anon, typed)
        assert response.status_code == 200, typed
        assert response.json()["user"]["username"] == "Mira"
    assert sign_in(anon, "mira", "wrong").status_code == 401


def test_the_admin_login_ignores_the_case_of_the_username(client, db):
    UserFactory(username="boss", password=PASSWORD, is_staff=True)
    response = client.post("/admin/login/", {"username": "BOSS", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twelve_concurrent_sign_ups_for_one_name_make_one_account(postgres, settings):
    ready = threading.Barrier(12, timeout=30)

    def all_at_the_insert(sender, instance, **kwargs):
        if instance._state.adding and instance.username == "racer":
            ready.wait()  # every request has passed validation: the database has to settle it

    pre_save.connect(all_at_the_insert, sender=User)
    try:
        answers = in_threads(12, lambda n: register(quiet_client(), "racer", f"racer{n}@example.com"))
    finally:
        pre_save.disconnect(all_at_the_insert, sender=User)
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] + [400] * 11
    refusals = [answer.json() for answer in answers if answer.status_code == 400]
    assert {refusal["detail"] for refusal in refusals} == {"username: That username is taken; choose another."}
    assert User.objects.filter(username="racer").count() == 1
