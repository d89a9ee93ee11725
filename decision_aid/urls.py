from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from decision_aid.content import views as content_views
from decision_aid.core import views as core_views

# The admin needs a verified second factor, not a password alone (issue 17, F8). Its sign-in
# page asks for the code from the authenticator app (django-otp's documented way to do this).
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", core_views.start_page, name="start"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "about-this-information",
        content_views.about_this_information,
        name="about-this-information",
    ),
    path("glossary", content_views.glossary, name="glossary"),
    path(
        "accessibility-statement",
        core_views.accessibility_statement,
        name="accessibility-statement",
    ),
    path("privacy", core_views.privacy_notice, name="privacy"),
    path("cookies", core_views.cookies, name="cookies"),
    path("", include("decision_aid.journey.urls")),
    path("clinic/", include("decision_aid.clinic.urls")),
    path("", include("decision_aid.documents.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "decision_aid.core.views.bad_request"
handler403 = "decision_aid.core.views.permission_denied"
handler404 = "decision_aid.core.views.page_not_found"
handler500 = "decision_aid.core.views.server_error"
