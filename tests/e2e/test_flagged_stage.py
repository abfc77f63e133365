"""A blank frame in the web studio: the FLAGGED stage shows The Eye's reason, no Lounge, and can be cancelled."""

import pytest
from PIL import Image

from director.models import JobStatus, VisionJob
from tests.e2e.test_web_studio import assert_clean, expect, register, upload, wait_for_stage
from tests.photos import encode

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_blank_frame_is_flagged_with_its_reason_and_can_be_cancelled(worker, studio_context, live_server, tmp_path):
    context, watch = studio_context
    page = context.new_page()
    register(page, "grey")
    job_id = upload(page, tmp_path, encode(Image.new("RGB", (640, 480), (128, 128, 128))), "grey.jpg")
    wait_for_stage(page, "FLAGGED")
    panel = page.get_by_test_id("flagged")
    expect(panel.get_by_role("alert")).to_contain_text("The Eye flagged this image: its integrity is 0.40")
    expect(panel).to_contain_text("nothing is charged")
    expect(page.get_by_test_id("pitch")).to_have_count(0)
    expect(page.locator(".stepper__step.is-failed")).to_have_count(1)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel").click()
    wait_for_stage(page, "CANCELLED")
    assert VisionJob.objects.get(pk=job_id).status == JobStatus.CANCELLED
    assert_clean(watch)
