"""A new username that looks like an existing one in another alphabet (the same skeleton) is taken."""

import pytest

from accounts.models import User
from accounts.validators import skeleton
from tests.accounts.conftest import register
from tests.factories import UserFactory

LOOKS_TAKEN = "username: That username looks like one that is taken; choose another."


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ("admin", "ɑdmin"),  # Latin small alpha
        ("admin", "ᴀdmin"),  # Latin small capital A
        ("coco", "сосо"),  # all Cyrillic
        ("сосо", "COCO"),
    ],
)
def test_a_whole_script_look_alike_of_a_taken_name_is_refused(anon, db, existing, typed):
    UserFactory(username=existing)
    response = register(anon, typed, "new@example.com")
    assert response.status_code == 400
    assert response.json()["detail"] == LOOKS_TAKEN
    assert User.objects.count() == 1


@pytest.mark.parametrize(("existing", "typed"), [("coco", "cuco"), ("admin", "admins"), ("mira0", "mirao")])
def test_names_that_only_share_letters_still_register(anon, db, existing, typed):
    UserFactory(username=existing)
    assert register(anon, typed, "new@example.com").status_code == 201


def test_one_alphabet_names_keep_registering(anon, db):
    for number, name in enumerate(["дмитрий", "Ελένη", "mira_山田"]):
        assert register(anon, name, f"n{number}@example.com").status_code == 201, name
    assert skeleton("ɑdmin") == skeleton("ADMIN") == "admin"
