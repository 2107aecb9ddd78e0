"""The reminders' tests' clock: a Monday in winter, mid-morning, in the programme's time
zone (GMT all month: no change of the clocks in play). `clock` (tests/mentoring/conftest.py)
stops time there before the cast is made, so the pairing is not from the future."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

LONDON = ZoneInfo(settings.TIME_ZONE)
MONDAY = datetime(2027, 1, 11, 10, 30, tzinfo=LONDON)
