"""The admin's forms, safe with anything posted to them.

- The search-as-you-type choice of a person or an application: Django's widget looks up
  the posted value to show it again when the form has an error; a value that is not an id
  (a forged " " or "²") made that look-up fail with a server error. Such a value is shown
  again as nothing chosen; the form's own validation already says it is not a valid choice.
- Inline rows: Django reads as many rows as the browser says it sent, up to 1,000 more than
  the inline's maximum, and renders each again; a forged count made one request take a
  minute. An inline here reads at most its `max_num` rows and says so beyond that."""

from django.contrib.admin.widgets import AutocompleteSelect

from accounts.admin_base import ModelAdmin
from accounts.bounds import posted_number


class ReadableAutocompleteSelect(AutocompleteSelect):
    """For models whose ids are numbers, as every model here chosen this way is."""

    def optgroups(self, name, value, attr=None):
        readable = [item for item in value if posted_number(str(item)) is not None]
        return super().optgroups(name, readable, attr)


class ReadableAutocompleteAdmin(ModelAdmin):
    """A ModelAdmin whose `autocomplete_fields` use the widget above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                ReadableAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BoundedInline:
    """Put first among an inline's bases, with `max_num` set."""

    def get_formset(self, request, obj=None, **kwargs):
        # The class's maximum: the admin sets the instance's to 0 when rows cannot be
        # added, and the existing rows are still sent.
        kwargs.setdefault("absolute_max", type(self).max_num)
        return super().get_formset(request, obj, **kwargs)
