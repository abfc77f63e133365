from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from director.views import SharePageView
from ratelimit.guards import limit_attempts
from studio_project.health import health


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico on every page without an icon link (the admin): send them to the static file.

    Not permanent: with collected static files the target's name carries the file's hash.
    """

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")


admin_login = limit_attempts("login", what="login attempts", ip="login_ip", username="login_username")(admin.site.login)

urlpatterns = [
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/", include("accounts.urls")),
    path("api/v1/", include("director.urls")),
    path("api/v1/", include("learning.urls")),
    path("api/v1/", include("audit.urls")),
    path("studio/", include("studio_project.web")),
    path("share/<str:token>/", SharePageView.as_view(), name="share-page"),
    path("", RedirectView.as_view(url="/studio/", permanent=False)),
]

handler400 = "studio_project.errors.bad_request"
handler404 = "studio_project.errors.page_not_found"
handler500 = "studio_project.errors.server_error"
