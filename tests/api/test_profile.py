"""The creative profile and learning history through the API, with reset and rebuild."""

from django.core.management import call_command

from accounts.models import User
from learning.models import LearningEvent
from tests.api.flow import choose, upload_idle


def test_profile_grows_resets_and_rebuilds_from_later_events_only(api, upload, run, user, relaxed_rates):
    for director in ("visionary", "visionary"):
        choose(api, run, upload_idle(upload), director)
    user.refresh_from_db()  # force_authenticate reuses this object as request.user
    body = api.get("/api/v1/me/creative-profile/").json()
    assert body["profile"]["totalSelections"] == 2
    assert body["summary"]["win_rate"]["visionary"] > body["summary"]["win_rate"]["newtonian"]

    assert api.delete("/api/v1/me/creative-profile/").status_code == 204
    user.refresh_from_db()
    assert api.get("/api/v1/me/creative-profile/").json()["profile"]["totalSelections"] == 0
    assert LearningEvent.objects.filter(user=user).count() == 2  # the audit log keeps them

    call_command("rebuild_creative_profiles", verbosity=0)
    assert User.objects.get(pk=user.pk).creative_profile is None

    choose(api, run, upload_idle(upload), "minimalist")
    live = User.objects.get(pk=user.pk).creative_profile
    assert live["totalSelections"] == 1
    User.objects.filter(pk=user.pk).update(creative_profile=None)
    call_command("rebuild_creative_profiles", verbosity=0)
    assert User.objects.get(pk=user.pk).creative_profile == live


def test_learning_events_lists_only_your_own(api, upload, run, user, other_user):
    choose(api, run, upload_idle(upload), "newtonian")
    mine = api.get("/api/v1/learning-events/").json()
    assert mine["count"] == 1
    event = mine["results"][0]
    assert event["selected_director_id"] == "newtonian"
    assert {"objectiveWinner", "subjectiveChoice", "wasOverride"} <= set(event["learning_delta"])
    assert len(event["director_pitches"]) == 4

    from rest_framework.test import APIClient

    stranger = APIClient()
    stranger.force_authenticate(other_user)
    assert stranger.get("/api/v1/learning-events/").json()["count"] == 0
