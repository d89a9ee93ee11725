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


# --- Item 2: one record lifecycle -----------------------------------------------------------

LIFECYCLE = Path(settings.BASE_DIR) / "decision_aid" / "journey" / "lifecycle.py"
APP_MODULES = sorted(
    path
    for path in (Path(settings.BASE_DIR) / "decision_aid").rglob("*.py")
    if "migrations" not in path.parts and path != LIFECYCLE
)


def status_writes(path: Path) -> list[str]:
    """Where a module writes a record's status: ``x.status = ...``, ``status=RecordStatus.X``
    as a keyword (``update``, ``create``, ``filter(...).update``) or ``"status": RecordStatus.X``
    in a dict of changes. (Other models' statuses, such as an MDT pack's ``PackStatus``, are
    written with their own enum and are not records.)"""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def is_record_status(value: ast.AST) -> bool:
        return "RecordStatus" in ast.unparse(value)

    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = [
                t for t in node.targets if isinstance(t, ast.Attribute) and t.attr == "status"
            ]
        elif isinstance(node, ast.Call):
            targets = [k for k in node.keywords if k.arg == "status" and is_record_status(k.value)]
        elif isinstance(node, ast.Dict):
            targets = [
                v for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and k.value == "status" and is_record_status(v)
            ]  # fmt: skip
        found += [
            f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}: {ast.unparse(node)[:80]}"
            for _ in targets[:1]
        ]
    return found


def test_only_the_lifecycle_writes_a_records_status():
    """Every status change goes through journey/lifecycle.py, which refuses a transition the
    table does not allow and writes its audit event (ADR 0010)."""
    assert len(APP_MODULES) > 50
    found = [write for path in APP_MODULES for write in status_writes(path)]
    assert not found, "change a status with journey.lifecycle.transition:\n" + "\n".join(found)
    assert status_writes(LIFECYCLE)  # the check sees the lifecycle's own write


def test_the_check_sees_each_way_of_writing_a_status(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    module = tmp_path / "services.py"
    module.write_text(
        "def a(record):\n    record.status = 'reviewed'\n"
        "def b(qs):\n    qs.update(status=RecordStatus.REVIEWED)\n"
        "def c(qs):\n    qs.update(**{'status': RecordStatus.SUBMITTED})\n"
        "def d(qs):\n    qs.update(status=PackStatus.DONE)\n"
    )
    assert [line.split(":")[1] for line in status_writes(module)] == ["2", "4", "6"]
