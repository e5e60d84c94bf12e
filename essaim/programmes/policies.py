"""Who may see programmes and calls. Published ones are public; drafts stay with their operator."""

from django.contrib.auth.models import AnonymousUser

from essaim.accounts.models import Role, User
from essaim.organisations.models import Organisation, OrganisationQuerySet
from essaim.organisations.policies import organisation_ids

from .models import CALL_LIFECYCLE, Call, CallQuerySet, Programme, ProgrammeQuerySet


def visible_programmes(user: User | AnonymousUser) -> ProgrammeQuerySet:
    programmes = Programme.objects.all()
    if user.is_authenticated and user.is_superuser:
        return programmes
    return programmes.published()


def visible_calls(user: User | AnonymousUser) -> CallQuerySet:
    calls = Call.objects.all()
    if user.is_authenticated and user.is_superuser:
        return calls
    if user.is_authenticated:
        operator_ids = user.memberships.filter(role=Role.ADVISOR).values("organisation")
        return calls.visible() | calls.filter(programme__operator__in=operator_ids)
    return calls.visible()


def can_manage_programme(user: User | AnonymousUser, programme: Programme) -> bool:
    """Advisors of the operator (and administrators) run the programme."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or programme.operator_id in organisation_ids(user, Role.ADVISOR)


def allowed_call_transitions(user: User | AnonymousUser, call: Call) -> set[str]:
    """The call's moves this user may take now (publish, close): its programme's team's."""
    if not can_manage_programme(user, call.programme):
        return set()
    return {t.name for t in CALL_LIFECYCLE.available(call)}


def managed_operators(user: User | AnonymousUser) -> OrganisationQuerySet:
    """The operators whose programmes the user runs (as advisor, or all for administrators)."""
    operators = Organisation.objects.operators().order_by("name")
    if user.is_superuser:
        return operators
    return operators.filter(pk__in=organisation_ids(user, Role.ADVISOR))


def managed_programmes(user: User | AnonymousUser) -> ProgrammeQuerySet:
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(operator_id__in=organisation_ids(user, Role.ADVISOR))
