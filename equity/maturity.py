"""The six-stage continuum on becoming an anti-racist, multicultural institution (deck, Annex B/C).

Adapted in the deck from Crossroads Ministry (after Bailey Jackson and Rita Hardiman, further
developed by Andrea Avazian and Ronice Branding). The text is shown, in both languages,
wherever a sector chooses or reads its stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Stage:
    number: int
    name: Promise
    kind: Promise  # "A Segregated Institution", …
    band: Promise  # monocultural, multicultural, anti-racist, anti-racist multicultural
    signs: tuple[Promise, ...]


STAGES = (
    Stage(
        1,
        _("Exclusive"),
        _("A segregated institution"),
        _("Monocultural: racial and cultural differences seen as defects"),
        (
            _("Intentionally and publicly excludes or segregates racialized people."),
            _("Intentionally and publicly enforces the racist status quo throughout the institution."),
            _("Racism is built into formal policies, practices, teaching and decisions at every level."),
        ),
    ),
    Stage(
        2,
        _("Passive"),
        _("A “club” institution"),
        _("Monocultural: racial and cultural differences seen as defects"),
        (
            _("Tolerates a limited number of racialized people with the “proper” perspective and credentials."),
            _("May still quietly limit or exclude racialized people, against its public policies."),
            _("Keeps white power and privilege through its formal policies, practices and decisions."),
            _("Often declares: “We don't have a problem.”"),
        ),
    ),
    Stage(
        3,
        _("Symbolic change"),
        _("A multicultural institution"),
        _("Multicultural: tolerant of racial and cultural differences"),
        (
            _("Makes official policy statements on multicultural diversity."),
            _("Sees itself as a “non-racist” institution with open doors to racialized people."),
            _("Recruits “someone of colour” to committees or office staff."),
            _(
                "But: little or no change in culture, policies and decision-making; still largely unaware of continuing privilege, paternalism and control."
            ),
        ),
    ),
    Stage(
        4,
        _("Identity change"),
        _("An anti-racist institution"),
        _("Anti-racist: racial and cultural differences seen as assets"),
        (
            _(
                "Growing understanding of racism as a barrier to effective diversity; develops an analysis of systemic racism."
            ),
            _("Sponsors anti-racism training; new awareness of institutional white power and privilege."),
            _(
                "Develops an intentional identity as an anti-racist institution and begins to be accountable to racialized communities."
            ),
            _("But: the structures and culture that maintain white power and privilege are still largely untouched."),
        ),
    ),
    Stage(
        5,
        _("Structural change"),
        _("A transforming institution"),
        _("Anti-racist multicultural: racial and cultural differences seen as assets"),
        (
            _("Commits to restructuring the institution on the basis of an anti-racist analysis and identity."),
            _(
                "Audits and restructures every part of institutional life for the full participation of racialized people."
            ),
            _(
                "Puts in place inclusive decision-making and shared power at every level, with clear accountability to racialized communities."
            ),
        ),
    ),
    Stage(
        6,
        _("Fully inclusive"),
        _("A transformed institution in a transformed society"),
        _("Anti-racist multicultural: racial and cultural differences seen as assets"),
        (
            _("An institution and wider community that have overcome systemic racism."),
            _(
                "Full participation and shared power with diverse racial, cultural and economic groups in its mission, structure, policies and practices."
            ),
            _(
                "A sense of restored community and mutual care; allies with others against every form of social oppression."
            ),
        ),
    ),
)

STAGE_BY_NUMBER = {stage.number: stage for stage in STAGES}
STAGE_CHOICES = [(stage.number, stage.name) for stage in STAGES]
