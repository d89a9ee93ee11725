"""Failed sign-ins written before review F7's fix kept what was typed as the user name
("username=..."), which may be a password or a patient's name. Each such row now says what a
new row says: the id of the account that name names, or "unknown user". Nothing else in the row
changes (when, from which request, that a sign-in failed)."""

from django.db import migrations

from decision_aid.core.signals import failed_sign_in_detail

OLD_PREFIX = "username="


def scrub_typed_usernames(apps, schema_editor):
    audit_event = apps.get_model("core", "AuditEvent")
    users = apps.get_model("auth", "User").objects
    old_rows = audit_event.objects.filter(action="login_failed", detail__startswith=OLD_PREFIX)
    for pk, detail in old_rows.values_list("pk", "detail").iterator():
        typed = detail.removeprefix(OLD_PREFIX)
        audit_event.objects.filter(pk=pk).update(detail=failed_sign_in_detail(users, typed))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_audit_two_factor"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(scrub_typed_usernames, migrations.RunPython.noop)]
