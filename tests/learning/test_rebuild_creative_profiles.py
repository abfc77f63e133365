import datetime
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from director.directors import DIRECTOR_IDS
from learning.models import LearningEvent
from learning.studio_head import learn_from_choice, rank_pitches, stored_pitches
from tests.factories import UserFactory
from tests.jobs import make_job
from tests.learning.pitches import lounge_pitches, raw

START = timezone.now() - datetime.timedelta(days=30)


def choose_live(users, rounds, *, rng, store=stored_pitches):
    """Users take turns choosing, exactly as the select-director flow does; returns their live profiles."""
    tick = 0
    for _ in range(rounds):
        for user in users:
            user.refresh_from_db()
            job = make_job(user)
            image = raw(*(round(rng.uniform(0, 10), 1) for _ in range(3)))
            profile = user.creative_profile
            shown = rank_pitches(profile, lounge_pitches(image, profile=profile), seed=str(job.pk))
            chosen = rng.choice(DIRECTOR_IDS)
            profile, delta = learn_from_choice(user.creative_profile, shown, chosen, image)
            tick += 1
            LearningEvent.objects.create(
                user=user,
                job=job,
                raw_scores=image,
                director_pitches=store(shown),
                selected_director_id=chosen,
                learning_delta=delta,
                created_at=START + datetime.timedelta(seconds=tick),
            )
            user.creative_profile = profile
            user.save(update_fields=["creative_profile"])
    return {user.pk: User.objects.get(pk=user.pk).creative_profile for user in users}


def profiles():
    return dict(User.objects.values_list("pk", "creative_profile"))


def test_rebuild_reproduces_the_live_profiles(db):
    rng = random.Random(42)
    users = [UserFactory() for _ in range(3)]
    live = choose_live(users, 8, rng=rng)
    # a user who stored the pitches in the API's own shape rebuilds the same way
    api_shaped = UserFactory()
    live.update(choose_live([api_shaped], 6, rng=rng, store=lambda shown: shown))
    User.objects.update(creative_profile=None)
    out = StringIO()

    call_command("rebuild_creative_profiles", stdout=out, verbosity=0)

    rebuilt = profiles()
    for pk, profile in live.items():
        assert profile["totalSelections"] in (6, 8)
        assert profile["vocabularyWeights"]  # the words were learned too, and rebuilt
        assert rebuilt[pk] == profile
    assert "Rebuilt 4 creative profiles from 30 learning events." in out.getvalue()


def test_users_without_consent_or_events_are_left_alone(db):
    rng = random.Random(7)
    learner, quiet = UserFactory(), UserFactory()
    withdrawn = UserFactory()
    choose_live([learner, withdrawn], 3, rng=rng)
    withdrawn.refresh_from_db()
    User.objects.filter(pk=withdrawn.pk).update(learning_consent=False, creative_profile={"kept": True})
    User.objects.filter(pk=learner.pk).update(creative_profile=None)
    out = StringIO()

    call_command("rebuild_creative_profiles", stdout=out, verbosity=0)

    after = profiles()
    assert after[learner.pk]["totalSelections"] == 3
    assert after[withdrawn.pk] == {"kept": True}
    assert after[quiet.pk] is None
    assert "Rebuilt 1 creative profile from 3 learning events." in out.getvalue()


def test_rebuild_for_one_user_by_username_or_id(db):
    rng = random.Random(3)
    first, second = UserFactory(), UserFactory()
    live = choose_live([first, second], 4, rng=rng)
    User.objects.update(creative_profile=None)

    call_command("rebuild_creative_profiles", user=first.username, stdout=StringIO(), verbosity=0)
    assert profiles() == {first.pk: live[first.pk], second.pk: None}

    call_command("rebuild_creative_profiles", user=str(second.pk), stdout=StringIO(), verbosity=0)
    assert profiles() == live


def test_rebuild_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("rebuild_creative_profiles", user="nobody-here", stdout=StringIO())


def test_rebuild_through_postgresql_jsonb_is_exact(postgres):
    rng = random.Random(11)
    user = UserFactory()
    live = choose_live([user], 12, rng=rng)
    User.objects.update(creative_profile=None)

    call_command("rebuild_creative_profiles", stdout=StringIO(), verbosity=0)

    assert live[user.pk]["vocabularyWeights"]
    assert profiles()[user.pk] == live[user.pk]
