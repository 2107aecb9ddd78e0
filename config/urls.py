from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts.access import staff_access_allowed
from accounts.admin_site import app_list_sorted_once
from accounts.views import account_delete_view, personal_data_download
from config.health import healthz
from evaluation.views_report import report_view
from mentoring.admin.start import with_start_page

# The admin signs people in through allauth, so its rate limits and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)


def admin_permission(request) -> bool:
    """The admin, and every page wrapped in its admin_view (the match board, the report,
    survey results), follows the one staff rule: an authenticator must be set up. The
    middleware already sends such an account to the set-up; this holds without it too."""
    return staff_access_allowed(request.user)


admin.site.has_permission = admin_permission
# The sidebar of every page lists the site's models: named once each, not at each comparison.
admin.site.get_app_list = app_list_sorted_once(admin.site)
admin.site.site_header = "Reverse mentoring: programme office"
admin.site.site_title = "Reverse mentoring admin"
admin.site.index_title = "Programme office"
# The index opens on what needs attention in the current programme.
admin.site.index = with_start_page(admin.site.index)

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
