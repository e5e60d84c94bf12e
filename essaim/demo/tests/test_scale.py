import io
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from essaim.accounts.models import Role, User
from essaim.applications.models import APPLICATION_LIFECYCLE, Application, ApplicationStatus
from essaim.cohorts.models import MEMBERSHIP_LIFECYCLE, Cohort, CohortMembership
from essaim.demo.scale import SCALE_PASSWORD, Options, generate_scale
from essaim.organisations.models import Membership, Organisation, OrganisationKind
from essaim.organisations.validators import validate_rna, validate_siret
from essaim.programmes.models import CALL_LIFECYCLE, Call, CallStatus, Programme
from essaim.sessions.models import (
    PARTICIPANT_LIFECYCLE,
    SESSION_LIFECYCLE,
    Attendance,
    Participant,
    Session,
)
from essaim.territories.models import Commune

pytestmark = pytest.mark.django_db

SMALL = Options(
    organisations=300,
    operators=4,
    programmes=8,
    calls=16,
    applications=200,
    big_call=60,
    cohorts=12,
    sessions=240,
    attendance=600,
    seed=7,
)


def quiet(_line: str) -> None:
    pass


@pytest.fixture
def generated(db):
    return generate_scale(SMALL, report=quiet)


def identity():
    return list(Organisation.objects.order_by("pk").values_list("name", "siret", "rna_number"))


def test_counts_match_the_options(generated):
    assert Organisation.objects.supported().count() == 300
    assert Organisation.objects.operators().count() == 4
    assert Programme.objects.count() == 8
    assert Call.objects.count() == 16
    assert Application.objects.count() == 200
    assert Cohort.objects.count() == 12
    assert Session.objects.count() == 240
    assert Attendance.objects.count() == 600
    assert generated["warnings"] == []


def test_the_big_call_is_open_and_the_biggest(generated):
    sizes = Call.objects.annotate(n=Count("applications")).order_by("-n")
    big, second = sizes[0], sizes[1]
    assert big.n == 60 > second.n
    assert big.is_open
    assert big.capacity >= 27  # its admissions fit: no place override without a reason


def test_same_seed_same_data_and_another_seed_other_data(generated):
    first = identity()
    generate_scale(SMALL, reset=True, report=quiet)
    assert identity() == first
    generate_scale(Options(**{**SMALL.__dict__, "seed": 8}), reset=True, report=quiet)
    assert identity() != first


def test_identifiers_are_valid_and_unique(generated):
    rows = Organisation.objects.values_list("kind", "siret", "siren", "rna_number")
    sirets = [siret for _kind, siret, _siren, _rna in rows if siret]
    assert len(sirets) == len(set(sirets)) > 250
    for kind, siret, siren, rna in rows:
        if siret:
            validate_siret(siret)
            assert siren == siret[:9]
        if rna:
            validate_rna(rna)
        if kind == OrganisationKind.SUPPORTED:
            assert siret or rna
    assert any(rna and not siret for _k, siret, _s, rna in rows)  # associations without SIRET
    names = Organisation.objects.values_list("name_key", flat=True)
    assert len(set(names)) == len(names)  # no look-alike names


def test_organisations_spread_over_the_communes_with_reference_codes(generated):
    supported = Organisation.objects.supported()
    communes = supported.values("head_office_commune").distinct().count()
    assert not supported.filter(head_office_commune__isnull=True).exists()
    forms = Counter(supported.values_list("legal_form__code", flat=True))
    assert forms.most_common(1)[0][0] == "9220"  # associations first
    assert supported.filter(naf_code__level="sous_classe").count() == 300
    assert communes > 200  # 300 organisations: spread over the country, not piled in cities
    departments = supported.values("head_office_commune__department").distinct().count()
    assert departments == Commune.objects.values("department").distinct().count()


def walked(lifecycle, start: str, rows) -> str:
    """The status reached by following `rows` (transition, from, to) from `start`; fails on a
    move the lifecycle does not allow or a row that does not follow the previous one."""
    status = start
    for name, source, target in rows:
        assert source == status, (name, source, status)
        if name == "create":
            status = target
            continue
        assert status in lifecycle[name].sources and lifecycle[name].target == target, name
        status = target
    return status


def history(queryset, key: str) -> dict[int, list[tuple[str, str, str]]]:
    rows = defaultdict(list)
    for subject, name, source, target in queryset.order_by("created_at", "pk").values_list(
        key, "transition", "from_status", "to_status"
    ):
        rows[subject].append((name, source, target))
    return rows


