"""Who may see and do what with an application. Every applications view goes through here.

- the lead organisation's members and its confirmed co-applicants' members see the file;
- advisors of the programme's operator (and administrators) see submitted files and screen them;
- an expert sees only the files on which their opinion was asked;
- funders and everyone else see nothing.
"""

from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from essaim.accounts.models import Role, User
from essaim.organisations.models import Organisation
from essaim.organisations.policies import organisation_ids
from essaim.programmes.models import Call, CallQuerySet
from essaim.programmes.policies import managed_programmes

from .models import (
    APPLICANT_TRANSITIONS,
    APPLICATION_LIFECYCLE,
    CO_APPLICANT_ANSWERS,
    CO_APPLICANT_LIFECYCLE,
    Application,
    ApplicationQuerySet,
    ApplicationStatus,
    CoApplicant,
    ExpertOpinion,
)


def visible_applications(user: User | AnonymousUser) -> ApplicationQuerySet:
    """Each term reads one column of the file (an id in a short subquery of the user's own
    rows): no join repeats a file, so no DISTINCT, and the database can start from an index
    (the call's, or the file's key for one file)."""
    applications = Application.objects.all()
    if not user.is_authenticated:
        return applications.none()
    if user.is_superuser:
        return applications
    members_of = organisation_ids(user, Role.MEMBER)
    operators = organisation_ids(user, Role.ADVISOR)
    conditions = [Q(pk__in=ExpertOpinion.objects.filter(expert=user).values("application_id"))]
    if members_of:
        confirmed = CoApplicant.objects.filter(
            organisation_id__in=members_of, status=CoApplicant.Status.CONFIRMED
        )
        conditions += [
            Q(organisation_id__in=members_of),
            Q(pk__in=confirmed.values("application_id")),
        ]
    if operators:
        # The calls as ids too: no join, so the pipeline walks its index in order.
        calls = Call.objects.filter(programme__operator_id__in=operators).values("pk")
        conditions.append(Q(call_id__in=calls) & ~Q(status=ApplicationStatus.DRAFT))
    return applications.filter(reduce(or_, conditions))


def is_applicant(user: User | AnonymousUser, application: Application) -> bool:
    return application.organisation_id in organisation_ids(user, Role.MEMBER)


def is_screener(user: User | AnonymousUser, application: Application) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or (
        application.call.programme.operator_id in organisation_ids(user, Role.ADVISOR)
    )


def can_edit(user: User | AnonymousUser, application: Application) -> bool:
    return is_applicant(user, application) and application.is_editable_by_applicant


def allowed_transitions(user: User | AnonymousUser, application: Application) -> set[str]:
    """The lifecycle's transitions this user may take on the file now: the applicant's side
    submits and withdraws, the programme's team does the rest."""
    names = {t.name for t in APPLICATION_LIFECYCLE.available(application)}
    allowed = set()
    if is_applicant(user, application):
        allowed |= names & APPLICANT_TRANSITIONS
    if can_screen(user, application):
        allowed |= names - APPLICANT_TRANSITIONS
    return allowed


def can_withdraw(user: User | AnonymousUser, application: Application) -> bool:
    return "withdraw" in allowed_transitions(user, application)


def can_screen(user: User | AnonymousUser, application: Application) -> bool:
    return is_screener(user, application) and application.status != ApplicationStatus.DRAFT


def can_see_internal(user: User | AnonymousUser, application: Application) -> bool:
    """Expert opinions and advisor notes stay among the programme's team."""
    return is_screener(user, application)


def opinions_asked_of(user: User | AnonymousUser) -> QuerySet[ExpertOpinion]:
    """An expert sees the opinions asked of them, and nobody else's."""
    if not user.is_authenticated:
        return ExpertOpinion.objects.none()
    return ExpertOpinion.objects.filter(expert=user)


def can_apply(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return organisation.pk in organisation_ids(user, Role.MEMBER)


def is_invitee(user: User | AnonymousUser, co_applicant: CoApplicant) -> bool:
    """An e-mailed link answers only for the address it was sent to (a forwarded or leaked
    link is useless); an invitation to a known organisation, for that organisation's members."""
    if not user.is_authenticated:
        return False
    if co_applicant.organisation_id is None:
        return user.email.casefold() == co_applicant.invited_email.casefold()
    return co_applicant.organisation_id in organisation_ids(user, Role.MEMBER)


def allowed_co_applicant_transitions(
    user: User | AnonymousUser, co_applicant: CoApplicant
) -> set[str]:
    """The answers (confirm, decline) the invitee may give now: those the lifecycle allows,
    while the invitation runs. Expiring is the platform's, nobody's to choose."""
    if co_applicant.has_lapsed or not is_invitee(user, co_applicant):
        return set()
    return {t.name for t in CO_APPLICANT_LIFECYCLE.available(co_applicant)} & CO_APPLICANT_ANSWERS


def screened_calls(user: User | AnonymousUser, calls: CallQuerySet) -> CallQuerySet:
    """The calls whose pipeline the user may open: those of the programmes they run."""
    return calls.filter(programme__in=managed_programmes(user))
