class ReadOnlyAdminMixin:
    """A record the programme office reads and never adds to, edits or deletes (an email
    sent, a reminder, a request). Anything it can do to one is an action with its own
    permission and confirmation."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnlyAdminMixin:
    """Who may do what, and what signs a person in (groups, permissions, authenticators,
    email addresses): a superuser's alone, whatever permissions a group is given. A
    coordinator who could change them could grant themselves anything."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
