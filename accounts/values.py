"""What the project's machinery asks of any Python value, whatever it holds."""


def hashable(value) -> bool:
    """Whether `value` can be looked up in a dict or a set: `hash` answers, not the type
    (`collections.abc.Hashable` calls a tuple holding a list hashable)."""
    try:
        hash(value)
    except TypeError:
        return False
    return True
