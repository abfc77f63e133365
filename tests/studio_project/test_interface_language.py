"""The web studio's own words in the user's language: the browser's before sign-in, the cultural context's after."""

import pytest
from django.test import Client

from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "words", "lang"),
    [
        ("zh-CN,zh;q=0.9", "登录", "zh-hans"),
        ("zh-TW", "登入", "zh-hant"),
        ("ms-MY,ms;q=0.9", "Log masuk", "ms"),
        ("en-GB", "Sign in", "en"),
    ],
)
def test_the_sign_in_page_follows_the_browser(header, words, lang):
    page = Client().get("/studio/login/", HTTP_ACCEPT_LANGUAGE=header)
    assert page.status_code == 200
    html = page.content.decode()
    assert words in html and f'<html lang="{lang}">' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"), [("zh-CN", "退出登录"), ("zh-TW", "登出"), ("ms", "Log keluar"), ("en", "Sign out")]
)
def test_the_studio_follows_the_users_cultural_context_over_the_browser(language, words):
    client = Client()
    client.force_login(UserFactory(cultural_context={"language": language, "source": "user_explicit"}))
    html = client.get("/studio/", HTTP_ACCEPT_LANGUAGE="fr-FR, en;q=0.5").content.decode()
    assert words in html
