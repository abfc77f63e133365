"""The creative profile and learning history through the API, with reset and rebuild."""

from django.core.management import call_command

from accounts.models import User
from learning.models import LearningEvent
from tests.flow import choose, upload_idle


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


def test_choosing_a_director_other_than_the_objective_pick_counts_as_an_override(api, upload, run, user, relaxed_rates):
    # The astronaut: The Eye's rule picks the Provocateur (vibe 9.6, physics 6.3); the Visionary leads on vibe too.
    job = upload_idle(upload)
    pitches = api.get(f"/api/v1/jobs/{job.pk}/director/").json()["pitches"]
    assert [p["director_id"] for p in pitches if p["objective_pick"]] == ["provocateur"]
    assert job.analysis_data["objective_recommendation"] == "provocateur"

    choose(api, run, job, "visionary")
    user.refresh_from_db()
    summary = api.get("/api/v1/me/creative-profile/").json()["summary"]
    assert (summary["total_selections"], summary["override_rate"]) == (1, 1.0)
    delta = LearningEvent.objects.get(job=job).learning_delta
    assert (delta["objectivePick"], delta["wasOverride"]) == ("provocateur", True)

    choose(api, run, upload_idle(upload), "provocateur")
    user.refresh_from_db()
    summary = api.get("/api/v1/me/creative-profile/").json()["summary"]
    assert (summary["total_selections"], summary["override_rate"]) == (2, 0.5)
