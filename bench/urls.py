from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

# Every page's layout (base.html: the navigation with the person's links, the messages)
# around an empty page.
LAYOUT = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>Layout</h1>{% endblock content %}'
)


@login_required
def ping(request):
    """The cheapest signed-in page: the session and the user, and nothing else."""
    return HttpResponse(f"signed in as {request.user.pk}", content_type="text/plain")


@login_required
def layout(request):
    """What every page costs before its own content: the ping, then the shared layout."""
    return HttpResponse(LAYOUT.render({}, request))


urlpatterns = [
    path("bench/ping", ping, name="bench_ping"),
    path("bench/layout", layout, name="bench_layout"),
    path("", include("config.urls")),
]
