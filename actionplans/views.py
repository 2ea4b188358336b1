from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sectors import permissions

from . import selectors


@require_GET
def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = selectors.plan_get(code=code)
    if not permissions.can_view_plan(request.user, plan.sector):
        raise PermissionDenied
    return render(request, "actionplans/plan_detail.html", {"plan": plan, "sector": plan.sector})
