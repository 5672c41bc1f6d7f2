from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail.admin import urls as wagtailadmin_urls

from safeguard.directory.api import api as oruk_api
from safeguard.notifications.api import api

admin.site.site_header = "Safeguard administration"
admin.site.site_title = "Safeguard administration"

urlpatterns = [
    # The admin signs in through Safeguard's own sign-in, with its second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:sign_in", query_string=True), name="admin_login"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # The services directory as Open Referral UK data (docs/adr/0026-services-directory-on-open-referral-uk.md).
    path("oruk/", oruk_api.urls),
    # The editor's admin (Wagtail) signs in through Safeguard's own sign-in too; the gate in front of it
    # is safeguard/content/middleware.py.
    path("cms/login/", RedirectView.as_view(pattern_name="accounts:sign_in", query_string=True), name="cms_login"),
    path("cms/", include(wagtailadmin_urls)),
    path("", include("safeguard.manual.urls")),
    path("", include("safeguard.directory.urls")),
    path("", include("safeguard.learning.urls")),
    path("", include("safeguard.consultations.urls")),
    path("", include("safeguard.partnership.urls")),
    path("", include("safeguard.home.urls")),
    path("", include("safeguard.core.urls")),
    path("", include("safeguard.accounts.urls")),
    path("", include("safeguard.reference.urls")),
    path("", include("safeguard.records.urls")),
    path("", include("safeguard.register.urls")),
    path("", include("safeguard.allegations.urls")),
    path("", include("safeguard.notifications.urls")),
    path("", include("safeguard.missing.urls")),
    path("", include("safeguard.exploitation.urls")),
    path("", include("safeguard.inclusion.urls")),
    path("", include("safeguard.education.urls")),
]

handler400 = "safeguard.core.views.bad_request"
handler403 = "safeguard.core.views.permission_denied"
handler404 = "safeguard.core.views.page_not_found"
handler500 = "safeguard.core.views.server_error"
