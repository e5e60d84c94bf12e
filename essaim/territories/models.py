from django.contrib.postgres.indexes import GinIndex
from django.db import models

# INSEE grille communale de densité: levels 5 to 7 are "rural" (data/SOURCES.md).
RURAL_DENSITY_LEVELS = (5, 6, 7)


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, verbose_name="région", on_delete=models.PROTECT)

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class DensityLevel(models.IntegerChoices):
    LARGE_URBAN_CENTRE = 1, "Grands centres urbains"
    INTERMEDIATE_URBAN_CENTRE = 2, "Centres urbains intermédiaires"
    SMALL_TOWN = 3, "Petites villes"
    URBAN_BELT = 4, "Ceintures urbaines"
    RURAL_TOWN = 5, "Bourgs ruraux"
    RURAL_DISPERSED = 6, "Rural à habitat dispersé"
    RURAL_VERY_DISPERSED = 7, "Rural à habitat très dispersé"


class ZrrStatus(models.TextChoices):
    CLASSIFIED = "C", "Classée en ZRR"
    NOT_CLASSIFIED = "NC", "Non classée en ZRR"
    PARTIALLY_CLASSIFIED = "PC", "Partiellement classée en ZRR"


class CommuneQuerySet(models.QuerySet):
    def rural(self):
        return self.filter(density_level__in=RURAL_DENSITY_LEVELS)


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=100)
    # Lower-case, accents and punctuation removed: what the search-as-you-type matches.
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    department = models.ForeignKey(Department, verbose_name="département", on_delete=models.PROTECT)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    density_level = models.PositiveSmallIntegerField(
        "grille de densité 2024", choices=DensityLevel.choices, null=True, blank=True
    )
    zrr_status = models.CharField("ZRR 2021", max_length=2, choices=ZrrStatus.choices, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["name", "code"]
        indexes = [
            # The picker finds a later word of the name (« lo » → Saint-Lô): a trigram index
            # instead of reading the 35,000 communes at each key typed. PostgreSQL only
            # (migration 0002); the b-tree of search_name serves the name's start.
            GinIndex(
                fields=["search_name"], opclasses=["gin_trgm_ops"], name="commune_search_trgm"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.department_id})"

    @property
    def is_rural(self) -> bool | None:
        if self.density_level is None:
            return None
        return self.density_level in RURAL_DENSITY_LEVELS


class PostalCode(models.Model):
    """A La Poste postal code served by a commune (a commune may have several, and vice versa)."""

    code = models.CharField("code postal", max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postal_codes")

    class Meta:
        verbose_name = "code postal"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "commune"], name="unique_postal_code_commune")
        ]

    def __str__(self):
        return self.code
