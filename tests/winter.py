"""The tests' clocks, in the programme's time zone. MONDAY, the reminders' clock: a Monday in
winter, mid-morning (GMT all month: no change of the clocks in play); `clock`
(tests/mentoring/conftest.py) stops time there before the cast is made, so the pairing is not
from the future. JUNE, the events' and exemptions' clock: mid-June, mid-morning (summer time),
which `june` (tests/mentoring/conftest.py) sets running."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

LONDON = ZoneInfo(settings.TIME_ZONE)
MONDAY = datetime(2027, 1, 11, 10, 30, tzinfo=LONDON)
# Nine in the morning of that Monday: reminders about a day go out.
WINTER_MORNING = MONDAY.replace(hour=9, minute=0)
JUNE = datetime(2026, 6, 15, 10, 0, tzinfo=LONDON)
