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


def _module_name(root: Path, path: Path) -> tuple[str, str]:
    """(dotted module name, the package its relative imports start from) of a file."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def imports_inside_apps(root: Path = ROOT, floors: list[str] = FLOORS) -> dict[str, dict[str, str]]:
    """For every module of our apps, the other modules of its own app it imports: {module: {imported: "file:line"}}.

    Absolute (``from reporting import services``, ``import reporting.services``) and relative
    (``from . import services``, ``from .services import x``) imports count, inside functions too.
    ``from package import name`` counts as importing the module ``package.name`` when there is one.
    """
    graph: dict[str, dict[str, str]] = {}
    for app in floors:
        paths = [path for path in sorted((root / app).rglob("*.py")) if "migrations" not in path.parts]
        modules = {_module_name(root, path)[0] for path in paths}
        for path in paths:
            name, package = _module_name(root, path)
            edges = graph.setdefault(name, {})
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Import):
                    targets = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    if node.level:
                        base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                        start = ".".join(base + ([node.module] if node.module else []))
                    else:
                        start = node.module or ""
                    targets = [start] + [f"{start}.{alias.name}" for alias in node.names]
                else:
                    continue
                for target in targets:
                    if target in modules and target != name and target.split(".")[0] == app:
                        edges.setdefault(target, f"{path.relative_to(root)}:{node.lineno}")
    return graph


def imported_back(graph: dict[str, dict[str, str]]) -> list[str]:
    return sorted(
        f"{where}: {module} imports {target}, which imports it back ({graph[target][module]})"
        for module, edges in graph.items()
        for target, where in edges.items()
        if module < target and module in graph.get(target, {})
    )


def test_no_module_imports_a_module_of_its_app_that_imports_it_back():
    """services may read through selectors, or selectors call a rule of services, never both:
    a pair that imports each other has one module too many (lazy imports inside functions too)."""
    assert imported_back(imports_inside_apps()) == []


def test_the_check_finds_modules_of_an_app_that_import_each_other(tmp_path):
    (tmp_path / "reporting").mkdir()
    (tmp_path / "reporting" / "__init__.py").write_text("")
    (tmp_path / "reporting" / "models.py").write_text("")
    (tmp_path / "reporting" / "services.py").write_text(
        "from .models import Report\n\n\ndef send():\n    from . import selectors\n"
    )
    (tmp_path / "reporting" / "selectors.py").write_text("from reporting.services import send\nfrom . import models\n")
    (tmp_path / "reporting" / "tasks.py").write_text("import reporting.services\n")
    assert imported_back(imports_inside_apps(tmp_path, ["reporting"])) == [
        "reporting/selectors.py:1: reporting.selectors imports reporting.services, "
        "which imports it back (reporting/services.py:5)"
    ]
