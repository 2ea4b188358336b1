"""Fetch-and-check: a plan comes out of here only to someone ``sectors.permissions`` lets at it.

Each helper reads the object, asks the rule once, and raises 403 (404 when there is none), so a
view never holds an object it was not allowed (Zulip's ``access_stream_by_id``). The rules live in
``sectors.permissions``; this floor holds the helpers because it is the lowest that has the model.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sectors import permissions

from . import selectors
from .models import ActionPlan


def plan_for_edit(user, code: str) -> ActionPlan:
    """The sector's current plan, if this person may change it; 403 otherwise (nothing is read or written)."""
    plan = selectors.plan_for_sector(code=code)
    if not permissions.can_edit_plan(user, plan.sector):
        raise PermissionDenied
    return plan


def plan_for_reading(user, code: str) -> ActionPlan:
    """The sector's current plan, if this person may read it; 403 otherwise."""
    plan = selectors.plan_for_sector(code=code)
    if not permissions.can_view_plan(user, plan.sector):
        raise PermissionDenied
    return plan
