from django.urls import path

from mentoring.views import applications, dashboard, home

urlpatterns = [
    path("", home.home, name="home"),
    path("programmes/<slug:slug>/", home.programme_detail, name="programme_detail"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("apply/", applications.apply, name="apply"),
    path("apply/withdraw/", applications.withdraw, name="apply_withdraw"),
    path(
        "apply/line-manager/<str:token>/",
        applications.line_manager_answer_view,
        name="line_manager_answer",
    ),
]
