"""The words the studio's scripts write, in the user's language: every gettext() string in static/studio/js has a
translation in each djangojs catalogue, and the page loads the catalogue of the language it speaks."""

import json
import re

import hanzidentifier
import pytest
from django.conf import settings
from django.test import Client
from django.utils.translation.trans_real import DjangoTranslation

from tests.factories import UserFactory

SCRIPTS = settings.BASE_DIR / "static" / "studio" / "js"
LANGUAGES = ["zh_Hans", "zh_Hant", "ms"]
LITERAL = r'"(?:[^"\\]|\\.)*"'
CALL = re.compile(rf"\b(n?)gettext\(\s*({LITERAL})(?:\s*,\s*({LITERAL}))?")
ANY_CALL = re.compile(r"\bn?gettext\(")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
HAN = re.compile(r"[\u4e00-\u9fff]")


def script_strings():
    """(file, singular, plural or None) for every gettext("...") and ngettext("...", "...", n) in the scripts."""
    found = []
    for path in sorted(SCRIPTS.glob("*.js")):
        if path.name == "i18n.js":  # defines the functions, calls none
            continue
        source = path.read_text()
        calls = CALL.findall(source)
        # a call whose text is not a literal (a variable, a template) could not be extracted or checked here
        assert len(calls) == len(ANY_CALL.findall(source)), f"{path.name}: gettext() of something not a literal"
        for plural_call, singular, plural in calls:
            assert bool(plural_call) == bool(plural), (path.name, singular)
            found.append((path.name, json.loads(singular), json.loads(plural) if plural else None))
    return found


def catalogue(language):
    return DjangoTranslation(language, domain="djangojs", localedirs=settings.LOCALE_PATHS)._catalog


def test_the_scripts_have_words_to_translate():
    strings = script_strings()
    files = {name for name, _, _ in strings}
    assert len(strings) > 200
    assert {"lounge.js", "storyboard.js", "job.js", "share.js", "notices.js", "upload.js"} <= files


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_script_string_has_a_translation_with_the_same_placeholders(language):
    translated = catalogue(language)
    missing, wrong = [], []
    for name, singular, plural in script_strings():
        text = translated.get((singular, 0) if plural else singular)
        if not text:
            missing.append((name, singular))
            continue
        wanted = set(PLACEHOLDER.findall(singular)) | set(PLACEHOLDER.findall(plural or ""))
        if set(PLACEHOLDER.findall(text)) != wanted:
            wrong.append((singular, text))
    assert missing == []
    assert wrong == []


def translations(language):
    """The translation of each script string (singular msgid, or its plural's first form), as the .mo holds it."""
    translated = catalogue(language)
    return [translated.get((singular, 0) if plural else singular) for _, singular, plural in script_strings()]


@pytest.mark.parametrize(
    ("language", "other"), [("zh_Hans", hanzidentifier.TRADITIONAL), ("zh_Hant", hanzidentifier.SIMPLIFIED)]
)
def test_each_chinese_catalogue_is_written_in_its_own_script(language, other):
    texts = [text for text in translations(language) if text]
    wrong = sorted({(c, text) for text in texts for c in HAN.findall(text) if hanzidentifier.identify(c) == other})
    assert wrong == []
    assert sum(1 for text in texts if HAN.search(text)) > 200  # written in Chinese, not left in English


def served_catalogue(client):
    """The catalogue the page's scripts get: the JSON object the served script assigns to `newcatalog`."""
    response = client.get("/studio/jsi18n/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    found = re.search(r"const newcatalog = (\{.*?\n  \});", response.content.decode(), re.S)
    return json.loads(found.group(1)) if found else {}


def signed_in(language):
    client = Client()
    client.force_login(UserFactory(cultural_context={"language": language, "source": "user_explicit"}))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "choose", "rewrites"),
    [
        ("zh-TW", "選擇 %(name)s", "還可重寫 %(count)s 次"),
        ("zh-CN", "选择 %(name)s", "还可重写 %(count)s 次"),
        ("ms", "Pilih %(name)s", "Tinggal %(count)s kali tulis semula"),
    ],
)
def test_the_catalogue_follows_the_users_cultural_context_over_the_browser(language, choose, rewrites):
    served = served_catalogue(signed_in(language))
    assert served["Choose %(name)s"] == choose
    assert served["%(count)s rewrite left"] == [rewrites]  # one plural form in Chinese and Malay


@pytest.mark.django_db
def test_an_english_user_gets_no_translations_and_the_page_loads_the_catalogue_before_its_scripts():
    client = signed_in("en")
    assert served_catalogue(client) == {}
    html = client.get("/studio/").content.decode()
    assert html.index('<script src="/studio/jsi18n/"></script>') < html.index('<script type="module"')
