"""Writes of the safeguarding app (keyword-only, typed, one transaction each)."""

from .civil import civil_order_record
from .protection import (
    age_on,
    breach_record,
    notice_authorise,
    notice_draft,
    notice_hearing_record,
    notice_refuse,
    notice_serve,
    order_notification_record,
    order_vary,
)

__all__ = [
    "age_on",
    "breach_record",
    "civil_order_record",
    "notice_authorise",
    "notice_draft",
    "notice_hearing_record",
    "notice_refuse",
    "notice_serve",
    "order_notification_record",
    "order_vary",
]
