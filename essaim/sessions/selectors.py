"""Reads on sessions: the planner's proposals and checks, who may facilitate, the pages' lists,
hours of support and attendance rates (query-bounded: the cohort page calls these)."""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format

from essaim.accounts.models import Role, User
from essaim.cohorts.models import Cohort, CohortMembership
from essaim.core.french import date_range_fr, month_range_fr
from essaim.core.models import AuditEvent
from essaim.organisations.models import Membership, Organisation
from essaim.programmes.models import Programme, ProgrammeStep

from .codev import codev_default_stages
from .models import (
    OPEN_KINDS,
    Attendance,
    CalendarFeed,
    CodevSession,
    Participant,
    ParticipantTransition,
    Session,
    SessionTransition,
)
from .planner import PARIS, holiday_name, overlaps
from .policies import facilitated_ids, participation_ids, visible_sessions

SIGNING_MARGIN = timedelta(minutes=30)  # signing opens 30 min before the start, closes 30 after
# Audit action recording the guests e-mailed an invitation (read back by session_guests).
GUESTS_ACTION = "session.guests_invited"

# --- The planner's checks (its rules are in planner.py) -------------------------------------------


@dataclass
class DateCheck:
    """What the planner says about one proposed date before anything is saved."""

    starts_at: datetime | None
    in_past: bool = False
    holiday: str = ""
    conflicts: list[str] = field(default_factory=list)
    moved_from: date | None = None  # set by the planner when the proposal skipped a holiday
    moved_holiday: str = ""

    @property
    def needs_confirmation(self) -> bool:
        return self.in_past or bool(self.holiday)


def planner_checks(
    starts: list[datetime | None],
    *,
    duration_minutes: int,
    facilitators: Iterable[User] = (),
    kept: list[bool] | None = None,
    exclude_pk: int | None = None,
    department: str | None = None,
) -> list[DateCheck]:
    """Past dates, public holidays (of `department` too, see planner.holiday_name), and overlaps
    with any other session of the same facilitators (two queries whatever the number of dates)."""
    now = timezone.now()
    duration = duration_minutes or 0
    kept = kept if kept is not None else [True] * len(starts)
    checks = [
        DateCheck(
            starts_at=start,
            in_past=start is not None and start < now,
            holiday=holiday_name(timezone.localtime(start, PARIS).date(), department=department)
            if start
            else "",
        )
        for start in starts
    ]
    dated = [c.starts_at for c in checks if c.starts_at is not None]
    people = {user.pk: user for user in facilitators}
    if not dated or not people:
        return checks
    others = (
        Session.objects.filter(
            pk__in=Session.facilitators.through.objects.filter(user__in=people).values(
                "session_id"
            ),
            status=Session.Status.SCHEDULED,
            starts_at__lt=max(dated) + timedelta(minutes=duration),
            starts_at__gte=min(dated) - timedelta(days=7),  # longer sessions are not planned
        )
        .exclude(Q(pk=exclude_pk))  # None excludes nothing (a new series)
        .prefetch_related(
            Prefetch("facilitators", User.objects.filter(pk__in=people), to_attr="involved")
        )
    )
    busy = list(others)
    for index, check in enumerate(checks):
        if check.starts_at is None or not kept[index]:
            continue
        for other in busy:
            if overlaps(check.starts_at, duration, other.starts_at, other.duration_minutes):
                names = ", ".join(str(u) for u in other.involved)
                when = timezone.localtime(other.starts_at, PARIS)
                other_end = other.starts_at + timedelta(minutes=other.duration_minutes)
                check.conflicts.append(
                    f"{names} anime déjà « {other.title} » le {when:%d/%m/%Y} "
                    f"de {when:%H:%M} à {timezone.localtime(other_end, PARIS):%H:%M}."
                )
        for position, planned in enumerate(checks):
            if (
                position != index
                and kept[position]
                and planned.starts_at is not None
                and overlaps(check.starts_at, duration, planned.starts_at, duration)
            ):
                check.conflicts.append(f"Chevauche la séance n° {position + 1} de cette série.")
    return checks


