from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person signing in with their e-mail address; roles come from memberships (Role)."""

    username = None
    email = models.EmailField("adresse e-mail", unique=True)
    # When the MFA requirement first applied at a sign-in (administrator or advisor): the grace
    # period (settings.MFA_REQUIRED_GRACE_DAYS) counts from it.
    mfa_required_since = models.DateTimeField(
        "double authentification exigée depuis", null=True, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        # Accounts created before sign-up asked for a name: never show the e-mail address to
        # the other people who see this user in lists, sessions and attendance sheets.
        if full_name := self.get_full_name():
            return full_name
        return f"Nom non renseigné (compte n° {self.pk})" if self.pk else "Nom non renseigné"


class Role(models.TextChoices):
    """The roles of DESIGN.md held through a membership; the administrator is `is_superuser`."""

    MEMBER = "member", "Membre d'une structure"
    ADVISOR = "advisor", "Chargé·e d'accompagnement"
    EXPERT = "expert", "Expert·e"
    FUNDER = "funder", "Financeur"
    PROVIDER = "provider", "Structure d'accompagnement"
