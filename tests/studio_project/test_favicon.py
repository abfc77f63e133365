"""/favicon.ico, which browsers fetch on every admin page, answers with Studio's icon rather than a 404."""

from pathlib import Path

from django.test import Client

ICON = Path(__file__).resolve().parents[2] / "static" / "favicon.ico"


def test_favicon_redirects_to_the_static_icon(settings, db):
    settings.WHITENOISE_USE_FINDERS = True  # serve static files without collectstatic, as DEBUG does
    client = Client()  # a fresh client builds its middleware with the setting above
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/")
    assert b"".join(icon.streaming_content) == ICON.read_bytes()


def test_the_icon_is_a_real_ico_with_the_usual_sizes():
    from PIL import Image

    with Image.open(ICON) as image:
        assert image.format == "ICO"
        assert {(16, 16), (32, 32)} <= image.info["sizes"]
