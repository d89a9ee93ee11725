from django.contrib.auth import views as auth_views
from django.urls import path

from decision_aid.clinic import two_factor, views

app_name = "clinic"

urlpatterns = [
    path("login", views.LoginView.as_view(), name="login"),
    path("logout", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor", two_factor.verify, name="two-factor"),
    path("two-factor/set-up", two_factor.set_up, name="two-factor-set-up"),
    path("team", two_factor.team_members, name="team-members"),
    path("team/<int:user_id>/reset-two-factor", two_factor.reset_member, name="reset-two-factor"),
    path("", views.queue, name="queue"),
    path("invite", views.invite, name="invite"),
    path("claim", views.claim, name="claim"),
    path("audit", views.audit_trail, name="audit"),
    path("patients/<uuid:record_id>", views.patient, name="patient"),
    path("patients/<uuid:record_id>/notes", views.add_note, name="add-note"),
    path("patients/<uuid:record_id>/profile", views.change_profile, name="change-profile"),
    path("patients/<uuid:record_id>/mdt-date", views.change_mdt_date, name="change-mdt-date"),
    path("patients/<uuid:record_id>/status", views.set_status, name="set-status"),
    path("patients/<uuid:record_id>/code", views.reissue_code, name="reissue-code"),
    path("patients/<uuid:record_id>/code/revoke", views.revoke_code, name="revoke-code"),
    path("patients/<uuid:record_id>/code/lift-hold", views.lift_code_hold, name="lift-code-hold"),
    path("patients/<uuid:record_id>/decision", views.record_decision, name="record-decision"),
    path("sent/<uuid:sent_id>", views.unmatched, name="unmatched"),
    path("sent/<uuid:sent_id>/match", views.confirm_match, name="confirm-match"),
    path("sent/<uuid:sent_id>/not-ours", views.not_our_patient, name="not-our-patient"),
]
