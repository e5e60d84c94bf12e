from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0008_co_applicant_history"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["call", "-submitted_at", "id"], name="application_pipeline"),
        ),
    ]
