import factory
from allauth.account.models import EmailAddress

from essaim.accounts.models import User

PASSWORD = "mot-de-passe-de-test"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)

    class Params:
        admin = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """allauth requires a verified address to sign in (ACCOUNT_EMAIL_VERIFICATION)."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
