from django.urls import path

from decision_aid.documents import views

app_name = "documents"

urlpatterns = [
    path("my-summary.pdf", views.my_summary_pdf, name="my-summary-pdf"),
    path("clinic/patients/<uuid:record_id>/mdt-summary.pdf", views.mdt_summary_pdf,
         name="mdt-summary-pdf"),
    path("clinic/patients/<uuid:record_id>/patient-summary.pdf", views.patient_copy_pdf,
         name="patient-copy-pdf"),
    path("clinic/poster.pdf", views.team_poster_pdf, name="team-poster-pdf"),
    path("clinic/packs", views.packs, name="packs"),
    path("clinic/packs/<uuid:pack_id>", views.pack, name="pack"),
    path("clinic/packs/<uuid:pack_id>/download", views.pack_download, name="pack-download"),
    path("clinic/packs/<uuid:pack_id>/retry", views.pack_retry, name="pack-retry"),
]  # fmt: skip
