"""accounts 0003: what would clash under the case-insensitive constraints is reported and resolved first."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0002_profile_reset_at")]
AFTER = [("accounts", "0004_fold_usernames_and_emails")]
T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def before_folding(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_users = executor.loader.project_state(BEFORE).apps.get_model("accounts", "User")
    yield old_users
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def add(users, username, email, days):
    return users.objects.create(username=username, email=email, password="!", date_joined=T0 + timedelta(days=days))


def migrate_forward():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)


def test_shared_emails_stay_with_the_oldest_account_and_the_rest_are_blanked(before_folding, capsys):
    add(before_folding, "second", "Mira@EXAMPLE.com", days=2)
    add(before_folding, "first", "mira@example.com", days=1)
    add(before_folding, "third", "MIRA@example.com", days=3)
    add(before_folding, "alone", "Solo@Example.ORG", days=4)
    add(before_folding, "legacy1", "", days=5)
    add(before_folding, "legacy2", "", days=6)
    migrate_forward()
    emails = dict(before_folding.objects.values_list("username", "email"))
    assert emails == {
        "first": "mira@example.com",
        "second": "",
        "third": "",
        "alone": "Solo@example.org",
        "legacy1": "",
        "legacy2": "",
    }
    printed = capsys.readouterr().out
    assert "email 'mira@example.com': kept by first (oldest account), blanked for second, third" in printed


def test_usernames_differing_only_in_case_stop_the_migration_and_are_named(before_folding):
    add(before_folding, "admin", "a@example.com", days=1)
    add(before_folding, "ADMIN", "b@example.com", days=2)
    with pytest.raises(RuntimeError, match=r"Usernames differ only in case: ADMIN, admin\. Rename all but one"):
        migrate_forward()
    before_folding.objects.filter(username="ADMIN").update(username="admin2")
    migrate_forward()
    assert sorted(before_folding.objects.values_list("username", flat=True)) == ["admin", "admin2"]


def test_stored_emails_take_the_one_canonical_form_and_a_refused_one_is_blanked(before_folding, capsys):
    add(before_folding, "older", "lena@xn--bcher-kva.example", days=1)
    add(before_folding, "newer", "lena@BÜCHER.example", days=2)  # the same mailbox, spelled in Unicode
    add(before_folding, "wide", "x@ｅxample.com", days=3)
    add(before_folding, "hidden", "y@exam\u200bple.com", days=4)
    migrate_forward()
    emails = dict(before_folding.objects.values_list("username", "email"))
    assert emails == {"older": "lena@xn--bcher-kva.example", "newer": "", "wide": "x@example.com", "hidden": ""}
    printed = capsys.readouterr().out
    assert "of hidden: blanked (Remove the invisible" in printed
    assert "kept by older (oldest account), blanked for newer" in printed