def planning_department(programme: Programme | None) -> str | None:
    """The department whose public holidays a programme's sessions follow: its operator's head
    office's (a session's place is free text, not a commune). Alsace-Moselle has two more."""
    if programme is None:
        return None
    return (
        Organisation.objects.filter(pk=programme.operator_id)
        .values_list("head_office_commune__department", flat=True)
        .first()
    )


# --- Who may facilitate, which steps, which programme ---------------------------------------------


def facilitator_choices(
    *,
    cohort: Cohort | None = None,
    programme: Programme | None = None,
    session: Session | None = None,
) -> QuerySet[User]:
    """The cohort's advisors and experts and the operator's advisors. Outside a cohort: those of
    the programme's cohorts. People already facilitating the session stay eligible."""
    # Ids from each source, so that someone found twice is listed once without DISTINCT.
    advisors = Cohort.advisors.through.objects.values("user_id")
    experts = Cohort.experts.through.objects.values("user_id")
    sources = []
    if cohort is not None:
        programme = programme or cohort.programme
        sources += [advisors.filter(cohort=cohort), experts.filter(cohort=cohort)]
    elif programme is not None:
        sources += [
            advisors.filter(cohort__programme=programme),
            experts.filter(cohort__programme=programme),
        ]
    if programme is not None:
        sources.append(
            Membership.objects.filter(
                role=Role.ADVISOR, organisation_id=programme.operator_id
            ).values("user_id")
        )
    if session is not None and session.pk:
        sources.append(
            Session.facilitators.through.objects.filter(session=session).values("user_id")
        )
    return User.objects.filter(reduce(or_, [Q(pk__in=ids) for ids in sources], Q(pk__in=[])))


def step_choices(
    programme: Programme | None, session: Session | None = None
) -> QuerySet[ProgrammeStep]:
    if programme is not None:
        return programme.steps.all()
    if session is not None and session.methodology_step_id:
        return ProgrammeStep.objects.filter(pk=session.methodology_step_id)
    return ProgrammeStep.objects.none()


def session_programme(session: Session) -> Programme | None:
    """A cohort's programme; outside a cohort, the one it was planned in, else the methodology
    step's, or else the only programme whose cohorts the session's organisation belongs to."""
    if session.cohort:
        return session.cohort.programme
    if session.programme_id:
        return session.programme
    if session.methodology_step:
        return session.methodology_step.programme
    if session.organisation_id:
        cohorts = Cohort.objects.filter(memberships__organisation=session.organisation_id)
        programmes = list(
            Programme.objects.filter(pk__in=cohorts.values("programme_id")).select_related(
                "operator"
            )[:2]
        )
        if len(programmes) == 1:
            return programmes[0]
    return None


def programme_sessions(sessions: QuerySet[Session], programme: Programme) -> QuerySet[Session]:
    """`sessions` of the programme: in one of its cohorts; outside a cohort, planned in it, or at
    one of its steps, or (neither) for an organisation of its cohorts.

    One list of ids (a UNION of four reads by indexed columns), so the database fetches those
    sessions by their key instead of joining every session to its cohort and step."""
    outside = Session.objects.filter(cohort__isnull=True).order_by()
    organisations = CohortMembership.objects.filter(cohort__programme=programme)
    ids = (
        Session.objects.filter(cohort__in=Cohort.objects.filter(programme=programme).values("pk"))
        .order_by()
        .values("pk")
        .union(
            outside.filter(programme=programme).values("pk"),
            outside.filter(
                methodology_step__in=ProgrammeStep.objects.filter(programme=programme).values("pk")
            ).values("pk"),
            outside.filter(
                methodology_step__isnull=True,
                organisation_id__in=organisations.values("organisation_id"),
            ).values("pk"),
        )
    )
    return sessions.filter(pk__in=ids)


# --- Pages ----------------------------------------------------------------------------------------


def session_list(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """What every list of sessions shows: cohort, organisation, programme, facilitators."""
    return sessions.select_related(
        "cohort__programme", "organisation", "methodology_step"
    ).prefetch_related("facilitators")


# What the calendar pages show of a session (includes/session_months.html), and no more: a
# busy calendar lists hundreds, each with its cohort's and organisation's names.
AGENDA_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "location",
    "video_url",
    "capacity",
    "status",
    "cohort__name",
    "organisation__name",
)


