"""The web studio's own words in the user's language: the browser's before sign-in, the cultural context's after."""

import re

import hanzidentifier
import pytest
from django.test import Client
from django.utils.html import escape

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


HAN = re.compile(r"[\u4e00-\u9fff]")
# The upload form's brief in each language: its legend, fields, a format, the plan rule of a Free user, the placeholder.
BRIEF_WORDS = {
    "zh-CN": ["你的需求", "这个视频是做什么用的？", "画幅", "场景数", "每个场景秒数", "分辨率", "16:9 横屏",
              "1080p 仅限专业版和企业版套餐；你的套餐是免费版，所以视频为 720p。", "（专业版和企业版）", "例如："],
    "zh-TW": ["你的需求", "這部影片是做什麼用的？", "畫面比例", "場景數", "每個場景秒數", "解析度", "16:9 橫式",
              "1080p 僅限專業版和企業版方案；你的方案是免費版，因此影片為 720p。", "（專業版和企業版）", "例如："],
    "ms": ["Taklimat anda", "Video ini untuk apa?", "Format", "Babak", "Saat setiap babak", "Resolusi",
           "16:9 landskap", "1080p untuk pelan Pro dan Perusahaan; pelan anda ialah Percuma, jadi video dihasilkan",
           "(Pro dan Perusahaan)", "cth. Teaser"],
    "en": ["Your brief", "What is the video for?", "Format", "Scenes", "Seconds a scene", "Resolution",
           "16:9 landscape", "1080p is for the Pro and Enterprise plans; your plan is Free, so videos are 720p.",
           "(Pro and Enterprise)", "e.g. A teaser"],
}  # fmt: skip
ENGLISH_BRIEF = ["Your brief", "What is the video for?", "Seconds a scene", "16:9 landscape", "plans; your plan"]


def brief_of(html):
    return re.search(r'<fieldset class="brief".*?</fieldset>', html, re.S).group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-CN", "zh-TW", "ms", "en"])
def test_the_upload_forms_brief_is_in_the_users_language(language):
    client = Client()
    client.force_login(UserFactory(plan="free", cultural_context={"language": language, "source": "user_explicit"}))
    brief = brief_of(client.get("/studio/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode())
    missing = [words for words in BRIEF_WORDS[language] if words not in brief and escape(words) not in brief]
    assert missing == []
    if language != "en":
        assert [words for words in ENGLISH_BRIEF if words in brief] == []
    kinds = {hanzidentifier.identify(c) for c in HAN.findall(brief)}
    if language == "zh-TW":
        assert hanzidentifier.SIMPLIFIED not in kinds and hanzidentifier.TRADITIONAL in kinds
    if language == "zh-CN":
        assert hanzidentifier.TRADITIONAL not in kinds and hanzidentifier.SIMPLIFIED in kinds


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "rule"),
    [
        ("zh-CN", "你的专业版套餐包含 1080p。"),
        ("ms", "Pelan Pro anda merangkumi 1080p."),
        ("en", "Your Pro plan includes 1080p."),
    ],
)
def test_a_pro_user_reads_that_the_plan_includes_1080p_in_their_language(language, rule):
    client = Client()
    client.force_login(UserFactory(plan="pro", cultural_context={"language": language, "source": "user_explicit"}))
    assert rule in brief_of(client.get("/studio/").content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("zh-CN", ["让 Studio Head 从我选择的导演中学习我的品味", "用户名", "电子邮箱", "密码"]),
        ("zh-TW", ["讓 Studio Head 從我選擇的導演中學習我的品味", "使用者名稱", "電子郵件", "密碼"]),
        (
            "ms-MY",
            ["Benarkan Ketua Studio mempelajari citarasa saya daripada pengarah yang saya pilih", "Nama pengguna"],
        ),
        ("en-GB", ["Let the Studio Head learn my taste from the directors I choose", "Username", "Email", "Password"]),
    ],
)
def test_the_sign_up_forms_labels_and_consent_follow_the_browser(header, words):
    html = Client().get("/studio/register/", HTTP_ACCEPT_LANGUAGE=header).content.decode()
    labels = " ".join(re.findall(r"<label[^>]*>(.*?)</label>", html, re.S))
    assert [w for w in words if w not in labels] == []
    if not header.startswith("en"):
        assert "Let the Studio Head" not in labels and "Username" not in labels
