"""The web studio speaks the signed-in user's language: their cultural context's, else the browser's."""

from django.utils import translation

from director.culture import DJANGO_LANGUAGE, normalised


class CulturalLanguageMiddleware:
    """After LocaleMiddleware (browser, cookie) and authentication: a signed-in user's context decides."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.cultural_context:
            language = DJANGO_LANGUAGE[normalised(user.cultural_context)["language"]]
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