def agenda_list(sessions: QuerySet[Any]) -> QuerySet[Any]:
    return sessions.select_related("cohort", "organisation").only(*AGENDA_FIELDS)


def session_for_page(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.select_related(
        "cohort__programme__operator",
        "organisation",
        "programme__operator",
        "methodology_step__programme__operator",
    ).prefetch_related("facilitators", "documents")


def session_cancellation(session: Session) -> SessionTransition | None:
    """The log row of the session's cancellation (who, when, why), if it was cancelled."""
    return session.transitions.filter(transition="cancel").select_related("actor").last()


def user_sessions(
    user: User, *, waitlisted: bool = False, window: "CalendarWindow | None" = None
) -> QuerySet[Session]:
    """Sessions a person takes part in (expected, or also waitlisted when asked), facilitates,
    or that concern one of their organisations alone (an individual diagnosis, even when they
    joined it after the invitation); only those starting in `window` when given.

    One list of ids (a UNION of three short reads), so the database fetches those sessions by
    their key instead of testing every session (a busy facilitator runs thousands). The
    memberships are read inside: the calendar feed asks for someone who is not signed in."""
    statuses = [Participant.Status.EXPECTED]
    if waitlisted:
        statuses.append(Participant.Status.WAITLISTED)
    organisations = Membership.objects.filter(user=user, role=Role.MEMBER).values("organisation_id")
    participations = participation_ids(user, statuses=statuses)
    facilitated = facilitated_ids(user)
    own = Session.objects.filter(organisation_id__in=organisations)
    if window is not None:
        # Each read narrowed to the window: PostgreSQL then fetches a few hundred sessions by
        # key, instead of scanning every session of the window for the busy facilitator's ids.
        during = {"session__starts_at__gte": window.start, "session__starts_at__lt": window.end}
        participations = participations.filter(**during)
        facilitated = facilitated.filter(**during)
        own = in_window(own, window)
    ids = participations.union(facilitated, own.values("pk").order_by())
    return Session.objects.filter(pk__in=ids)


def with_my_status(sessions: QuerySet[Session], user: User) -> QuerySet[Session]:
    """Annotate `waitlisted`: the user waits for a place at the session."""
    return sessions.annotate(
        waitlisted=Exists(
            Participant.objects.filter(
                session=OuterRef("pk"), user=user, status=Participant.Status.WAITLISTED
            )
        )
    )


def cohort_agenda(cohort: Cohort, visible: QuerySet[Session]) -> QuerySet[Session]:
    """What a cohort's pages list, among the sessions the viewer may see (`visible`): the
    cohort's own, the sessions of one of its organisations (individual diagnosis) in its
    programme, and the open sessions of its programme."""
    organisations = (
        CohortMembership.objects.filter(cohort=cohort)
        .exclude(status=CohortMembership.Status.WITHDRAWN)
        .values("organisation")
    )
    return visible.filter(
        Q(cohort=cohort)
        | (
            Q(cohort__isnull=True, organisation__in=organisations)
            & (Q(programme=cohort.programme_id) | Q(programme__isnull=True))
        )
        | Q(
            cohort__isnull=True,
            organisation__isnull=True,
            kind__in=OPEN_KINDS,
            programme=cohort.programme_id,
        )
    )


UPCOMING_MARGIN = timedelta(hours=12)  # a session that began this morning is still "upcoming"


def upcoming(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.filter(
        starts_at__gte=timezone.now() - UPCOMING_MARGIN, status=Session.Status.SCHEDULED
    )


# --- Calendar pages: the coming weeks, or two months asked for --------------------------------
# A busy advisor facilitates thousands of sessions and a programme runs hundreds a year: the
# pages list a window of them, like the calendars people use, with links to the months around.

AGENDA_WEEKS = 8  # what a calendar page shows first
WINDOW_MONTHS = 2  # `?depuis=2027-03`: March and April 2027
WINDOW_YEARS = 10  # further from today, a month asked for is a typo or a robot's guess
MONTH_PARAM = re.compile(r"(\d{4})-(\d{2})")


def _month_start(year: int, month: int, shift: int = 0) -> datetime:
    """Midnight in Paris on the first day of the month `shift` months after (year, month)."""
    index = year * 12 + month - 1 + shift
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=PARIS)


@dataclass(frozen=True)
class CalendarWindow:
    """The sessions a calendar page lists: from `start` (included) to `end` (excluded). The
    default window (`upcoming`) starts now; one asked for by `?depuis=` spans whole months, past
    sessions included. `previous` and `following` are the first months of the windows around
    (None past the bounds); `error` says why the month asked for was not shown."""

    start: datetime
    end: datetime
    upcoming: bool
    previous: datetime | None
    following: datetime | None
    error: str = ""

    @property
    def last_day(self) -> date:
        return timezone.localtime(self.end - timedelta(microseconds=1), PARIS).date()

    @property
    def title(self) -> str:
        if self.upcoming:
            first_day = timezone.localtime(self.start + UPCOMING_MARGIN, PARIS).date()
            return f"Les {AGENDA_WEEKS} semaines à venir, {date_range_fr(first_day, self.last_day)}"
        return f"Sessions {month_range_fr(self.start, self.last_day)}"

    @property
    def previous_param(self) -> str:
        return _param(self.previous)

    @property
    def following_param(self) -> str:
        return _param(self.following)

    @property
    def previous_months(self) -> str:
        return _months(self.previous)

    @property
    def following_months(self) -> str:
        return _months(self.following)


def _param(month: datetime | None) -> str:
    return f"{month:%Y-%m}" if month else ""


def _months(month: datetime | None) -> str:
    """« d'octobre à novembre 2026 »: the months a link leads to, said to screen readers."""
    if month is None:
        return ""
    last = _month_start(month.year, month.month, WINDOW_MONTHS) - timedelta(days=1)
    return month_range_fr(month, last)


def calendar_window(depuis: str | None, *, now: datetime) -> CalendarWindow:
    """The window `?depuis=YYYY-MM` asks for (that month and the next), or by default the next
    eight weeks. A value that is not a month within ten years of today gives the default window,
    with a message, never an error page."""
    today = timezone.localtime(now, PARIS)

    def allowed(month: datetime) -> datetime | None:
        return month if abs(month.year - today.year) <= WINDOW_YEARS else None

    error = ""
    if depuis:
        match = MONTH_PARAM.fullmatch(depuis.strip())
        year, month = (int(match[1]), int(match[2])) if match else (0, 0)
        if 1 <= month <= 12 and abs(year - today.year) <= WINDOW_YEARS:
            start = _month_start(year, month)
            return CalendarWindow(
                start=start,
                end=_month_start(year, month, WINDOW_MONTHS),
                upcoming=False,
                previous=allowed(_month_start(year, month, -WINDOW_MONTHS)),
                following=allowed(_month_start(year, month, WINDOW_MONTHS)),
            )
        error = (
            f"« {depuis[:20]} » n'est pas un mois que l'agenda peut afficher (attendu : "
            f"année-mois, par exemple {today:%Y-%m}, à moins de {WINDOW_YEARS} ans "
            "d'aujourd'hui). Voici les semaines à venir."
        )
    end = datetime.combine(
        today.date() + timedelta(weeks=AGENDA_WEEKS), datetime.min.time(), tzinfo=PARIS
    )
    last_day = (end - timedelta(days=1)).date()
    return CalendarWindow(
        start=now - UPCOMING_MARGIN,
        end=end,
        upcoming=True,
        # Before: last month and this one in full, the days gone by included.
        previous=_month_start(today.year, today.month, -1),
        following=_month_start(last_day.year, last_day.month),
        error=error,
    )


def in_window(sessions: QuerySet[Session], window: CalendarWindow) -> QuerySet[Session]:
    return sessions.filter(starts_at__gte=window.start, starts_at__lt=window.end)


def my_agenda(user: User, window: CalendarWindow) -> QuerySet[Session]:
    """« Mon agenda »: the user's scheduled sessions in `window`, those they wait for marked."""
    sessions = user_sessions(user, waitlisted=True, window=window)
    scheduled = in_window(sessions, window).filter(status=Session.Status.SCHEDULED)
    return agenda_list(with_my_status(scheduled, user).order_by("starts_at", "pk"))


def programme_agenda(
    sessions: QuerySet[Session], programme: Programme, window: CalendarWindow
) -> QuerySet[Any]:
    """The programme calendar: `sessions` (those the viewer manages) of `programme` in
    `window`, cancelled ones included, with their attendance counts."""
    listed = in_window(programme_sessions(sessions, programme), window)
    return agenda_list(with_attendance_counts(listed.order_by("starts_at", "pk")))


def by_month(sessions: Iterable[Session]) -> list[tuple[str, list[Session]]]:
    """[("Décembre 2026", [sessions…]), …] in Paris time."""
    months: dict[tuple[int, int], tuple[str, list[Session]]] = {}
    for session in sessions:
        local = timezone.localtime(session.starts_at, PARIS)
        key = (local.year, local.month)
        if key not in months:
            label = date_format(local, "F Y")
            months[key] = (label[:1].upper() + label[1:], [])
        months[key][1].append(session)
    return [months[key] for key in sorted(months)]


def calendar_feed_active(
    *, user: User | None = None, cohort: Cohort | None = None
) -> CalendarFeed | None:
    """The private feed of a person or a cohort, if one was created (pages only read it)."""
    owner: dict[str, User | Cohort | None] = (
        {"user": user} if user is not None else {"cohort": cohort}
    )
    return (
        CalendarFeed.objects.filter(revoked_at__isnull=True, **owner)
        .order_by("-created_at")
        .first()
    )


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The feed a calendar app asks for: revoked ones and those of inactive people are gone."""
    feed = (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user", "cohort")
        .first()
    )
    if feed is None or (feed.user is not None and not feed.user.is_active):
        return None
    return feed


# The window a feed lists: a calendar app that subscribes needs the recent past and the months
# ahead, not ten years of history (the pages show the rest). Said on the page (feed_box.html).
FEED_PAST = timedelta(days=183)  # six months
FEED_AHEAD = timedelta(days=548)  # eighteen months


def calendar_feed_sessions(feed: CalendarFeed, *, now: datetime) -> QuerySet[Session]:
    """What a feed lists: a person's sessions, or a cohort's, in the window around `now`."""
    if feed.user is not None:
        sessions = user_sessions(feed.user)
    else:
        sessions = Session.objects.filter(cohort=feed.cohort)
    return (
        sessions.filter(starts_at__gte=now - FEED_PAST, starts_at__lt=now + FEED_AHEAD)
        .select_related("cohort", "organisation")
        .order_by("starts_at")
    )


@dataclass(frozen=True)
class FeedVersion:
    """A feed's validators, so that a calendar app re-fetching an unchanged feed gets 304."""

    etag: str
    last_modified: datetime | None


def calendar_feed_version(feed: CalendarFeed, sessions: QuerySet[Session]) -> FeedVersion:
    """One query over the feed's window, without reading its events: how many sessions and
    which (count and sum of ids: a session leaving or entering changes them), and when they, their
    cohort or organisation (named in the events) last changed. A person's feed adds their latest
    registration and its moves: an unregistration changes no session."""
    changes: dict[str, Any] = {
        "sessions": Max("updated_at"),
        "cohorts": Max("cohort__updated_at"),
        "organisations": Max("organisation__updated_at"),
    }
    if feed.user_id is not None:
        mine = Participant.objects.filter(user=feed.user_id).order_by()
        moves = ParticipantTransition.objects.filter(participant__user=feed.user_id).order_by()
        # Uncorrelated: the database computes each once for the whole aggregate.
        changes["registered"] = Max(
            Subquery(mine.values("user").annotate(at=Max("registered_at")).values("at"))
        )
        changes["moved"] = Max(
            Subquery(moves.values("participant__user").annotate(at=Max("created_at")).values("at"))
        )
    row = sessions.order_by().aggregate(count=Count("pk"), ids=Sum("pk"), **changes)
    if feed.cohort is not None:
        row["feed"] = feed.cohort.updated_at  # the feed's name is the cohort's
    dates = [value for name, value in row.items() if name not in ("count", "ids") and value]
    fingerprint = ":".join(f"{name}={value}" for name, value in sorted(row.items()))
    return FeedVersion(
        etag=hashlib.sha256(fingerprint.encode()).hexdigest()[:32],
        last_modified=max(dates, default=None),
    )


def person(pk: int) -> User | None:
    """The person an attendance button names; whether they belong to the session is the
    service's to say."""
    return User.objects.filter(pk=pk).first()


def signing_window(session: Session) -> tuple[datetime, datetime]:
    end = session.starts_at + timedelta(minutes=session.duration_minutes)
    return session.starts_at - SIGNING_MARGIN, end + SIGNING_MARGIN


def is_signing_open(session: Session, now: datetime | None = None) -> bool:
    opens, closes = signing_window(session)
    return opens <= (now or timezone.now()) <= closes


@dataclass
class AttendanceRow:
    participant: Participant | None
    user: User
    organisation: Organisation | None
    attendance: Attendance | None


def attendance_rows(session: Session) -> list[AttendanceRow]:
    """One row per expected participant, with their signature if any, then anyone marked present
    without being expected. Two queries."""
    participants = session.participants.filter(status=Participant.Status.EXPECTED).select_related(
        "user", "organisation"
    )
    attendances = {
        a.user_id: a
        for a in session.attendances.select_related("user", "organisation", "recorded_by")
    }
    rows = [
        AttendanceRow(p, p.user, p.organisation, attendances.pop(p.user_id, None))
        for p in participants
    ]
    rows.sort(key=lambda r: (r.user.last_name.lower(), r.user.first_name.lower(), r.user.email))
    rows += [AttendanceRow(None, a.user, a.organisation, a) for a in attendances.values()]
    return rows


@dataclass(frozen=True)
class Guest:
    """A contact of an organisation's application (decision maker or operational lead) e-mailed
    a session's invitation because nobody of the organisation has an account yet."""

    email: str
    organisation: Organisation


def session_guests(session: Session) -> list[Guest]:
    """The guests a session's invitations went to, in the order they were told, so that a move
    or a cancellation reaches them too. Two queries."""
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Session),
        object_id=str(session.pk),
        action=GUESTS_ACTION,
    ).order_by("created_at", "pk")
    pairs = [tuple(pair) for event in events for pair in event.changes.get("guests", [])]
    organisations = Organisation.objects.in_bulk({pk for _email, pk in pairs})
    guests = {email: Guest(email, organisations[pk]) for email, pk in pairs if pk in organisations}
    return list(guests.values())


