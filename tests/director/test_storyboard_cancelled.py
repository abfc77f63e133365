"""A storyboard whose job is cancelled while it is written is dropped, its previews with it."""

from director import tasks
from director.engines.storyboard import TemplateStoryboardWriter
from director.models import PromptRecord, RecordStatus
from tests.conftest import stored_files
from tests.factories import PromptRecordFactory


class CancellingWriter(TemplateStoryboardWriter):
    """Writes the storyboard, and the user cancels meanwhile."""

    def write(self, director, analysis, **options):
        board = super().write(director, analysis, **options)
        PromptRecord.objects.filter(status=RecordStatus.SCRIPTING).update(status=RecordStatus.CANCELLED)
        return board


def test_a_storyboard_cancelled_while_written_ends_cancelled_and_leaves_no_preview(settings, media_root, db):
    path = f"{__name__}.CancellingWriter"
    settings.STUDIO_ENGINES = {**settings.STUDIO_ENGINES, "storyboard_writer": path}
    record = PromptRecordFactory(status=RecordStatus.SCRIPTING, scenes_data=[])
    assert tasks.storyboard_task.call(str(record.pk)) == "cancelled"
    record.refresh_from_db()
    assert (record.status, record.scenes_data) == (RecordStatus.CANCELLED, [])
    assert stored_files(media_root) == [record.job.image.name]
