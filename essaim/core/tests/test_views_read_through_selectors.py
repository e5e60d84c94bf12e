"""Views query nothing themselves (issue 8 §6): they read through selectors and fetch a row
through a policy's visible queryset with `get_visible_or_404`, so a forbidden row is as absent as
a missing one and the queries a page makes live in one place."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def views_modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts
        and (
            path.name == "views.py" or path.name.startswith("views_") or path.parent.name == "views"
        )
    )


def queries_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append((node.lineno, ".objects."))
        elif isinstance(node, ast.Call):
            called = node.func
            name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", None)
            if name == "get_object_or_404":
                found.append((node.lineno, "get_object_or_404("))
    return [f"{path.relative_to(ROOT.parent)}:{line}: {what}" for line, what in sorted(found)]


def test_the_scan_sees_every_app_with_views():
    apps = {path.relative_to(ROOT).parts[0] for path in views_modules()}
    assert {"applications", "cohorts", "core", "programmes", "sessions", "portal"} <= apps


def test_no_view_queries_the_database_itself():
    offenders = [offence for path in views_modules() for offence in queries_in(path)]
    assert not offenders, "views query the database themselves:\n" + "\n".join(offenders)
