from django.urls import path

from decision_aid.journey import views

app_name = "journey"

urlpatterns = [
    path("start", views.start, name="start"),
    path("start/new", views.start_new, name="start-new"),
    path("your-code", views.your_code, name="your-code"),
    path("your-code/new", views.new_code, name="new-code"),
    path("carry-on", views.carry_on, name="carry-on"),
    path("leave", views.leave, name="leave"),
    path("signed-out", views.left, name="left"),
    path("t/<str:team_slug>", views.team_start, name="team-start"),
    path("steps/check-answers", views.check_answers, name="check-answers"),
    path("send", views.send, name="send"),
    path("steps/<slug:slug>", views.step_page, name="step"),
    path("steps/<slug:slug>/save/<str:field>", views.autosave, name="autosave"),
    path("options/not-usually-suitable", views.not_suitable, name="not-suitable"),
    path("options/<slug:option>", views.option_page, name="option"),
    path("submitted", views.submitted, name="submitted"),
    path("my-summary", views.my_summary, name="my-summary"),
]
