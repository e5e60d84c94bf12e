from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the person's name, which other people see instead of the e-mail."""

    first_name = forms.CharField(
        label="Prénom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Nom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def try_save(self, request):
        if self.account_already_exists:
            # Creating an account hashes the password, the slow part of sign-up: spend the same
            # time for a known address so the response time does not reveal that it exists.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)
