"""The panels other floors add to the plan page and an initiative's page (``core.panels``)."""

from core.panels import Panels

plan_page = Panels("plan page")  # provider(*, plan, user) -> context
initiative_page = Panels("initiative page")  # provider(*, initiative, user) -> context
