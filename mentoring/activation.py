"""What making a programme active sets going, as its confirmation names it: other apps (the
evaluation's surveys) register who they will email once it is active, without mentoring
importing them."""

from collections.abc import Callable

from mentoring.models import Programme

# Each returns the people a programme's activation would email, as the confirmation lists
# them: {"name", "email", "note"} (admin/includes/confirm_list.html).
_ANNOUNCERS: list[Callable[[Programme], list[dict]]] = []


def register_announcer(announcer: Callable[[Programme], list[dict]]) -> None:
    if announcer not in _ANNOUNCERS:
        _ANNOUNCERS.append(announcer)


def announced_on_activation(programme: Programme) -> list[dict]:
    """Everyone the registered apps will email once `programme` is active, each once."""
    return [person for announcer in _ANNOUNCERS for person in announcer(programme)]
