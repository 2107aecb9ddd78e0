from django.shortcuts import redirect, render

from mentoring.access import programme_for_visitor
from mentoring.selectors import current_programme


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    programme = current_programme(request)
    if programme is None:
        return render(request, "mentoring/no_programme.html")
    return programme_detail(request, programme.slug)


def programme_detail(request, slug):
    programme = programme_for_visitor(request.user, slug)
    return render(request, "mentoring/programme_detail.html", {"programme": programme})
