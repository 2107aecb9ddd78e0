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
    coordinator who could change them could grant themselves anything. It only narrows: what
    the admin itself refuses (`SeenAndRemovedOnlyAdminMixin`), superusers may not do either."""

    def has_module_permission(self, request):
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class SeenAndRemovedOnlyAdminMixin:
    """An authenticator is set up by its owner, from their own app: its data (the TOTP
    secret, the recovery codes' seed, encrypted at rest) is neither shown nor typed in the
    admin, where a value made by hand would lock its owner out, or sign in whoever typed
    it as them. A superuser sees who has which, and removes one its owner lost, who then
    sets one up anew."""

    exclude = ("data",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
