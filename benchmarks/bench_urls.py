"""URLs for the benchmark process: the app's own, plus a bare view as the floor."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The floor: the same settings and middleware, no app work at all."""
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/bare", bare),
    path("", include("decision_aid.urls")),
]
