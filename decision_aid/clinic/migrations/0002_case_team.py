"""Case files carry their record's team, so the queue's MDT-date order reads one index."""

import django.db.models.deletion
from django.db import migrations, models


def copy_team_from_record(apps, schema_editor):
    CaseFile = apps.get_model("clinic", "CaseFile")
    DecisionRecord = apps.get_model("journey", "DecisionRecord")
    teams = DecisionRecord.objects.filter(pk=models.OuterRef("record_id")).values("team_id")
    CaseFile.objects.update(team_id=models.Subquery(teams[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0001_initial"),
        ("core", "0001_initial"),
        ("journey", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="casefile",
            name="team",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.team",
            ),
        ),
        migrations.RunPython(copy_team_from_record, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="casefile",
            name="team",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.team",
            ),
        ),
        migrations.AddIndex(
            model_name="casefile",
            index=models.Index(fields=["team", "mdt_date", "reference"], name="case_team_mdt"),
        ),
    ]
