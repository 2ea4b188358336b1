"""Every stored choice is shown by its label: a field holding codes declares its choices (issue 12, item 10).

A field without ``choices`` has no ``get_FOO_display``: a template asking for it prints nothing
(the Status column of submitted reports was blank), Python code raises. Two checks: every field
that a check constraint limits to a list of codes declares a label for each of those codes, and
every ``get_FOO_display`` that a template or module calls exists on each model whose field FOO
holds a short code.
"""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CheckConstraint, Q

ROOT = Path(settings.BASE_DIR)
PROJECT_APPS = set(settings.PROJECT_APPS)


def _in_lookups(q: Q):
    for child in q.children:
        if isinstance(child, Q):
            yield from _in_lookups(child)
        elif isinstance(child, tuple) and child[0].endswith("__in") and "__" not in child[0][: -len("__in")]:
            yield child[0][: -len("__in")], child[1]


def project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


def test_every_field_limited_to_codes_declares_them_as_choices():
    checked = []
    for model in project_models():
        for constraint in model._meta.constraints:
            if not isinstance(constraint, CheckConstraint):
                continue
            for name, codes in _in_lookups(constraint.condition):
                field = model._meta.get_field(name)
                declared = {value for value, _label in (field.choices or [])}
                missing = set(codes) - declared
                assert not missing, f"{model.__name__}.{name} stores {sorted(missing)} with no label"
                checked.append(f"{model.__name__}.{name}")
    assert "InitiativeUpdate.status" in checked


def test_every_display_asked_for_exists():
    sources = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("templates/**/*.txt")]
    sources += [p for app in PROJECT_APPS for p in (ROOT / app).glob("**/*.py") if "migrations" not in p.parts]
    names = {m for path in sources for m in re.findall(r"get_(\w+?)_display", path.read_text())}
    assert "status" in names
    for model in project_models():
        for name in names:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if getattr(field, "max_length", None) and field.max_length > 40:
                continue  # free text (a survey's question), not a code
            assert hasattr(model, f"get_{name}_display"), f"{model.__name__}.{name} has no choices to display"
