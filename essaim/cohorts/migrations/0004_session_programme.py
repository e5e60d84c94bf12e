import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def programme_fill(apps, schema_editor):
    """Existing sessions take their cohort's programme, else their methodology step's."""
    Session = apps.get_model("cohorts", "Session")
    Cohort = apps.get_model("cohorts", "Cohort")
    ProgrammeStep = apps.get_model("programmes", "ProgrammeStep")
    Session.objects.filter(cohort__isnull=False).update(
        programme=Subquery(Cohort.objects.filter(pk=OuterRef("cohort")).values("programme")[:1])
    )
    Session.objects.filter(cohort__isnull=True, methodology_step__isnull=False).update(
        programme=Subquery(
            ProgrammeStep.objects.filter(pk=OuterRef("methodology_step")).values("programme")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0003_session_title_single_line"),
        ("programmes", "0003_decision_template_validators"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="programme",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="sessions",
                to="programmes.programme",
                verbose_name="programme",
            ),
        ),
        migrations.RunPython(programme_fill, migrations.RunPython.noop),
    ]
