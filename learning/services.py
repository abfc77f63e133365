"""Recording a choice: the learning event and the profile it changes, together."""

from django.db import transaction

from accounts.models import User
from learning.models import LearningEvent
from learning.studio_head import empty_profile, record_choice


def _event_pitches(shown):
    """The pitches as shown, in the original's camelCase shape plus rank and probability."""
    return [
        {
            "directorId": p["director_id"],
            "biasedScores": p["biased_scores"],
            "recommendedEngine": p["recommended_engine"],
            "risk": p.get("risk"),
            "rank": p.get("rank"),
            "probability": p.get("probability"),
            "recommended": p.get("recommended"),
            "exploration": p.get("exploration"),
            "objectivePick": p.get("objective_pick"),
        }
        for p in shown
    ]


def shown_from_event(director_pitches):
    """The inverse of _event_pitches: what rank/record functions take, from a stored event."""
    return [
        {
            "director_id": p["directorId"],
            "biased_scores": p["biasedScores"],
            "recommended_engine": p["recommendedEngine"],
            "risk": p.get("risk"),
            "rank": p.get("rank"),
            "probability": p.get("probability"),
            "recommended": p.get("recommended"),
            "exploration": p.get("exploration"),
            "objective_pick": p.get("objectivePick"),
        }
        for p in director_pitches
    ]


def record_selection(*, user, job, shown, chosen_id):
    """Write the event and the updated profile in the caller's transaction; nothing without consent."""
    assert transaction.get_connection().in_atomic_block, "record_selection must run inside a transaction"
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.learns:
        return None
    pitches = _event_pitches(shown)
    profile, delta = record_choice(user.creative_profile, shown_from_event(pitches), chosen_id, job.raw_scores)
    event = LearningEvent.objects.create(
        user=user,
        job=job,
        raw_scores=job.raw_scores,
        director_pitches=pitches,
        selected_director_id=chosen_id,
        learning_delta=delta,
    )
    User.objects.filter(pk=user.pk).update(creative_profile=profile)
    return event


def reset_profile(user):
    User.objects.filter(pk=user.pk).update(creative_profile=None)


def current_profile(user):
    return user.creative_profile or empty_profile()
