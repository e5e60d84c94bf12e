"""Every write to organisations and memberships goes through these functions."""

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction

from essaim.accounts.models import Role, User
from essaim.accounts.selectors import memberships_forget
from essaim.core.services import audit_event_record, model_changes, unique_slug
from essaim.territories.models import Commune

from .models import ActivityCode, LegalForm, Membership, Network, Organisation
from .validators import compact_identifier, name_key


class OrganisationData(TypedDict, total=False):
    """What a person fills in about an organisation (OrganisationForm.service_data)."""

    name: str
    siret: str
    rna_number: str
    legal_form: LegalForm | None
    is_ess: bool
    esus_approval: bool
    creation_date: date | None
    employees_fte: Decimal | None
    volunteers: int | None
    head_office_commune: Commune | None
    naf_code: ActivityCode | None
    social_purpose: str
    description: str
    website: str
    # Set by administrators only (the admin form): what the organisation is on the platform.
    kind: str
    eu_cofunding: bool


def ensure_distinct_name(organisation: Organisation) -> None:
    """Refuse a name that only differs from another one by case, accents or invisible
    characters: partners pick co-applicants by name, and a look-alike would receive their file."""
    twin = (
        Organisation.objects.filter(name_key=name_key(organisation.name))
        .exclude(name=organisation.name)
        .exclude(pk=organisation.pk)
        .first()
    )
    if twin is not None:
        raise ValidationError(
            {
                "name": ValidationError(
                    "Ce nom se lit comme celui de « %(other)s », déjà sur essaim : il ne doit "
                    "pas s'en distinguer seulement par des majuscules, des accents ou des "
                    "caractères invisibles. Si c'est votre structure, demandez à la rejoindre.",
                    code="look_alike",
                    params={"other": twin.name},
                )
            }
        )


def _normalise_identifiers(data: OrganisationData) -> OrganisationData:
    data = data.copy()
    if "siret" in data:
        data["siret"] = compact_identifier(data["siret"])
    if "rna_number" in data:
        data["rna_number"] = compact_identifier(data["rna_number"])
    return data


@transaction.atomic
def organisation_create(
    *,
    actor: User,
    data: OrganisationData,
    networks: Iterable[Network] = (),
    join_as: Role | None = Role.MEMBER,
) -> Organisation:
    """Create an organisation; the acting user becomes its first member unless `join_as` is None."""
    data = _normalise_identifiers(data)
    organisation = Organisation(**data)
    organisation.siren = organisation.siret[:9]
    organisation.slug = unique_slug(Organisation, organisation.name, fallback="structure")
    organisation.full_clean()
    ensure_distinct_name(organisation)
    organisation.save()
    organisation.networks.set(networks)
    if join_as is not None:
        membership_create(actor=actor, user=actor, organisation=organisation, role=join_as)
    audit_event_record(actor=actor, obj=organisation, action="organisation.created")
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: User,
    organisation: Organisation,
    data: OrganisationData,
    networks: Iterable[Network] | None = None,
) -> Organisation:
    # Reload the row: a bound ModelForm has already written the new values onto its instance.
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    data = _normalise_identifiers(data)
    changes = model_changes(organisation, data)
    organisation.siren = organisation.siret[:9]
    if "name" in changes:
        organisation.slug = unique_slug(
            Organisation, organisation.name, fallback="structure", exclude_pk=organisation.pk
        )
    organisation.full_clean()
    ensure_distinct_name(organisation)
    organisation.save(update_fields=[*changes, "siren", "slug", "updated_at"])
    if networks is not None:
        networks = list(networks)
        before = set(organisation.networks.values_list("pk", flat=True))
        organisation.networks.set(networks)
        after = {n.pk for n in networks}
        if before != after:
            changes["networks"] = [sorted(before), sorted(after)]
    if changes:
        audit_event_record(
            actor=actor, obj=organisation, action="organisation.updated", changes=changes
        )
    return organisation


@transaction.atomic
def membership_create(
    *, actor: User, user: User, organisation: Organisation, role: Role, job_title: str = ""
) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"job_title": job_title}
    )
    if created:
        membership.full_clean()
        audit_event_record(
            actor=actor,
            obj=organisation,
            action="membership.created",
            changes={"user": user.email, "role": role},
        )
        memberships_forget(user)  # the same request may go on to ask for its roles
    return membership


@transaction.atomic
def membership_update(
    *, actor: User, membership: Membership, role: Role, job_title: str
) -> Membership:
    """Change a user's role or job title in an organisation (the admin's membership forms)."""
    changes = model_changes(membership, {"role": role, "job_title": job_title})
    if changes:
        membership.full_clean()
        membership.save(update_fields=[*changes, "updated_at"])
        audit_event_record(
            actor=actor,
            obj=membership.organisation,
            action="membership.updated",
            changes={"user": membership.user.email, **changes},
        )
        memberships_forget(membership.user)
    return membership


@transaction.atomic
def membership_delete(*, actor: User, membership: Membership) -> None:
    """Take a role away from a user; the audit row keeps who had it."""
    audit_event_record(
        actor=actor,
        obj=membership.organisation,
        action="membership.deleted",
        changes={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()
    memberships_forget(membership.user)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


@transaction.atomic
def nomenclatures_load(*, reference_dir: Path) -> dict[str, int]:
    """Upsert legal forms, NAF codes and networks from the shipped files (data/SOURCES.md)."""
    folder = reference_dir / "nomenclatures"
    legal_forms = list(_rows(folder / "categories_juridiques.csv"))
    # Parents first, so the self foreign key always points at an existing row.
    for level in ("1", "2", "3"):
        LegalForm.objects.bulk_create(
            [
                LegalForm(
                    code=r["code"],
                    level=int(r["niveau"]),
                    label=r["libelle"],
                    parent_id=r["code_parent"] or None,
                )
                for r in legal_forms
                if r["niveau"] == level
            ],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["level", "label", "parent"],
        )
    naf = list(_rows(folder / "naf_rev2.csv"))
    for level in ("section", "division", "groupe", "classe", "sous_classe"):
        ActivityCode.objects.bulk_create(
            [
                ActivityCode(
                    code=r["code"],
                    level=r["niveau"],
                    label=r["libelle"],
                    section=r["code_section"],
                    parent_id=r["code_parent"] or None,
                )
                for r in naf
                if r["niveau"] == level
            ],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["level", "label", "section", "parent"],
        )
    networks = list(_rows(folder / "reseaux_porteurs_data_inclusion.csv"))
    Network.objects.bulk_create(
        [Network(slug=r["value"], name=r["label"]) for r in networks],
        update_conflicts=True,
        unique_fields=["slug"],
        update_fields=["name"],
    )
    return {"legal_forms": len(legal_forms), "naf_codes": len(naf), "networks": len(networks)}
