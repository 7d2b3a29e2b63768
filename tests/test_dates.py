"""Dates as feeds write them."""

from __future__ import annotations

import datetime as dt
import email.utils

from hypothesis import given
from hypothesis import strategies as st

from wren.pipeline.dates import rfc822

offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)


@given(st.datetimes(timezones=st.one_of(st.none(), st.just(dt.UTC), offsets)))
def test_rfc822_dates_are_written_as_the_email_package_writes_them(value: dt.datetime) -> None:
    assert rfc822(value) == email.utils.format_datetime(value)


def test_an_rfc822_date_names_its_weekday_and_month() -> None:
    value = dt.datetime(2026, 1, 31, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert rfc822(value) == "Sat, 31 Jan 2026 09:30:00 +0200"
