"""The admin cannot bypass the rules: workflow rows and logs are read-only there, statuses move
through the services, and roles granted in the admin are audited with the admin as actor."""

import pytest
from django.forms import MultiWidget
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.accounts.tests.factories import UserFactory
from essaim.applications.models import ApplicationStatus, ApplicationTransition
from essaim.applications.tests.factories import ApplicationFactory
from essaim.cohorts.models import CohortMembership
from essaim.core.models import AuditEvent
from essaim.core.services import audit_event_record
from essaim.organisations.models import Membership, Network, Organisation
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.models import CallStatus
from essaim.programmes.tests.factories import CallFactory


@pytest.fixture
def admin(client, role_users):
    client.force_login(role_users["admin"])
    client.user = role_users["admin"]
    return client


def admin_form_data(response) -> dict:
    """What the browser would post back from an admin change page, unchanged."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, MultiWidget):
                for index, part in enumerate(bound.field.widget.decompress(value)):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            elif value is not None:
                data[bound.html_name] = str(value)
    return data


def test_an_audit_event_cannot_be_deleted_in_the_admin(admin):
    event = audit_event_record(actor=admin.user, obj=OrganisationFactory(), action="test.done")

    url = reverse("admin:core_auditevent_delete", args=[event.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_transition_cannot_be_deleted_nor_its_application(admin):
    application = ApplicationFactory(submitted=True)
    transition = ApplicationTransition.objects.create(
        application=application,
        transition="submit",
        from_status=ApplicationStatus.DRAFT,
        to_status=ApplicationStatus.SUBMITTED,
        actor=admin.user,
    )

    delete_transition = reverse(
        "admin:applications_applicationtransition_delete", args=[transition.pk]
    )
    assert admin.post(delete_transition, {"post": "yes"}).status_code == 403
    delete_application = reverse("admin:applications_application_delete", args=[application.pk])
    assert admin.post(delete_application, {"post": "yes"}).status_code == 403
    assert ApplicationTransition.objects.filter(pk=transition.pk).exists()


def test_an_application_s_status_cannot_be_changed_in_the_admin(admin):
    application = ApplicationFactory(submitted=True)
    url = reverse("admin:applications_application_change", args=[application.pk])

    page = admin.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    assert admin.post(url, {"status": ApplicationStatus.ADMITTED}).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_call_s_status_is_read_only_and_moves_through_the_service(admin):
    call = CallFactory(status=CallStatus.PUBLISHED)
    url = reverse("admin:programmes_call_change", args=[call.pk])
    page = admin.get(url)
    data = admin_form_data(page) | {"status": CallStatus.DRAFT, "title": "Appel renommé"}

    assert admin.post(url, data).status_code == 302
    call.refresh_from_db()
    assert (call.title, call.status) == ("Appel renommé", CallStatus.PUBLISHED)

    changelist = reverse("admin:programmes_call_changelist")
    admin.post(changelist, {"action": "close", "_selected_action": [call.pk]})
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    assert call.transitions.filter(transition="close", actor=admin.user).exists()


def test_cohort_memberships_cannot_be_added_or_changed_in_the_admin(admin):
    assert admin.get(reverse("admin:cohorts_cohortmembership_add")).status_code == 403
    assert not CohortMembership.objects.exists()


def test_a_role_granted_in_the_admin_is_audited_with_the_admin_as_actor(admin):
    funder, person = OrganisationFactory(funder=True), UserFactory()

    response = admin.post(
        reverse("admin:organisations_membership_add"),
        {"user": person.pk, "organisation": funder.pk, "role": Role.FUNDER, "job_title": ""},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(user=person, organisation=funder, role=Role.FUNDER).exists()
    event = AuditEvent.objects.get(action="membership.created")
    assert event.actor == admin.user
    assert event.changes == {"user": person.email, "role": Role.FUNDER}


def test_a_role_added_on_the_organisation_page_is_audited(admin):
    operator, person = OrganisationFactory(operator=True), UserFactory()
    url = reverse("admin:organisations_organisation_change", args=[operator.pk])
    data = admin_form_data(admin.get(url))
    data |= {
        "memberships-TOTAL_FORMS": "1",
        "memberships-0-user": str(person.pk),
        "memberships-0-role": Role.ADVISOR,
        "memberships-0-job_title": "Chargée de mission",
    }

    assert admin.post(url, data).status_code == 302
    event = AuditEvent.objects.get(action="membership.created")
    assert (event.actor, event.changes["user"]) == (admin.user, person.email)


def test_a_role_changed_or_taken_away_in_the_admin_is_audited(admin):
    membership = MembershipFactory(
        organisation=OrganisationFactory(operator=True), role=Role.ADVISOR
    )
    change = reverse("admin:organisations_membership_change", args=[membership.pk])

    admin.post(change, {"role": Role.ADVISOR, "job_title": "Responsable"})
    updated = AuditEvent.objects.get(action="membership.updated")
    assert updated.actor == admin.user
    assert updated.changes["job_title"] == ["", "Responsable"]

    admin.post(
        reverse("admin:organisations_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()
    deleted = AuditEvent.objects.get(action="membership.deleted")
    assert (deleted.actor, deleted.changes["role"]) == (admin.user, Role.ADVISOR)


def test_making_someone_an_administrator_in_the_admin_is_audited(admin):
    person = UserFactory()
    url = reverse("admin:accounts_user_change", args=[person.pk])
    data = admin_form_data(admin.get(url)) | {"is_staff": "on", "is_superuser": "on"}

    assert admin.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.is_superuser
    event = AuditEvent.objects.get(action="user.rights_changed")
    assert event.actor == admin.user
    assert event.changes == {"is_staff": [False, True], "is_superuser": [False, True]}


def test_an_organisation_edited_in_the_admin_goes_through_the_service_and_is_audited(admin):
    organisation = OrganisationFactory(name="Atelier Vélo Solidaire", kind="supported")
    network = Network.objects.create(name="Réseau des recycleries", slug="recycleries")
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    data = admin_form_data(admin.get(url))
    data |= {"name": "Atelier Vélo Solidaire du Bocage", "networks": [str(network.pk)]}

    response = admin.post(url, data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Atelier Vélo Solidaire du Bocage"
    assert organisation.slug == "atelier-velo-solidaire-du-bocage"  # recomputed by the service
    event = AuditEvent.objects.get(action="organisation.updated", object_id=str(organisation.pk))
    assert event.actor == admin.user
    assert event.changes["name"] == ["Atelier Vélo Solidaire", "Atelier Vélo Solidaire du Bocage"]
    assert event.changes["networks"] == [[], [network.pk]]


def test_an_organisation_created_in_the_admin_is_audited_and_has_no_member(admin):
    url = reverse("admin:organisations_organisation_add")
    data = admin_form_data(admin.get(url))
    data |= {"name": "Recyclerie des Collines", "kind": "supported", "rna_number": "W141234567"}

    response = admin.post(url, data)

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Recyclerie des Collines")
    assert organisation.slug == "recyclerie-des-collines"
    assert not organisation.memberships.exists()  # the administrator does not join it
    assert AuditEvent.objects.filter(
        action="organisation.created", object_id=str(organisation.pk), actor=admin.user
    ).exists()


def test_a_look_alike_name_is_refused_in_the_admin_with_a_message(admin):
    OrganisationFactory(name="Café Solidaire")
    organisation = OrganisationFactory(name="Épicerie du Lac")
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    data = admin_form_data(admin.get(url)) | {"name": "CAFE SOLIDAIRE"}

    response = admin.post(url, data)

    assert response.status_code == 200
    assert "se lit comme celui de « Café Solidaire »" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Épicerie du Lac"
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()
