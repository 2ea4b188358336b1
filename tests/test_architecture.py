"""The apps are floors (``settings.PROJECT_APPS``, lowest first): an app imports only the floors
below it and never ``config``, which sits on top (settings, URLs, Celery). The graph is read
from the imports themselves, inside functions too, so a lazy import cannot hide a cycle."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
FLOORS = list(settings.PROJECT_APPS)


def imports_between_apps(root: Path = ROOT, floors: list[str] = FLOORS) -> list[tuple[str, str, str]]:
    """(importing app, imported app or config, "file:line") for every import that crosses apps."""
    known = set(floors) | {"config"}
    found = []
    for app in floors:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.split(".")[0]
                    if top in known and top != app:
                        found.append((app, top, f"{path.relative_to(root)}:{node.lineno}"))
    return found


def test_every_app_of_ours_is_a_floor():
    ours = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert ours == set(FLOORS), "an app is missing from PROJECT_APPS, or listed without existing"


def upward(found, floors: list[str] = FLOORS) -> list[str]:
    return [
        f"{where}: {app} imports {target}"
        for app, target, where in found
        if target == "config" or floors.index(target) > floors.index(app)
    ]


def test_no_app_imports_a_floor_above_it_or_config():
    assert upward(imports_between_apps()) == []


def test_the_check_finds_an_upward_import_even_inside_a_function(tmp_path):
    for app in ("core", "actionplans", "dashboard"):
        (tmp_path / app).mkdir()
    (tmp_path / "actionplans" / "views.py").write_text(
        "from core import charts\n\n\ndef page():\n    from dashboard import selectors\n"
    )
    (tmp_path / "core" / "charts.py").write_text("import config.settings\n")
    floors = ["core", "actionplans", "dashboard"]
    assert sorted(upward(imports_between_apps(tmp_path, floors), floors)) == [
        "actionplans/views.py:5: actionplans imports dashboard",
        "core/charts.py:1: core imports config",
    ]
