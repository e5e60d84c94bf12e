from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter

from essaim.core.links import site_host, site_name


class AccountAdapter(DefaultAccountAdapter):
    """Keeps e-mail addresses lower-case so one person cannot hold two accounts, and signs
    allauth's e-mails with the platform's name."""

    def clean_email(self, email):
        return super().clean_email(email).lower()

    def send_mail(self, template_prefix, email, context):
        # Without django.contrib.sites allauth names the site after the request's host
        # ("Bonjour, c'est 127.0.0.1:8101 !"): give its e-mails the platform's name and address.
        site = SimpleNamespace(name=site_name(), domain=site_host())
        super().send_mail(template_prefix, email, {**context, "current_site": site})
