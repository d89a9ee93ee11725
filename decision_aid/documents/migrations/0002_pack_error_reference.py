"""A failed pack keeps only its error reference; the page words the message in the reader's
language (it was worded once, in the worker's language, when stored)."""

import re

from django.db import migrations, models

REFERENCE = re.compile(r"\b([0-9a-f]{8})\b")


def keep_references(apps, schema_editor):
    MdtPack = apps.get_model("documents", "MdtPack")
    for pack in MdtPack.objects.exclude(error="").only("pk", "error"):
        found = REFERENCE.search(pack.error)
        pack.error_reference = found.group(1) if found else "unknown"
        pack.save(update_fields=["error_reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="mdtpack",
            name="error_reference",
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.RunPython(keep_references, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="mdtpack",
            name="error",
        ),
    ]
