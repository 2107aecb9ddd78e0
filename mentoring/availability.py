"""When someone can meet: a set of (weekday, part of day) slots stored as a bitmask.

A bitmask keeps the answer in one integer column that a database constraint can
check (at least one slot) and that matching can compare for thousands of pairs at
once with a bitwise AND.
"""

from collections.abc import Iterable
from datetime import date, time, timedelta

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
PARTS_OF_DAY = ["morning", "afternoon", "evening"]

SLOTS: list[tuple[str, str]] = [(day, part) for day in WEEKDAYS for part in PARTS_OF_DAY]
# When a meeting in each part of the day starts, for a plan made from availability alone.
PART_STARTS = {"morning": time(10, 0), "afternoon": time(14, 0), "evening": time(17, 30)}
ALL_SLOTS = (1 << len(SLOTS)) - 1


def slot_bit(day: str, part: str) -> int:
    return 1 << SLOTS.index((day, part))


def to_mask(slots: Iterable[tuple[str, str]]) -> int:
    mask = 0
    for day, part in slots:
        mask |= slot_bit(day, part)
    return mask


def from_mask(mask: int) -> list[tuple[str, str]]:
    return [slot for index, slot in enumerate(SLOTS) if mask & (1 << index)]


def describe(mask: int) -> str:
    """In words, grouped by part of day: "Tuesday and Thursday mornings, Friday afternoon"."""
    phrases = []
    for part in PARTS_OF_DAY:
        days = [day for day in WEEKDAYS if mask & slot_bit(day, part)]
        if not days:
            continue
        if len(days) == len(WEEKDAYS):
            phrases.append(f"every weekday {part}")
            continue
        names = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]
        phrases.append(f"{names} {part}s" if len(days) > 1 else f"{names} {part}")
    return ", ".join(phrases)


def first_shared_slot(mask: int, *, on_or_after: date) -> tuple[date, time] | None:
    """The first day on or after `on_or_after` with a slot in `mask` (two people's
    availability ANDed), and when a meeting then would start; None for no shared slot."""
    slots = from_mask(mask)
    if not slots:
        return None
    for offset in range(7):
        day = on_or_after + timedelta(days=offset)
        for weekday, part in slots:
            if day.weekday() == WEEKDAYS.index(weekday):
                return day, PART_STARTS[part]
    return None
