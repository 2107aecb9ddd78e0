"""The admin's search-as-you-type choice of a person or an application, safe with any value
posted. Django's widget looks up the posted value to show it again when the form has an
error; a value that is not an id (a forged " ", "²" or 30 digits) made that look-up fail
with a server error. Such a value is shown again as nothing chosen; the form's own
validation already says it is not a valid choice."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect

from accounts.bounds import posted_number


class ReadableAutocompleteSelect(AutocompleteSelect):
    """For models whose ids are numbers, as every model here chosen this way is."""

    def optgroups(self, name, value, attr=None):
        readable = [item for item in value if posted_number(str(item)) is not None]
        return super().optgroups(name, readable, attr)


class ReadableAutocompleteAdmin(admin.ModelAdmin):
    """A ModelAdmin whose `autocomplete_fields` use the widget above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                ReadableAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
