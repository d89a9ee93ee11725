"""Issue 18 item 1: views stay thin. No view module touches ``Model.objects``: they call the
selectors (reads scoped to the user's team) and services (writes, with their audit events), so
the access rules and the audit trail live in one place each. A check that fails, beside the
import-linter layers in ``make lint``."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

VIEW_MODULES = sorted(
    path
    for path in (Path(settings.BASE_DIR) / "decision_aid").rglob("*.py")
    if path.name == "views.py" or (path.parent.name == "clinic" and path.name == "two_factor.py")
)


def objects_uses(path: Path) -> list[str]:
    """``Something.objects`` anywhere in a module, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]


def test_no_view_module_touches_model_objects():
    assert len(VIEW_MODULES) >= 5  # every app's views are looked at
    found = [use for path in VIEW_MODULES for use in objects_uses(path)]
    assert not found, "use a selector or a service instead:\n" + "\n".join(found)


def test_the_check_sees_a_use_of_objects(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    module = tmp_path / "views.py"
    module.write_text("def page(request):\n    return Thing.objects.get(pk=1)\n")
    assert objects_uses(module) == ["views.py:2: Thing.objects"]
