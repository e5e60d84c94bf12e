"""Who may see programmes and calls. Published ones are public; drafts stay with their operator."""

from essaim.accounts.models import Role
from essaim.organisations.models import Organisation
from essaim.organisations.policies import organisation_ids

from .models import Call, Programme


def visible_programmes(user):
    programmes = Programme.objects.all()
    if user.is_authenticated and user.is_superuser:
        return programmes
    return programmes.published()


def visible_calls(user):
    calls = Call.objects.all()
    if user.is_authenticated and user.is_superuser:
        return calls
    if user.is_authenticated:
        operator_ids = user.memberships.filter(role=Role.ADVISOR).values("organisation")
        return calls.visible() | calls.filter(programme__operator__in=operator_ids)
    return calls.visible()


def can_manage_programme(user, programme: Programme) -> bool:
    """Advisors of the operator (and administrators) run the programme."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or programme.operator_id in organisation_ids(user, Role.ADVISOR)


def managed_operators(user):
    """The operators whose programmes the user runs (as advisor, or all for administrators)."""
    operators = Organisation.objects.operators().order_by("name")
    if user.is_superuser:
        return operators
    return operators.filter(pk__in=organisation_ids(user, Role.ADVISOR))


def managed_programmes(user):
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(operator_id__in=organisation_ids(user, Role.ADVISOR))
