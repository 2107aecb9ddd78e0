from django.db import models
from django.dispatch import Signal

# Sent after an invitation is accepted, inside the accepting transaction, with
# `invitation` and `user`. Apps built on accounts (mentoring adds board members
# to their programme) connect here, so accounts never imports them.
invitation_accepted = Signal()


# Sent after a queryset's update() changed rows of a model whose querysets are
# `UpdatesSignalled` (Django sends no post_save then), with `sender` the model and
# `update_fields` the fields set, as post_save has them. What keeps facts derived from such
# rows (mentoring.navigation) connects here as it does to post_save.
rows_updated = Signal()

# Sent after a queryset's bulk_create() saved rows of a model whose querysets are
# `UpdatesSignalled` (Django sends no post_save then), with `sender` the model. Connected to
# as `rows_updated` is.
rows_created = Signal()


class UpdatesSignalled(models.QuerySet):
    def update(self, **kwargs):
        changed = super().update(**kwargs)
        if changed:
            rows_updated.send(sender=self.model, update_fields=frozenset(kwargs))
        return changed

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            rows_created.send(sender=self.model)
        return created
