from datetime import date

from django.core.exceptions import ValidationError

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
