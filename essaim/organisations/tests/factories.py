import factory
from stdnum import luhn

from essaim.accounts.models import Role
from essaim.accounts.tests.factories import UserFactory
from essaim.organisations.models import LegalForm, Membership, Organisation, OrganisationKind
from essaim.territories.models import Commune


def valid_siret(n: int) -> str:
    siren = f"{10_000_000 + n:08d}"
    siren += luhn.calc_check_digit(siren)
    nic = "0001"
    return siren + nic + luhn.calc_check_digit(siren + nic)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    kind = OrganisationKind.SUPPORTED
    name = factory.Sequence(lambda n: f"Association numéro {n}")
    slug = factory.Sequence(lambda n: f"structure-{n}")
    siret = factory.Sequence(valid_siret)
    siren = factory.LazyAttribute(lambda o: o.siret[:9])
    legal_form = factory.LazyFunction(lambda: LegalForm.objects.get(code="9220"))
    head_office_commune = factory.LazyFunction(lambda: Commune.objects.get(code="76540"))  # Rouen

    class Params:
        operator = factory.Trait(kind=OrganisationKind.OPERATOR, siret="", siren="")
        funder = factory.Trait(kind=OrganisationKind.FUNDER, siret="", siren="")
        provider = factory.Trait(kind=OrganisationKind.SUPPORT_PROVIDER, siret="", siren="")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER
