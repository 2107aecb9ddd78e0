"""The ModelAdmin every list in the programme office is built on.

Django draws each row's selection checkbox by rendering a form widget: three templates a
row, 40% of the time of a 100-row list of applications. The same markup is written here
directly (`tests/accounts/test_admin_row_checkbox.py` holds it to Django's)."""

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils.html import format_html


class RowCheckboxMixin:
    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" '
            'aria-label="Select this object for an action - {}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            str(obj),
        )


class ModelAdmin(RowCheckboxMixin, admin.ModelAdmin):
    pass
