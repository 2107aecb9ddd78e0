from django.contrib import admin
from django.urls import include, path

from accounts.views import account_delete_view, personal_data_download
from config.health import healthz
from evaluation.views_report import report_view

urlpatterns = [
    # Before the admin's own URLs, which would otherwise answer for anything under admin/.
    path("admin/report/<slug:slug>/", admin.site.admin_view(report_view), name="programme_report"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("healthz", healthz, name="healthz"),
    path("surveys/", include("evaluation.urls")),
    # The person's own data: beside /profile/, but the account's, which knows every app.
    path("profile/data.json", personal_data_download, name="personal_data_download"),
    path("profile/delete/", account_delete_view, name="account_delete"),
    path("", include("mentoring.urls")),
]
