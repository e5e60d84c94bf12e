import factory

from essaim.cohorts.models import Cohort, CohortMembership
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.tests.factories import ProgrammeFactory


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohorte {n}")


class CohortMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortMembership

    cohort = factory.SubFactory(CohortFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = CohortMembership.Status.ACTIVE

    class Params:
        withdrawn = factory.Trait(status=CohortMembership.Status.WITHDRAWN)


def cohort_scenario(role_users, *, funder_name="Région Normandie (FEDER)", eu_cofunding=True):
    """A cohort of the advisor's operator, for the role_users fixture: the member's organisation
    and a second one are active members, a third has withdrawn; the expert is the cohort's.

    Returns a dict of the objects and of one user per role around it (see the keys)."""
    from essaim.accounts.models import Role
    from essaim.organisations.tests.factories import MembershipFactory

    operator = role_users["advisor"].organisations.get()
    programme = ProgrammeFactory(operator=operator, name="ESSor Normandie")
    programme.funders.add(
        OrganisationFactory(funder=True, name=funder_name, eu_cofunding=eu_cofunding)
    )
    step = programme.steps.create(kind="methodology", order=1, name="Modèle économique")
    cohort = CohortFactory(programme=programme, name="Cohorte Bessin")
    cohort.experts.add(role_users["expert"])
    member_organisation = role_users["member"].organisations.get()
    CohortMembershipFactory(cohort=cohort, organisation=member_organisation)
    second = OrganisationFactory(name="Recyclerie du Bessin")
    CohortMembershipFactory(cohort=cohort, organisation=second)
    peer = MembershipFactory(
        organisation=second, user__first_name="Camille", user__last_name="Roux"
    )
    peer_bis = MembershipFactory(
        organisation=second, user__first_name="Lou", user__last_name="Martin"
    )
    withdrawn = OrganisationFactory(name="Jardins partis")
    CohortMembershipFactory(cohort=cohort, organisation=withdrawn, withdrawn=True)
    return {
        "programme": programme,
        "step": step,
        "cohort": cohort,
        "member_organisation": member_organisation,
        "second": second,
        "withdrawn": withdrawn,
        # People around the cohort
        "member": role_users["member"],
        "peer": peer.user,
        "peer_bis": peer_bis.user,
        "withdrawn_member": MembershipFactory(organisation=withdrawn).user,
        "advisor": role_users["advisor"],
        "expert": role_users["expert"],
        "funder": role_users["funder"],
        "admin": role_users["admin"],
        "outsider": role_users["outsider"],
        "other_member": MembershipFactory(organisation=OrganisationFactory()).user,
        "other_advisor": MembershipFactory(
            organisation=OrganisationFactory(operator=True), role=Role.ADVISOR
        ).user,
    }
