"""Fetch what a person may see, or answer 404: the one place that decides."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from mentoring.models import Programme


def programme_for_visitor(user, slug: str) -> Programme:
    """Published programmes are public; coordinators may also preview drafts."""
    programmes = Programme.objects.all()
    if not (user.is_authenticated and user.is_coordinator):
        programmes = programmes.published()
    return get_object_or_404(programmes.prefetch_related("themes", "key_dates"), slug=slug)


def programme_to_apply_to(slug: str | None) -> Programme:
    """The programme /apply/ is about: the one named, or the current one."""
    if slug:
        return get_object_or_404(Programme.objects.published(), slug=slug)
    programme = Programme.objects.current()
    if programme is None:
        raise Http404("No programme is running.")
    return programme
