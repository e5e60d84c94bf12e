from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0005_directory_search"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["id", "head_office_commune"], name="organisation_commune"),
        ),
    ]
