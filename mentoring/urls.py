from django.urls import path

from mentoring.views import applications, dashboard, events, home, meetings, pairs, profile

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
    path("profile/details/", profile.profile_details, name="profile_details"),
    path("profile/nudges/", profile.profile_nudges, name="profile_nudges"),
    path("match/", pairs.pair_home, name="match"),
    path("match/<int:pk>/rules/", pairs.rules_agree, name="pair_rules_agree"),
    path("match/<int:pk>/purpose/", pairs.purpose_edit, name="pair_purpose"),
    path("match/<int:pk>/plan/", pairs.plan_year, name="pair_plan"),
    path("match/<int:pk>/office/", pairs.pair_request, name="pair_request"),
    path("match/<int:pk>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/", meetings.schedule, name="meetings"),
    path("meetings/calendar.ics", meetings.calendar_feed, name="calendar_feed"),
    path("meetings/calendar/new/", meetings.calendar_feed_new, name="calendar_feed_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/accept/", meetings.meeting_accept_view, name="meeting_accept"),
    path("meetings/<int:pk>/change/", meetings.meeting_change, name="meeting_change"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel_view, name="meeting_cancel"),
    path("meetings/<int:pk>/log/", meetings.meeting_log_view, name="meeting_log"),
    path("meetings/<int:pk>/meeting.ics", meetings.meeting_calendar, name="meeting_calendar"),
    path("events/", events.event_list, name="events"),
    path("events/<int:pk>/register/", events.register, name="event_register"),
    path("events/<int:pk>/cancel/", events.cancel, name="event_cancel"),
    path("events/<int:pk>/event.ics", events.event_calendar, name="event_calendar"),
]
