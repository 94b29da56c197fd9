from . import suspensions


def restriction(request) -> dict:
    """The suspension or silencing in force for the person reading (the banner on every page; cached)."""
    user = getattr(request, "user", None)
    return {"restriction": suspensions.in_force(user) if user is not None else None}
