"""What accountability adds to the plan page and an initiative's page: where the plan stands in the
governance chain, the sector's engagements, and the recommendations an initiative answers."""

from actionplans.pages import initiative_page, plan_page
from sectors import permissions

from . import selectors


@plan_page.add(template="accountability/includes/plan_sections.html")
def plan_accountability(*, plan, user) -> dict:
    return {
        "chain": selectors.plan_chain(plan=plan),
        "engagements": selectors.plan_engagements(plan=plan),
        "can_record": permissions.can_record_engagement(user, plan.sector),
        "can_record_approval": permissions.can_record_approval(user),
    }


@initiative_page.add(template="accountability/includes/initiative_recommendations.html")
def initiative_recommendations(*, initiative, user) -> dict:
    return {"recommendations": selectors.initiative_recommendations(initiative=initiative)}
