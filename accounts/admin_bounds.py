"""The admin's forms, safe with anything posted to them.

- Inline rows: Django reads as many rows as the browser says it sent, up to 1,000 more than
  the inline's maximum, and renders each again; a forged count made one request take a
  minute. An inline here reads at most its `max_num` rows and says so beyond that."""


class BoundedInline:
    """Put first among an inline's bases, with `max_num` set."""

    def get_formset(self, request, obj=None, **kwargs):
        # The class's maximum: the admin sets the instance's to 0 when rows cannot be
        # added, and the existing rows are still sent.
        kwargs.setdefault("absolute_max", type(self).max_num)
        return super().get_formset(request, obj, **kwargs)
