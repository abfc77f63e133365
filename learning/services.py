"""Recording a choice: the learning event and the profile it changes, together."""

from django.db import transaction
from django.db.models.functions import Now
from django.utils import timezone

from accounts.models import User
from audit import services as audit
from audit.models import AuditAction
from director import culture
from learning.experiments import arm_of
from learning.models import LearningEvent
from learning.studio_head import empty_profile, learn_from_choice, rank_pitches, stored_pitches


def ranking_profile(user):
    """The profile the Lounge may rank with: none without consent, so the population model alone decides."""
    return user.creative_profile if user.learns else None


def rank_for(user, pitches, *, seed):
    """The pitches ranked for `user`: with their profile if they consent, the population's otherwise.

    A user who said no to learning (not one never asked) is not told the mix is there to find their taste.
    """
    return rank_pitches(ranking_profile(user), pitches, seed=seed, learning_off=user.learning_consent is False)


def lounge_pitches(job, user):
    """The pitches as the Lounge shows them to `user`, the job's owner.

    They were ranked when the analysis finished; if consent was withdrawn since, nothing learned may show, so the
    same pitches are ranked again by the population model (seeded by the job: the same order on every read).
    """
    if not job.pitches:
        return job.pitches
    if user.learns:
        return [{**LOUNGE_DEFAULTS, **pitch} for pitch in job.pitches]
    # the directors' answers to the Studio Note speak of what was learned: they go too
    with culture.speaking(culture.of_job(job)):
        return rank_for(user, [{**pitch, "note_reply": None} for pitch in job.pitches], seed=str(job.pk))


# Fields pitches ranked before the Studio Note and the confidence existed do not carry.
LOUNGE_DEFAULTS = {"note_reply": None, "studio_note": None, "preselected": False, "confidence": None}


def learned_choice(*, user, job, shown, chosen_id):
    """What a choice teaches, to be written in the caller's transaction: (the learning event, built and not yet
    saved, and the user's new creative profile); None without consent (nothing is written).

    `user` is the chooser's row as the caller locked it in this transaction (director.transitions.choose locks it
    with the job): the profile read here is then the one this update replaces, and one user's choices are learned
    one after another. The caller writes the event and `User.creative_profile` together (director.commands
    .select_director, with the prompt record, in one statement).
    """
    assert transaction.get_connection().in_atomic_block, "a choice is learned inside the transaction that saves it"
    if not user.learns:
        return None
    # The profile learns from exactly what the event stores, so a replay of events rebuilds it exactly.
    pitches = stored_pitches(shown)
    profile, delta = learn_from_choice(user.creative_profile, pitches, chosen_id, job.raw_scores)
    delta = {**delta, **experiment_facts(user, job, pitches, chosen_id)}
    # On PostgreSQL the event bumps the week's shared counter (learning_weekly_stats) as the transaction commits
    # (a deferred trigger, learning/migrations/0004), so that row's lock is held for the commit alone.
    event = LearningEvent(
        user=user,
        job=job,
        raw_scores=job.raw_scores,
        director_pitches=pitches,
        selected_director_id=chosen_id,
        learning_delta=delta,
        # The statement's time, taken after the user's row lock: one user's events are strictly ordered.
        created_at=Now(),
    )
    return event, profile


def experiment_facts(user, job, pitches, chosen_id):
    """What the card-layout experiment keeps in each event: the user's arm, whether the Studio Head's pick was
    chosen, and the milliseconds from the Lounge's opening to the choice (None when its opening was not seen)."""
    chosen = next((p for p in pitches if p["directorId"] == chosen_id), {})
    opened = job.lounge_opened_at
    elapsed = None if opened is None else max(0, round((timezone.now() - opened).total_seconds() * 1000))
    return {"arm": arm_of(user.pk), "headPick": bool(chosen.get("recommended")), "loungeMs": elapsed}


@transaction.atomic
def reset_profile(user, request=None):
    """Forget what was learned; the events stay (an audit log) but a rebuild starts after this point."""
    User.objects.filter(pk=user.pk).update(creative_profile=None, profile_reset_at=Now())
    audit.record(AuditAction.PROFILE_RESET, user=user, entity=user, details={}, request=request)


def current_profile(user):
    return user.creative_profile or empty_profile()
