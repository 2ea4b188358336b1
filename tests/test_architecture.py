"""The apps are floors (``settings.PROJECT_APPS``, lowest first): an app imports only the floors
below it and never ``config``, which sits on top (settings, URLs, Celery). The graph is read
from the imports themselves, inside functions too, so a lazy import cannot hide a cycle."""

import ast
import re
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


# Templates are floors too: ``templates/<app>/`` belongs to ``<app>``; the site's own layout
# (``base.html``, ``includes/``, the error pages, ``admin/``) sits with ``core``, below every app. A template
# includes or extends only templates of its floor or below, and loads only tag libraries of its
# floor or below (Django's own and the libraries we install are below everything).
TEMPLATE_TAG = re.compile(r"{%\s*(load|include|extends)\s+(.+?)\s*%}")


def tag_library_floors(root: Path = ROOT, floors: list[str] = FLOORS) -> dict[str, str]:
    return {
        path.stem: app for app in floors for path in (root / app).glob("templatetags/*.py") if path.stem != "__init__"
    }


def templates_reaching_up(root: Path = ROOT, floors: list[str] = FLOORS) -> list[str]:
    libraries = tag_library_floors(root, floors)
    found = []
    for path in sorted((root / "templates").rglob("*.html")):
        parts = path.relative_to(root / "templates").parts
        app = parts[0] if len(parts) > 1 and parts[0] in floors else None
        level = floors.index(app) if app else 0
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for verb, argument in TEMPLATE_TAG.findall(line):
                if verb == "load":
                    reached = {libraries[name] for name in argument.split() if name in libraries}
                else:
                    name = argument.split()[0].strip("\"'")
                    top = name.split("/")[0] if "/" in name else None
                    reached = {top} if top in floors else set()
                for target in reached:
                    if floors.index(target) > level:
                        found.append(f"{path.relative_to(root)}:{number}: {verb} {argument} ({target})")
    return found


def test_no_template_includes_or_loads_from_a_floor_above_it():
    assert templates_reaching_up() == []


def test_the_template_check_finds_an_include_and_a_library_from_above(tmp_path):
    for app in ("core", "actionplans", "equity"):
        (tmp_path / app / "templatetags").mkdir(parents=True)
    (tmp_path / "equity" / "templatetags" / "equity_tags.py").write_text("")
    (tmp_path / "core" / "templatetags" / "typography.py").write_text("")
    (tmp_path / "templates" / "actionplans").mkdir(parents=True)
    (tmp_path / "templates" / "equity").mkdir()
    (tmp_path / "templates" / "actionplans" / "page.html").write_text(
        '{% extends "base.html" %}{% load i18n typography equity_tags %}\n{% include "equity/x.html" with a=1 %}\n'
    )
    (tmp_path / "templates" / "equity" / "x.html").write_text(
        '{% include "actionplans/page.html" %}{% load typography %}'
    )
    (tmp_path / "templates" / "base.html").write_text("{% load equity_tags %}")
    floors = ["core", "actionplans", "equity"]
    assert templates_reaching_up(tmp_path, floors) == [
        "templates/actionplans/page.html:1: load i18n typography equity_tags (equity)",
        'templates/actionplans/page.html:2: include "equity/x.html" with a=1 (equity)',
        "templates/base.html:1: load equity_tags (equity)",
    ]
