from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def ping(request):
    """The cheapest signed-in page: the session and the user, and nothing else."""
    return HttpResponse(f"signed in as {request.user.pk}", content_type="text/plain")


urlpatterns = [
    path("bench/ping", ping, name="bench_ping"),
    path("", include("config.urls")),
]
