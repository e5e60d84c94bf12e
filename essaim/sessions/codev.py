"""Co-development (Payette & Champagne, DOMAIN.md §3.1): the six stages, the roles, and the
timer of the stage under way. Plain Python (no ORM): services and pages share it."""

from datetime import datetime, timedelta

# (key, label, planned minutes, what happens)
CODEV_STAGES = [
    ("expose", "Exposé", 10, "Le client présente sa situation, sans être interrompu."),
    ("clarification", "Clarification", 10, "Questions d'information, sans conseil."),
    ("contrat", "Contrat", 5, "Le client formule l'aide qu'il attend."),
    (
        "consultation",
        "Consultation",
        25,
        "Impressions, hypothèses, expériences ; pas de recherche de consensus.",
    ),
    (
        "synthese",
        "Synthèse et plan d'action",
        10,
        "Le client retient ce qui l'aide et énonce ses actions.",
    ),
    ("apprentissages", "Apprentissages", 10, "Chacun dit ce qu'il retient et évalue la séance."),
]
CODEV_ROLES = {"client": "Client", "consultant": "Consultant·e", "facilitator": "Animation"}
STAGE_MINUTES = (1, 180)  # shortest and longest stage an animator may plan


def codev_default_stages() -> list[dict]:
    return [{"key": k, "label": label, "minutes": m} for k, label, m, _hint in CODEV_STAGES]


def stage_hint(key: str) -> str:
    return {k: hint for k, _label, _minutes, hint in CODEV_STAGES}.get(key, "")


def stage_timer(*, started_at: datetime, minutes: int, now: datetime) -> dict:
    """Where the stage's timer stands at `now`: its end, the seconds left (never below 0), the
    « mm:ss » shown before the script takes over, and whether the stage runs over."""
    ends_at = started_at + timedelta(minutes=minutes)
    left = (ends_at - now).total_seconds()
    shown = int(max(left, 0))
    return {
        "started_at": started_at,
        "ends_at": ends_at,
        "ends_at_iso": ends_at.replace(microsecond=0).isoformat(),
        "seconds_left": shown,
        "left_label": f"{shown // 60:02d}:{shown % 60:02d}",
        "overtime": left < 0,
    }
