"""studio_project.db.update_where: the guarded UPDATE of a scene review, one prepared statement on PostgreSQL and the
ORM's filter().update() elsewhere, changing the same row in the same way."""

import pytest
from django.db import connection
from django.utils import timezone

from director.models import PromptRecord, RecordStatus
from studio_project import db
from tests.director.test_write_answers import statements
from tests.factories import PromptRecordFactory, scene

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prepared", [True, False])
def test_it_changes_the_row_only_while_the_guard_holds(prepared, monkeypatch):
    if prepared and not db.prepares(connection):
        pytest.skip("needs PostgreSQL with prepared statements (CI runs it)")
    monkeypatch.setattr(db, "prepares", lambda connection: prepared)
    record = PromptRecordFactory(version=3)
    other = PromptRecordFactory(version=3)
    scenes = [scene(1, status="GREEN"), scene(2)]
    now = timezone.now()

    def save(version, status=RecordStatus.REVIEWING):
        return db.update_where(
            connection,
            PromptRecord,
            record.pk,
            {"scenes_data": scenes, "updated_at": now},
            increment=("version",),
            where={"version": version, "status": status},
        )

    before = PromptRecord.objects.values().get(pk=record.pk)
    assert save(2) == 0 and save(3, RecordStatus.RENDERING) == 0  # a stale version, a moved status: nothing
    assert PromptRecord.objects.values().get(pk=record.pk) == before
    with statements() as sqls:
        assert save(3) == 1
    assert len(sqls) == 1 and sqls[0].startswith('UPDATE "vision_job_video_prompts"')
    stored = PromptRecord.objects.get(pk=record.pk)
    assert (stored.version, stored.scenes_data, stored.updated_at) == (4, scenes, now)
    assert PromptRecord.objects.values().get(pk=other.pk)["version"] == 3  # only that row
