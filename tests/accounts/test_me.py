"""PATCH me/ writes only what it changes, so what else committed meanwhile stands."""

import threading

import pytest
from django.db import connections
from django.db.models import F
from django.db.models.signals import pre_save
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from tests.factories import UserFactory


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_charge_and_a_profile_update_committed_during_a_patch_stand_50_of_50(postgres, user, relaxed_rates):
    client = token_client(user)
    landed = []

    def charge(attempt):
        try:  # another connection, as an approval or the Studio Head would be
            rows = User.objects.filter(pk=user.pk).update(
                credits_remaining=F("credits_remaining") - 3, creative_profile={"totalSelections": attempt}
            )
            landed.append(rows)
        finally:
            connections.close_all()

    def between_load_and_save(sender, instance, **kwargs):
        # The view loaded the user when it authenticated the token; the charge commits before it writes.
        if instance.pk == user.pk and threading.current_thread() is threading.main_thread():
            worker = threading.Thread(target=charge, args=(len(landed),))
            worker.start()
            worker.join(10)

    outcomes = []
    pre_save.connect(between_load_and_save, sender=User)
    try:
        for attempt in range(50):
            User.objects.filter(pk=user.pk).update(credits_remaining=10, creative_profile=None)
            response = client.patch("/api/v1/me/", {"learning_consent": attempt % 2 == 0}, format="json")
            stored = User.objects.get(pk=user.pk)
            outcomes.append(
                (
                    response.status_code,
                    response.json()["credits_remaining"],
                    stored.credits_remaining,
                    stored.creative_profile,
                    stored.learning_consent,
                )
            )
    finally:
        pre_save.disconnect(between_load_and_save, sender=User)
    assert landed == [1] * 50
    assert outcomes == [(200, 7, 7, {"totalSelections": attempt}, attempt % 2 == 0) for attempt in range(50)]


def test_the_answer_is_the_row_as_stored_now_not_as_loaded(api, user):
    # `api` authenticates the object loaded before the change, as a request that began earlier would
    User.objects.filter(pk=user.pk).update(credits_remaining=2)
    response = api.patch("/api/v1/me/", {"learning_consent": False}, format="json")
    assert response.status_code == 200
    assert (response.json()["credits_remaining"], response.json()["learning_consent"]) == (2, False)
    assert User.objects.values_list("credits_remaining", flat=True).get(pk=user.pk) == 2
    assert api.patch("/api/v1/me/", {}, format="json").json()["credits_remaining"] == 2


def test_an_account_without_an_email_still_saves_its_consent(db):
    first, second = UserFactory(email=""), UserFactory(email="")  # accounts from before emails were required
    for legacy in (first, second):
        client = APIClient()
        client.force_authenticate(legacy)
        response = client.patch("/api/v1/me/", {"learning_consent": False, "email": ""}, format="json")
        assert response.status_code == 200, response.json()
    assert list(User.objects.filter(pk__in=[first.pk, second.pk]).values_list("email", "learning_consent")) == [
        ("", False),
        ("", False),
    ]
