"""Without learning consent the Lounge is the population's: nothing stored about the user ranks or explains it."""

import pytest

from accounts.models import User
from director.models import JobStatus, VisionJob
from director.serializers import pitches_out
from director.tasks import analyze_task
from learning.explain import LEARNING_OFF, NEW_HERE
from learning.models import LearningEvent
from learning.studio_head import learn_from_choice, rank_pitches
from tests.flow import select, state, upload_idle
from tests.learning.pitches import lounge_pitches, raw

PERSONAL = ("You chose", "You picked", "your usual picks")


def vibe_lover():
    """Ten jobs, the Visionary every time: a profile with a strong, explainable taste."""
    profile = None
    for physics, vibe, logic in [(6, 9, 2), (7, 6, 5), (3, 7, 8), (8, 8, 4), (5, 9, 6)] * 2:
        scores = raw(physics, vibe, logic)
        profile, _ = learn_from_choice(profile, lounge_pitches(scores), "visionary", scores)
    return profile


def reanalyse(job):
    """Run The Eye and the Lounge again on the same job (same image, same seed)."""
    VisionJob.objects.filter(pk=job.pk).update(status=JobStatus.PENDING, pitches=None)
    assert analyze_task.call(str(job.pk)) == "completed"
    job.refresh_from_db()
    return job.pitches


def is_personal(pitches):
    return any(word in p["reason"] for p in pitches for word in PERSONAL)


@pytest.mark.parametrize("consent", [False, None], ids=["withdrawn", "never given"])
def test_without_consent_a_rich_profile_ranks_and_explains_like_no_profile(api, user, upload, consent):
    User.objects.filter(pk=user.pk).update(learning_consent=consent, creative_profile=vibe_lover())
    job = upload_idle(upload)
    without_consent = job.pitches
    shown = state(api, job)["pitches"]

    User.objects.filter(pk=user.pk).update(creative_profile=None)
    no_profile = reanalyse(job)

    assert without_consent == no_profile
    # as served, each pitch also names its engine in plain words (recommended_engine_label)
    assert shown == pitches_out(no_profile)
    assert api.get(f"/api/v1/jobs/{job.pk}/pitches/").json() == pitches_out(no_profile)
    assert not is_personal(without_consent)

    User.objects.filter(pk=user.pk).update(learning_consent=True, creative_profile=vibe_lover())
    personal = reanalyse(job)
    assert personal != no_profile
    assert is_personal(personal)
    assert any("in 10 of your last 10 jobs" in p["reason"] for p in personal)
    assert state(api, job)["pitches"] == pitches_out(personal)


def test_consent_withdrawn_after_the_analysis_hides_the_personal_ranking(api, user, upload, run):
    User.objects.filter(pk=user.pk).update(learning_consent=True, creative_profile=vibe_lover())
    job = upload_idle(upload)
    assert is_personal(job.pitches)

    response = api.patch("/api/v1/me/", {"learning_consent": False}, format="json")
    assert response.status_code == 200 and response.json()["learning_consent"] is False

    # the directors answered the Studio Note; with consent withdrawn the answers go with the ranking
    assert all(p["note_reply"] for p in job.pitches)
    unanswered = [{**p, "note_reply": None} for p in job.pitches]
    population = rank_pitches(None, unanswered, seed=str(job.pk), learning_off=True)
    assert not any(p["note_reply"] or p["studio_note"] or p["preselected"] or p["confidence"] for p in population)
    assert state(api, job)["pitches"] == pitches_out(population)
    assert api.get(f"/api/v1/jobs/{job.pk}/pitches/").json() == pitches_out(population)
    assert not is_personal(population)

    profile_before = User.objects.get(pk=user.pk).creative_profile
    assert select(api, run, job, "minimalist").status_code == 201
    assert LearningEvent.objects.filter(user=user).count() == 0
    assert User.objects.get(pk=user.pk).creative_profile == profile_before


def reasons_shown(api, job):
    by_state = [p["reason"] for p in state(api, job)["pitches"]]
    by_route = [p["reason"] for p in api.get(f"/api/v1/jobs/{job.pk}/pitches/").json()]
    assert by_state == by_route
    return by_state


def test_a_user_who_turned_learning_off_is_not_told_to_find_their_taste(api, user, upload):
    User.objects.filter(pk=user.pk).update(learning_consent=False)
    job = upload_idle(upload)
    reasons = reasons_shown(api, job)
    assert not any("your taste" in r or "New here" in r for r in reasons), reasons
    assert LEARNING_OFF in reasons


@pytest.mark.parametrize("consent", [True, None], ids=["given", "not asked yet"])
def test_a_new_user_who_did_not_say_no_is_still_shown_a_mix_to_find_their_taste(api, user, upload, consent):
    User.objects.filter(pk=user.pk).update(learning_consent=consent, creative_profile=None)
    job = upload_idle(upload)
    reasons = reasons_shown(api, job)
    assert NEW_HERE in reasons
    assert LEARNING_OFF not in reasons


def test_turning_learning_off_after_the_analysis_changes_the_reasons_too(api, user, upload):
    User.objects.filter(pk=user.pk).update(learning_consent=True, creative_profile=None)
    job = upload_idle(upload)
    assert NEW_HERE in reasons_shown(api, job)
    assert api.patch("/api/v1/me/", {"learning_consent": False}, format="json").status_code == 200
    reasons = reasons_shown(api, job)
    assert NEW_HERE not in reasons and LEARNING_OFF in reasons
