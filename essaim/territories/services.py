"""Loading the official geography: idempotent, so it can run at every set-up."""

import csv
import json
from pathlib import Path

from django.db import transaction

from .models import Commune, Department, PostalCode, Region
from .text import normalise

# Metropolitan France and the overseas departments; the collectivités d'outre-mer are out of scope.
ZONES = {"metro", "drom"}


def _read_csv_column(path: Path, key: str, value: str) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[key]: row[value] for row in csv.DictReader(handle)}


@transaction.atomic
def territories_load(
    *, package_dir: Path, reference_dir: Path, department_codes: list[str] | None = None
) -> dict[str, int]:
    """Upsert regions, departments, communes and postal codes; return the counts loaded.

    `package_dir` is the data folder of npm @etalab/decoupage-administratif (COG 2026);
    `reference_dir` holds the shipped density grid and ZRR files (data/SOURCES.md).
    `department_codes` limits communes to some departments (tests load a few only).
    """
    regions = [
        r for r in json.loads((package_dir / "regions.json").read_text()) if r["zone"] in ZONES
    ]
    Region.objects.bulk_create(
        [Region(code=r["code"], name=r["nom"]) for r in regions],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name"],
    )
    departments = [
        d for d in json.loads((package_dir / "departements.json").read_text()) if d["zone"] in ZONES
    ]
    Department.objects.bulk_create(
        [Department(code=d["code"], name=d["nom"], region_id=d["region"]) for d in departments],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "region"],
    )

    density = _read_csv_column(
        reference_dir / "geo" / "grille_densite_communes_2024.csv", "CODGEO", "DENS"
    )
    zrr = _read_csv_column(
        reference_dir / "geo" / "zrr_communes_2021.csv", "code_insee", "statut_zrr"
    )
    communes = [
        c
        for c in json.loads((package_dir / "communes.json").read_text())
        if c["type"] == "commune-actuelle"
        and c["zone"] in ZONES
        and (department_codes is None or c["departement"] in department_codes)
    ]
    Commune.objects.bulk_create(
        [
            Commune(
                code=c["code"],
                name=c["nom"],
                search_name=normalise(c["nom"]),
                department_id=c["departement"],
                population=c.get("population"),
                density_level=int(density[c["code"]]) if density.get(c["code"]) else None,
                zrr_status=zrr.get(c["code"], ""),
            )
            for c in communes
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "search_name",
            "department",
            "population",
            "density_level",
            "zrr_status",
        ],
        batch_size=2000,
    )
    wanted = {(postal, c["code"]) for c in communes for postal in c.get("codesPostaux", [])}
    existing = set(PostalCode.objects.values_list("code", "commune_id"))
    PostalCode.objects.bulk_create(
        [PostalCode(code=code, commune_id=commune) for code, commune in wanted - existing],
        batch_size=5000,
    )
    if department_codes is None:
        stale = existing - wanted
        for code, commune in stale:
            PostalCode.objects.filter(code=code, commune_id=commune).delete()
    return {
        "regions": len(regions),
        "departments": len(departments),
        "communes": len(communes),
        "postal_codes": len(wanted),
    }
