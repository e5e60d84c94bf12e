import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from essaim.core.migrations_ops import PostgreSQLOnly


class Migration(migrations.Migration):

    dependencies = [
        ("territories", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        PostgreSQLOnly(
            migrations.AddIndex(
                model_name="commune",
                index=django.contrib.postgres.indexes.GinIndex(
                    fields=["search_name"], name="commune_search_trgm", opclasses=["gin_trgm_ops"]
                ),
            )
        ),
    ]
