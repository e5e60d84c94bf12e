"""Structure a screen reader user navigates by: heading levels that do not skip, the meaning of
"*" stated once per form, errors of a radio group tied to the group."""

import re

from django import forms
from django.urls import reverse

from essaim.core.forms import StyledFormMixin
from essaim.programmes.tests.factories import ProgrammeFactory

REQUIRED_NOTE = "Les champs marqués d'un astérisque (*) sont obligatoires."


def heading_levels(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_the_programme_list_goes_from_h1_to_h2(client, db):
    ProgrammeFactory(name="ESSor Normandie")
    ProgrammeFactory(name="DLA Pays de la Loire")
    html = client.get(reverse("programmes:list")).content.decode()
    levels = heading_levels(html)
    assert levels[0] == 1 and levels.count(2) >= 2
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    # The home page lists the same cards under its "Programmes" h2: they stay h3 there.
    home = heading_levels(client.get(reverse("portal:home")).content.decode())
    assert all(b - a <= 1 for a, b in zip(home, home[1:], strict=False)), home


class Choice(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Nom")
    email = forms.EmailField(label="Courriel")
    size = forms.ChoiceField(
        label="Taille", choices=[("s", "Petite"), ("l", "Grande")], widget=forms.RadioSelect
    )
    comment = forms.CharField(label="Commentaire", required=False)


class Optional(StyledFormMixin, forms.Form):
    comment = forms.CharField(label="Commentaire", required=False)


def test_a_form_with_required_fields_explains_the_asterisk_once():
    assert str(Choice()).count(REQUIRED_NOTE) == 1
    assert REQUIRED_NOTE not in str(Optional())
    # Formset rows may stay empty: no note in each row.
    rows = forms.formset_factory(Choice, extra=2)()
    assert REQUIRED_NOTE not in str(rows.forms[0])


def test_a_failed_form_starts_with_a_summary_and_ties_group_errors_to_the_group():
    html = str(Choice(data={"name": "Coop", "email": "pas-un-courriel"}))
    summary = html[: html.index("</div>")]
    assert "data-error-summary" in summary
    assert 'href="#id_email"' in summary and 'href="#id_size"' in summary
    assert 'href="#id_name"' not in summary  # only the fields to correct
    # The radio group: its fieldset is described by the error list, which Django names.
    assert '<fieldset class="mb-3 field-error" aria-describedby="id_size_error">' in html
    assert 'id="id_size_error"' in html


def test_a_screening_form_that_fails_opens_on_its_summary(client, role_users):
    from essaim.applications.tests.factories import ApplicationFactory
    from essaim.programmes.tests.factories import CallFactory

    advisor = role_users["advisor"]
    programme = ProgrammeFactory(operator=advisor.memberships.get().organisation)
    application = ApplicationFactory(call=CallFactory(programme=programme), submitted=True)
    client.force_login(advisor)

    response = client.post(reverse("applications:information_request", args=[application.pk]))
    html = response.content.decode()
    assert html.count("data-error-summary") == 1
    assert 'href="#id_information-items"' in html and 'href="#id_information-message"' in html
    # The checkbox group "Éléments à rouvrir" is described by its error.
    assert 'aria-describedby="id_information-items_error"' in html


def test_the_composition_form_rendered_field_by_field_has_the_summary_too(client, role_users):
    from essaim.programmes.tests.factories import CallFactory

    advisor = role_users["advisor"]
    programme = ProgrammeFactory(operator=advisor.memberships.get().organisation)
    call = CallFactory(programme=programme)
    client.force_login(advisor)
    url = reverse("cohorts:composition_start", args=[call.slug])
    response = client.post(url, {"min_size": "trois"})
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("data-error-summary") == 1
    assert 'href="#id_min_size"' in html
