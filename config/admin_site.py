"""The programme office: the admin site of accounts.admin_site (staff only, allauth's sign-in),
named for the programme and opening on mentoring's start page. Django makes it `admin.site`
(config.apps.AdminConfig), so every `admin.register` registers on it."""

from accounts.admin_site import StaffAdminSite


class ProgrammeOfficeSite(StaffAdminSite):
    site_header = "Reverse mentoring: programme office"
    site_title = "Reverse mentoring admin"
    index_title = "Programme office"

    def index(self, request, extra_context=None):
        """The index opens on what needs attention in the current programme."""
        # Imported here: mentoring's admin modules register on this site as they load,
        # so they cannot be loaded while it is being made.
        from mentoring.admin.start import start_page_context

        context = {**start_page_context(request), **(extra_context or {})}
        return super().index(request, extra_context=context)
