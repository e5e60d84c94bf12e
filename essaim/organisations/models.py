from typing import Self

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from essaim.accounts.models import Role
from essaim.core.models import HttpsURLField, TimeStampedModel
from essaim.territories.models import Commune

from .search import SearchDocument
from .validators import name_key, validate_organisation_name, validate_rna, validate_siret


class LegalForm(models.Model):
    """INSEE "catégorie juridique" (3 levels: 1 digit, 2 digits, 4 digits)."""

    code = models.CharField("code", max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField("niveau")
    label = models.CharField("libellé", max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = "forme juridique"
        verbose_name_plural = "formes juridiques"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.label}"


class ActivityCode(models.Model):
    """NAF rév. 2 code, at any of its 5 levels (section … sous-classe)."""

    code = models.CharField("code", max_length=6, primary_key=True)
    level = models.CharField("niveau", max_length=12)
    label = models.CharField("libellé", max_length=300)
    section = models.CharField("section", max_length=1)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = "code NAF"
        verbose_name_plural = "codes NAF"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.label}"


class Network(models.Model):
    """A network or federation carrying structures (data·inclusion "réseaux porteurs")."""

    slug = models.SlugField("identifiant", max_length=80, unique=True)
    name = models.CharField("nom", max_length=200)

    class Meta:
        verbose_name = "réseau"
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    SUPPORTED = "supported", "Structure de l'ESS"
    OPERATOR = "operator", "Opérateur de programme"
    FUNDER = "funder", "Financeur"
    SUPPORT_PROVIDER = "support_provider", "Structure d'accompagnement"


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def supported(self) -> Self:
        return self.filter(kind=OrganisationKind.SUPPORTED)

    def operators(self) -> Self:
        return self.filter(kind=OrganisationKind.OPERATOR)

    def with_location(self) -> Self:
        return self.select_related(
            "head_office_commune__department__region", "legal_form", "naf_code"
        )


class Organisation(TimeStampedModel):
    kind = models.CharField(
        "type", max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.SUPPORTED
    )
    name = models.CharField("nom", max_length=200, validators=[validate_organisation_name])
    # The name as a reader sees it (validators.name_key): look-alike names are refused on it.
    name_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    slug = models.SlugField("identifiant", max_length=220, unique=True)
    siren = models.CharField("SIREN", max_length=9, blank=True, db_index=True, editable=False)
    siret = models.CharField(
        "SIRET du siège", max_length=14, blank=True, validators=[validate_siret]
    )
    rna_number = models.CharField(
        "numéro RNA", max_length=10, blank=True, validators=[validate_rna]
    )
    legal_form = models.ForeignKey(
        LegalForm, verbose_name="forme juridique", null=True, blank=True, on_delete=models.PROTECT
    )
    is_ess = models.BooleanField("appartient à l'ESS", default=True)
    esus_approval = models.BooleanField("agrément ESUS", default=False)
    creation_date = models.DateField("date de création", null=True, blank=True)
    employees_fte = models.DecimalField(
        "salariés (ETP)",
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    volunteers = models.PositiveIntegerField("bénévoles", null=True, blank=True)
    head_office_commune = models.ForeignKey(
        Commune,
        verbose_name="commune du siège",
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # communes are reference data: never delete one in use
    )
    naf_code = models.ForeignKey(
        ActivityCode,
        verbose_name="secteur (code NAF)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": "sous_classe"},
    )
    naf_version = models.CharField("version NAF", max_length=10, default="rev2", editable=False)
    social_purpose = models.TextField("objet social", blank=True)
    description = models.TextField("présentation", blank=True)
    website = HttpsURLField("site web", blank=True)
    networks = models.ManyToManyField(Network, verbose_name="réseaux", blank=True)
    # For funders: their money includes EU funds, so attendance sheets carry the EU mention.
    eu_cofunding = models.BooleanField(
        "cofinancement européen (FEDER, FSE+…)",
        default=False,
        help_text="Pour un financeur : ses crédits comprennent des fonds européens.",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )
    # The directory's full-text document, kept by PostgreSQL (search.py); NULL on SQLite.
    search_vector = models.GeneratedField(
        expression=SearchDocument(), output_field=SearchVectorField(), db_persist=True
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "structure"
        ordering = ["name"]
        indexes = [
            # The directory lists one kind by name (pk breaks ties so pages never overlap).
            models.Index(fields=["kind", "name", "id"], name="organisation_directory"),
            # A call's applicants by department (the pipeline's filter) read each one's commune
            # from this index alone, not from its row (EXPLAIN on 200,000: 17 ms to 11 ms).
            models.Index(fields=["id", "head_office_commune"], name="organisation_commune"),
            # PostgreSQL only (migration 0005): prefix of a SIRET, words, parts of a name.
            models.Index(
                fields=["siret"],
                opclasses=["varchar_pattern_ops"],
                name="organisation_siret_prefix",
            ),
            GinIndex(fields=["search_vector"], name="organisation_search"),
            GinIndex(
                fields=["name_key"], opclasses=["gin_trgm_ops"], name="organisation_name_trgm"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"], condition=~Q(siret=""), name="unique_organisation_siret"
            ),
            models.CheckConstraint(
                condition=Q(employees_fte__isnull=True) | Q(employees_fte__gte=0),
                name="organisation_employees_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)  # derived, kept in step with the name
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.creation_date and self.creation_date > timezone.localdate():
            errors["creation_date"] = "La date de création ne peut pas être dans le futur."
        if self.kind == OrganisationKind.SUPPORTED and not (self.siret or self.rna_number):
            errors["siret"] = (
                "Indiquez le SIRET ou, pour une association sans SIRET, son numéro RNA."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def department(self):
        return self.head_office_commune.department if self.head_office_commune else None

    @property
    def region(self):
        department = self.department
        return department.region if department else None


# Which kind of organisation each membership role belongs to.
ROLE_ORGANISATION_KIND = {
    Role.MEMBER: OrganisationKind.SUPPORTED,
    Role.ADVISOR: OrganisationKind.OPERATOR,
    Role.FUNDER: OrganisationKind.FUNDER,
    Role.PROVIDER: OrganisationKind.SUPPORT_PROVIDER,
}


class Membership(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    job_title = models.CharField("fonction", max_length=120, blank=True)

    class Meta:
        verbose_name = "appartenance"
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    def clean(self):
        expected = ROLE_ORGANISATION_KIND.get(self.role)
        if expected and self.organisation_id and self.organisation.kind != expected:
            raise ValidationError(
                {"role": f"Ce rôle est réservé aux structures de type « {expected.label} »."}
            )