def session_recipients(session: Session, *, statuses: Iterable[str]) -> list[Participant | Guest]:
    """Whom news of a session goes to: its participants with one of `statuses`, then the guests
    invited by e-mail who have not joined them since (by address)."""
    participants = list(
        session.participants.filter(status__in=statuses).select_related("user", "organisation")
    )
    addresses = {p.user.email for p in participants}
    return participants + [g for g in session_guests(session) if g.email not in addresses]


def codev_for(session: Session) -> CodevSession:
    """The session's co-development record, or an unsaved one with the default stages."""
    codev = CodevSession.objects.filter(session=session).select_related("client").first()
    return codev or CodevSession(session=session, stages=codev_default_stages())


# --- Hours of support and attendance rates (called by the cohort page) ----------------------------


def hours_by_organisation(sessions: QuerySet[Session]) -> QuerySet[Organisation]:
    """Organisations with at least one person present at one of `sessions` (cancelled ones
    left out), annotated with `support_sessions`, `support_minutes` and `support_hours`: each
    session counts once per organisation, however many of its people came. One query."""
    session_ids = sessions.filter(status=Session.Status.SCHEDULED).order_by().values("pk")
    attended = Session.objects.filter(pk__in=session_ids).filter(
        Exists(
            Attendance.objects.filter(session=OuterRef("pk"), organisation=OuterRef(OuterRef("pk")))
        )
    )
    minutes = (
        attended.order_by()
        .annotate(total=Func(F("duration_minutes"), function="SUM"))
        .values("total")
    )
    count = attended.order_by().annotate(total=Func(F("pk"), function="COUNT")).values("total")
    return (
        Organisation.objects.filter(
            pk__in=Attendance.objects.filter(session__in=session_ids).values("organisation_id")
        )
        .annotate(
            support_sessions=Coalesce(Subquery(count, output_field=IntegerField()), 0),
            support_minutes=Coalesce(Subquery(minutes, output_field=IntegerField()), 0),
        )
        .order_by("name")
    )