def test_each_status_is_where_its_logged_moves_lead(generated):
    applications = Application.objects.all()
    logs = history(APPLICATION_LIFECYCLE.log.objects, "application_id")
    statuses = Counter()
    for pk, status, submitted_at in applications.values_list("pk", "status", "submitted_at"):
        assert walked(APPLICATION_LIFECYCLE, ApplicationStatus.DRAFT, logs[pk]) == status
        assert (submitted_at is None) == all(name != "submit" for name, _f, _t in logs[pk])
        statuses[status] += 1
    assert len(statuses) >= 8  # the pipeline has files at every stage
    assert (
        not Application.objects.exclude(status=ApplicationStatus.DRAFT)
        .filter(created_by__isnull=True)
        .exists()
    )
    calls = history(CALL_LIFECYCLE.log.objects, "call_id")
    for pk, status in Call.objects.values_list("pk", "status"):
        assert walked(CALL_LIFECYCLE, CallStatus.DRAFT, calls[pk]) == status
    memberships = history(MEMBERSHIP_LIFECYCLE.log.objects, "membership_id")
    for pk, status in CohortMembership.objects.values_list("pk", "status"):
        assert memberships[pk][0][0] == "create"
        assert walked(MEMBERSHIP_LIFECYCLE, "", memberships[pk]) == status
    sessions = history(SESSION_LIFECYCLE.log.objects, "session_id")
    for pk, status in Session.objects.values_list("pk", "status"):
        assert walked(SESSION_LIFECYCLE, Session.Status.SCHEDULED, sessions[pk]) == status
    registrations = history(PARTICIPANT_LIFECYCLE.log.objects, "participant_id")
    for pk, status in Participant.objects.filter(pk__in=registrations).values_list("pk", "status"):
        assert walked(PARTICIPANT_LIFECYCLE, "", registrations[pk]) == status
    assert Session.objects.filter(status=Session.Status.CANCELLED).exists()


def test_attendance_only_on_past_sessions_by_expected_people(generated):
    now = timezone.now()
    for attendance in Attendance.objects.select_related("session"):
        session = attendance.session
        assert session.starts_at + timedelta(minutes=session.duration_minutes) < now
        assert session.status == Session.Status.SCHEDULED
    expected = set(
        Participant.objects.filter(status=Participant.Status.EXPECTED).values_list(
            "session_id", "user_id"
        )
    )
    assert set(Attendance.objects.values_list("session_id", "user_id")) <= expected
    assert Session.objects.filter(starts_at__gt=now).exists()  # and sessions still to come


def test_people_have_roles_and_the_shared_password(generated):
    advisors = Membership.objects.filter(role=Role.ADVISOR)
    assert advisors.exclude(organisation__kind=OrganisationKind.OPERATOR).count() == 0
    assert advisors.values("organisation").distinct().count() == 4
    members = Membership.objects.filter(role=Role.MEMBER)
    assert members.exclude(organisation__kind=OrganisationKind.SUPPORTED).count() == 0
    assert Membership.objects.filter(role=Role.EXPERT).exists()
    assert Membership.objects.filter(role=Role.FUNDER).exists()
    user = members.select_related("user").first().user
    assert user.check_password(SCALE_PASSWORD)
    assert user.emailaddress_set.get().verified
    assert User.objects.filter(is_superuser=True).count() == 1


def test_texts_are_french_sentences(generated):
    application = Application.objects.exclude(need="").first()
    assert len(application.need.split(". ")) >= 3
    assert "lorem" not in application.need.lower()
    organisation = Organisation.objects.supported().exclude(description="").first()
    assert organisation.name in organisation.description


def test_refuses_a_database_with_data_unless_reset(db):
    Organisation.objects.create(name="Déjà là", slug="deja-la", siret="")
    args = ["--organisations", "40", "--operators", "2", "--programmes", "3", "--calls", "5"]
    args += ["--applications", "20", "--big-call", "8", "--cohorts", "3", "--sessions", "30"]
    args += ["--attendance", "40"]
    with pytest.raises(CommandError, match="--reset"):
        call_command("generate_scale", *args, stdout=io.StringIO())
    out = io.StringIO()
    call_command("generate_scale", *args, "--reset", stdout=out)
    assert not Organisation.objects.filter(slug="deja-la").exists()
    assert Organisation.objects.supported().count() == 40
    assert "organisations_organisation" in out.getvalue()  # the time of each table
    assert SCALE_PASSWORD in out.getvalue()
