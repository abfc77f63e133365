from django.db.models import F

from accounts.models import User
from audit.models import AuditAction, AuditLog
from learning.models import LearningEvent
from learning.studio_head import replay
from tests.admin.builders import make_events
from tests.factories import UserFactory

USERS = "/admin/accounts/user/"


def test_user_page_draws_the_profile_beside_its_json_with_credits_consent_and_links(admin_client):
    user = UserFactory(credits_remaining=7)
    make_events(6, users=[user])
    user.refresh_from_db()
    html = admin_client.get(f"{USERS}{user.pk}/change/").content.decode()
    assert 'aria-label="Creative profile"' in html
    assert "Bias per dimension (-1 .. +1)" in html and "Win rate per director (0 .. 1)" in html
    assert "&quot;directorWinRate&quot;" in html
    assert f"{user.creative_profile['totalSelections']} selections learned" in html
    assert 'name="credits_remaining"' not in html and '<div class="readonly">7</div>' in html  # shown, not a field
    assert 'name="learning_consent"' in html
    assert f"/admin/director/visionjob/?user__id__exact={user.pk}" in html
    assert f"/admin/learning/learningevent/?q={user.pk}" in html


def test_user_without_a_profile_says_so(admin_client):
    user = UserFactory()
    assert "No creative profile yet" in admin_client.get(f"{USERS}{user.pk}/change/").content.decode()


def test_grant_credits_asks_how_many_then_adds_them(admin_client):
    a, b = UserFactory(credits_remaining=1), UserFactory(credits_remaining=5)
    selected = [str(a.pk), str(b.pk)]
    form = admin_client.post(USERS, {"action": "grant_credits_action", "_selected_action": selected})
    assert form.status_code == 200
    assert 'name="amount"' in form.content.decode()
    refused = admin_client.post(
        USERS, {"action": "grant_credits_action", "_selected_action": selected, "apply": "1", "amount": "0"}
    )
    assert "Ensure this value is greater than or equal to 1" in refused.content.decode()
    done = admin_client.post(
        USERS,
        {"action": "grant_credits_action", "_selected_action": selected, "apply": "1", "amount": "25"},
        follow=True,
    )
    assert "Granted 25 credits to 2 user(s)." in done.content.decode()
    assert list(
        User.objects.filter(pk__in=selected).order_by("credits_remaining").values_list("credits_remaining", flat=True)
    ) == [26, 30]


def test_reset_profile_clears_what_was_learned(admin_client):
    user = UserFactory()
    make_events(3, users=[user])
    admin_client.post(USERS, {"action": "reset_profile_action", "_selected_action": [str(user.pk)]})
    user.refresh_from_db()
    assert user.creative_profile is None
    assert LearningEvent.objects.filter(user=user).count() == 3  # the audit log stays


def test_rebuild_profile_replays_the_users_events(admin_client):
    user = UserFactory()
    make_events(8, users=[user])
    User.objects.filter(pk=user.pk).update(creative_profile=None)
    response = admin_client.post(
        USERS, {"action": "rebuild_profile_action", "_selected_action": [str(user.pk)]}, follow=True
    )
    assert "Rebuilt the creative profile of 1 user(s)" in response.content.decode()
    user.refresh_from_db()
    events = LearningEvent.objects.filter(user=user).order_by("created_at", "id")
    # the stored pitches as they are: what rebuild_creative_profiles replays
    expected = replay((e.director_pitches, e.selected_director_id, e.raw_scores) for e in events)
    assert user.creative_profile == expected
    assert user.creative_profile["totalSelections"] == 8


def test_rebuild_leaves_users_without_consent_alone(admin_client):
    user = UserFactory(learning_consent=False)
    response = admin_client.post(
        USERS, {"action": "rebuild_profile_action", "_selected_action": [str(user.pk)]}, follow=True
    )
    assert f"Left alone (no learning consent): {user.username}." in response.content.decode()


def change_form(user, **changes):
    """The user change form as staff would post it: every field as shown, then `changes`."""
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on" if user.is_active else "",
        "plan": user.plan,
        "learning_consent": {True: "True", False: "False", None: "unknown"}[user.learning_consent],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "credits_remaining": "999",  # not a field of the form: ignored
    }
    return {key: value for key, value in {**data, **changes}.items() if value != ""}


def test_a_staff_edit_keeps_a_charge_made_meanwhile_and_audits_consent(admin_client):
    user = UserFactory(credits_remaining=10, learning_consent=True)
    loaded = User.objects.get(pk=user.pk)  # the form as staff opened it
    User.objects.filter(pk=user.pk).update(credits_remaining=F("credits_remaining") - 3)  # a render charged since
    response = admin_client.post(f"{USERS}{user.pk}/change/", change_form(loaded, learning_consent="False"))
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert (user.credits_remaining, user.learning_consent) == (7, False)
    row = AuditLog.objects.get(action=AuditAction.CONSENT_CHANGE)
    assert (row.user_id, row.details["from"], row.details["to"]) == (user.pk, True, False)
    assert row.details["by"]["username"] == "boss"  # the staff member who changed it (admin_client's user)


def test_a_staff_edit_that_leaves_consent_alone_writes_no_audit_row(admin_client):
    user = UserFactory(credits_remaining=10, learning_consent=True, plan="free")
    response = admin_client.post(f"{USERS}{user.pk}/change/", change_form(user, plan="pro"))
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert (user.plan, user.credits_remaining) == ("pro", 10)
    assert not AuditLog.objects.filter(action=AuditAction.CONSENT_CHANGE).exists()
