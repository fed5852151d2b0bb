"""Risk-management plans: owner, actions, tasks for local officers, reviews on a schedule, reminders.

A separate app from ``risk`` (the DASH assessments a plan starts from) so that
the two can be built at the same time without their migrations colliding.
Plans depend on risk; risk never depends on plans.
"""
