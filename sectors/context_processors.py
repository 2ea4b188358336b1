"""What the navigation bar offers, asked of ``permissions`` only when a page draws it."""

from . import permissions


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_dashboard": lambda: permissions.can_view_dashboard(user),
        "nav_periods": lambda: permissions.can_manage_periods(user),
        "nav_trackers": lambda: permissions.can_view_trackers(user),
        "nav_evidence": lambda: permissions.can_view_evidence(user),
        "nav_feedback": lambda: permissions.can_triage_feedback(user),
        "nav_engagements": lambda: permissions.can_view_all_engagements(user),
    }