@dataclass(frozen=True)
class ProgrammeHours:
    programme_id: int | None
    name: str
    organisations: int
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)


def hours_by_programme(sessions: QuerySet[Session]) -> list[ProgrammeHours]:
    """Hours of support per programme: the sum, over organisations, of their hours. One query."""
    pairs = (
        Attendance.objects.filter(
            session__in=sessions.order_by().values("pk"),
            session__status=Session.Status.SCHEDULED,
            organisation__isnull=False,
        )
        .annotate(
            programme_id=Coalesce(
                "session__cohort__programme", "session__methodology_step__programme"
            ),
        )
        .values_list("programme_id", "organisation_id", "session_id", "session__duration_minutes")
        .order_by()
        .distinct()
    )
    totals: dict[int | None, dict[str, Any]] = {}
    for programme_id, organisation_id, _session_id, minutes in pairs:
        total = totals.setdefault(programme_id, {"organisations": set(), "minutes": 0})
        total["organisations"].add(organisation_id)
        total["minutes"] += minutes
    names: dict[int | None, str] = dict(
        Programme.objects.filter(pk__in=[k for k in totals if k]).values_list("pk", "name")
    )
    return sorted(
        (
            ProgrammeHours(
                pk, names.get(pk, "Hors programme"), len(t["organisations"]), t["minutes"]
            )
            for pk, t in totals.items()
        ),
        key=lambda row: row.name,
    )


