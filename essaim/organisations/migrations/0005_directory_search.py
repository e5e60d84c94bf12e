import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

import essaim.organisations.search
from essaim.core.migrations_ops import PostgreSQLOnly

# French stemming after accents are removed: the configuration the search document and the
# directory's queries name (essaim.organisations.search.SEARCH_CONFIG).
CREATE_CONFIG = """
CREATE TEXT SEARCH CONFIGURATION essaim_french (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION essaim_french
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("organisations", "0004_organisation_eu_cofunding"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        PostgreSQLOnly(
            migrations.RunSQL(CREATE_CONFIG, "DROP TEXT SEARCH CONFIGURATION essaim_french;")
        ),
        migrations.AddField(
            model_name="organisation",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=essaim.organisations.search.SearchDocument(),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["kind", "name", "id"], name="organisation_directory"),
        ),
        PostgreSQLOnly(
            migrations.AddIndex(
                model_name="organisation",
                index=models.Index(
                    fields=["siret"],
                    name="organisation_siret_prefix",
                    opclasses=["varchar_pattern_ops"],
                ),
            )
        ),
        PostgreSQLOnly(
            migrations.AddIndex(
                model_name="organisation",
                index=django.contrib.postgres.indexes.GinIndex(
                    fields=["search_vector"], name="organisation_search"
                ),
            )
        ),
        PostgreSQLOnly(
            migrations.AddIndex(
                model_name="organisation",
                index=django.contrib.postgres.indexes.GinIndex(
                    fields=["name_key"], name="organisation_name_trgm", opclasses=["gin_trgm_ops"]
                ),
            )
        ),
    ]
