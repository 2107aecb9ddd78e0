from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "mentoring/home.html")


@login_required
def dashboard(request):
    return render(request, "mentoring/dashboard.html")