def with_attendance_counts(sessions: QuerySet[Session]) -> QuerySet[Any]:
    """Annotate `expected_count` (expected participants) and `present_count` (signatures).
    Typed Any: the stubs do not follow annotations made through Subquery."""
    expected = (
        Participant.objects.filter(session=OuterRef("pk"), status=Participant.Status.EXPECTED)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    present = (
        Attendance.objects.filter(session=OuterRef("pk"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return sessions.annotate(
        expected_count=Coalesce(Subquery(expected, output_field=IntegerField()), 0),
        present_count=Coalesce(Subquery(present, output_field=IntegerField()), 0),
    )


@dataclass(frozen=True)
class AttendanceRate:
    session: Session
    expected: int
    present: int

    @property
    def rate(self) -> float | None:
        """Present over expected (None when nobody was expected); walk-ins may push it over 1."""
        return self.present / self.expected if self.expected else None

    @property
    def percent(self) -> int | None:
        return round(self.rate * 100) if self.rate is not None else None


def attendance_rate(session: Session) -> AttendanceRate:
    row = with_attendance_counts(Session.objects.filter(pk=session.pk)).values(
        "expected_count", "present_count"
    )[0]
    return AttendanceRate(session, row["expected_count"], row["present_count"])


def cohort_attendance_rates(
    cohort: Cohort, sessions: QuerySet[Session] | None = None
) -> list[AttendanceRate]:
    """Expected and present counts for each session of the cohort (or of `sessions`, e.g. its
    cohort_agenda) that was not cancelled, in date order. One query, whatever the number of
    sessions and people."""
    sessions = Session.objects.filter(cohort=cohort) if sessions is None else sessions
    counted = with_attendance_counts(
        sessions.filter(status=Session.Status.SCHEDULED)
        .select_related("organisation")
        .order_by("starts_at")
    )
    return [AttendanceRate(s, s.expected_count, s.present_count) for s in counted]


@dataclass(frozen=True)
class CohortSessions:
    upcoming: list[AttendanceRate]
    past: list[AttendanceRate]
    average: int | None  # the cohort's own presence rate, in percent


def cohort_sessions(cohort: Cohort, *, user: User | AnonymousUser) -> CohortSessions:
    """What a cohort's page lists among the sessions `user` may see (cohort_agenda), with their
    attendance. Individual and open sessions are listed, not averaged. One query."""
    rates = cohort_attendance_rates(cohort, cohort_agenda(cohort, visible_sessions(user)))
    now = timezone.now()
    past = [r for r in rates if r.session.starts_at < now]
    percents = [r.percent for r in past if r.session.cohort_id and r.percent is not None]
    return CohortSessions(
        upcoming=[r for r in rates if r.session.starts_at >= now],
        past=past,
        average=round(sum(percents) / len(percents)) if percents else None,
    )
