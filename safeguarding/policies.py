"""Who may do what to one safeguarding record: one function per action, on accounts/reach.py."""


def can_view_clocks(user) -> bool:
    return user.has_perm("safeguarding.view_clocks")
