from django.urls import path

from mentoring.views import applications, dashboard, events, home, match, profile

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
    path("profile/", profile.profile, name="profile"),
    path("match/", match.my_match, name="match"),
    path("events/", events.event_list, name="events"),
    path("events/<int:pk>/register/", events.register, name="event_register"),
    path("events/<int:pk>/cancel/", events.cancel, name="event_cancel"),
    path("events/<int:pk>/event.ics", events.event_calendar, name="event_calendar"),
]
