"""The queue's SURE score and leaning come from the version she sent, not from answers she is
still changing (issue 16 item 5). Recompute them for every record from its latest submission."""

from django.db import migrations

# The four SURE questions as they were when this migration was written (a migration keeps its
# own copy rather than importing code that may change).
SURE_KEYS = ("sure_sure", "sure_understand", "sure_risk_benefit", "sure_encouragement")


def _sure_score(answers):
    values = [answers.get(key) for key in SURE_KEYS]
    if not any(values):
        return None
    return sum(value == "yes" for value in values)


def scores_from_sent(apps, schema_editor):
    DecisionRecord = apps.get_model("journey", "DecisionRecord")
    Submission = apps.get_model("journey", "Submission")
    for record in DecisionRecord.objects.only("pk", "submitted_version").iterator():
        latest = (
            Submission.objects.filter(record_id=record.pk)
            .order_by("-version")
            .only("answers")
            .first()
        )
        answers = latest.answers if latest is not None else {}
        DecisionRecord.objects.filter(pk=record.pk).update(
            sure_score=_sure_score(answers), leaning=answers.get("leaning") or ""
        )


class Migration(migrations.Migration):
    dependencies = [("journey", "0003_record_access_generation")]

    operations = [migrations.RunPython(scores_from_sent, migrations.RunPython.noop)]
