from django.contrib import admin
from django.urls import path

from decision_aid.core import views as core_views

urlpatterns = [
    path("", core_views.start_page, name="start"),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler400 = "decision_aid.core.views.bad_request"
handler403 = "decision_aid.core.views.permission_denied"
handler404 = "decision_aid.core.views.page_not_found"
handler500 = "decision_aid.core.views.server_error"
