"""Facts for the demo data, read from the TOML files in ``demo/data`` (rules in their README).

TOML has no null: an unknown date or capacity is left out of the file and comes back here as
``None``, so the loader sees the same shapes as before. Dates are TOML dates, hence
``datetime.date``.
"""

import tomllib
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Keys the sources may leave unknown: absent from the files, None here.
COHORT_OPTIONAL = ("start", "end")
CALL_OPTIONAL = ("opens_on", "closes_on", "capacity")


def _read(name):
    with (DATA_DIR / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def _programme(name):
    data = _read(name)
    for cohort in data.get("cohorts", []):
        for key in COHORT_OPTIONAL:
            cohort.setdefault(key, None)
    if "call" in data:
        for key in CALL_OPTIONAL:
            data["call"].setdefault(key, None)
    return data


OPERATORS = _read("operators")["operators"]
ESSOR = _programme("essor")
DLA_PDL = _programme("dla_pdl")
TRESSONS = _programme("tressons")
