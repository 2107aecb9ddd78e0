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
