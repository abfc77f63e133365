import factory

from accounts.models import User
from director.models import JobStatus, PromptRecord, RecordStatus, SceneStatus, VisionJob
from learning.models import LearningEvent
from tests.jobs import png_bytes


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    learning_consent = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class VisionJobFactory(factory.django.DjangoModelFactory):
    """A job whose analysis finished (the Lounge); pass status= for another stage."""

    class Meta:
        model = VisionJob

    user = factory.SubFactory(UserFactory)
    image = factory.django.FileField(filename="test.png", data=factory.LazyFunction(png_bytes))
    original_filename = "test.png"
    mime_type = "image/png"
    file_size = 100
    file_hash = "0" * 64
    status = JobStatus.COMPLETED
    physics_score = 8.0
    vibe_score = 7.0
    logic_score = 6.0
    quality_score = 8.0
    integrity_score = 1.0
    analysis_data = factory.LazyFunction(lambda: {"invariant_visual_summary": "a lighthouse at dusk"})
    pitches = factory.LazyFunction(
        lambda: [
            {"director_id": "newtonian", "recommended_engine": "kling", "biased_scores": {}},
            {"director_id": "visionary", "recommended_engine": "luma", "biased_scores": {}},
        ]
    )


def scene(index, status=SceneStatus.PENDING, **fields):
    return {"id": f"scene-{index}", "sequence_index": index, "status": status, "attempt_count": 0, **fields}


class PromptRecordFactory(factory.django.DjangoModelFactory):
    """A storyboard in review with three scenes; pass status= and scenes_data= for another stage."""

    class Meta:
        model = PromptRecord

    job = factory.SubFactory(VisionJobFactory)
    selected_director_id = "newtonian"
    status = RecordStatus.REVIEWING
    scenes_data = factory.LazyFunction(lambda: [scene(i) for i in (1, 2, 3)])


class LearningEventFactory(factory.django.DjangoModelFactory):
    """A choice in the Lounge: the job's owner chose newtonian from the job's pitches, on the job's scores.

    Pass job= (the user follows it), selected_director_id=, learning_delta= or created_at= for another choice;
    without created_at the database stamps the row.
    """

    class Meta:
        model = LearningEvent

    job = factory.SubFactory(VisionJobFactory)
    user = factory.SelfAttribute("job.user")
    raw_scores = factory.LazyAttribute(
        lambda event: {"physics": event.job.physics_score, "vibe": event.job.vibe_score, "logic": event.job.logic_score}
    )
    director_pitches = factory.LazyAttribute(lambda event: event.job.pitches or [])
    selected_director_id = "newtonian"
    learning_delta = factory.LazyFunction(dict)
