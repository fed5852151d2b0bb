from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

MAX_AGE_YEARS = 120


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def validate_date_of_birth(value: date) -> None:
    """A date of birth is not in the future and not more than 120 years ago."""
    today = date.today()
    if value > today:
        raise ValidationError("The date of birth is in the future.", code="dob_future")
    if value < years_before(today, MAX_AGE_YEARS):
        raise ValidationError(f"The date of birth is more than {MAX_AGE_YEARS} years ago.", code="dob_too_old")


# A move may be recorded the evening before it happens, and an API client's clock may run ahead of the
# force's; further ahead is a mistake, and would close the current (perhaps confidential) address early.
ADDRESS_DAYS_AHEAD = 1


def validate_address_date(value: date) -> None:
    """An address date is at most a day after today in the force's time zone, and not before living memory."""
    today = timezone.localdate()
    if value > today + timedelta(days=ADDRESS_DAYS_AHEAD):
        raise ValidationError("The date is too far in the future: give a date no later than tomorrow.", code="future")
    if value < years_before(today, MAX_AGE_YEARS):
        raise ValidationError(f"The date is more than {MAX_AGE_YEARS} years ago.", code="too_old")
