"""Who may open what: every named URL of the site, as each role, in one table.

The table is checked against the URL resolver, so a new view fails here until its row says who
may open it, and a row whose URL is gone fails too. Each role walks every row once on one set of
data (the URL walk's programme); a view that only takes POST is posted an empty form, in a
savepoint rolled back afterwards so that no request changes what the next one sees.

Outcomes, one column per role in the order of ROLES:
    ok      the view answered: a page (2xx), a redirect elsewhere than the login page, or a 400
            for the empty form (the permission was granted, the form refused)
    login   sent to the login page
    403     refused (the French 403 page)
    404     hidden: someone else's row answers like a missing one
    405     the method is refused
The admin site's rows are built from its pages and from each registered model, editable or
read-only."""

from typing import NamedTuple

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern

from essaim.applications.models import ApplicationDocument
from essaim.applications.tests.factories import ApplicationFactory, CoApplicantFactory
from essaim.core.tests.test_url_walk import (
    PDF,
    ROLES,
    close_keeping_the_connection,
    production_templates,
    programme_data,
    url_patterns,
)
from essaim.programmes.tests.factories import CallFactory
from essaim.sessions.models import CalendarFeed
from essaim.sessions.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


class Row(NamedTuple):
    outcomes: str  # one outcome per role, in the order of ROLES
    args: tuple = ()  # names of the objects (or literal values) given to the URL's parameters
    method: str = "GET"
    data: tuple = ()  # fields posted, named like args: a form refuses an unknown person with a 404


# Columns: anonymous, member, advisor, expert, funder, provider, admin, outsider.
TABLE = {
    # Home, dashboard, accessibility, failed e-mails, language
    "portal:home": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "portal:dashboard": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "core:accessibility": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "core:email_failures": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "core:health": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    # Accounts: allauth's pages and MFA
    "accounts:mfa_banner_dismiss": Row("login ok    ok    ok    ok    ok    ok    ok", (), "POST"),
    "account_login": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "account_logout": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "account_inactive": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "account_signup": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "account_reauthenticate": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "account_email": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "account_email_verification_sent": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "account_change_password": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "account_set_password": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "account_reset_password": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "account_confirm_login_code": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "account_confirm_email": Row("ok    ok    ok    ok    ok    ok    ok    ok", ("inconnu",)),
    "account_reset_password_from_key_done": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "account_reset_password_from_key": Row(
        "ok    ok    ok    ok    ok    ok    ok    ok", ("0", "inconnu")
    ),
    "account_reset_password_done": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "mfa_index": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "mfa_authenticate": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "mfa_reauthenticate": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "mfa_activate_totp": Row("login ok    ok    ok    ok    ok    ok    ok"),
    # nobody has an authenticator yet: nothing to deactivate, no codes
    "mfa_deactivate_totp": Row("login 404   404   404   404   404   404   404"),
    "mfa_view_recovery_codes": Row("login 404   404   404   404   404   404   404"),
    "mfa_generate_recovery_codes": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "mfa_download_recovery_codes": Row("login 404   404   404   404   404   404   404"),
    # Organisations
    "organisations:list": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "organisations:create": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "organisations:detail": Row("ok    ok    ok    ok    ok    ok    ok    ok", ("organisation",)),
    "organisations:update": Row("login ok    403   403   403   403   ok    403", ("organisation",)),
    # Programmes and calls
    "programmes:list": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "programmes:open_calls": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    "programmes:manage": Row("login 403   ok    403   403   403   ok    403"),
    "programmes:create": Row("login 403   ok    403   403   403   ok    403"),
    "applications:decision_templates": Row("login 403   ok    403   403   403   ok    403"),
    "programmes:call_detail": Row("ok    ok    ok    ok    ok    ok    ok    ok", ("call",)),
    "programmes:call_update": Row("login 403   ok    403   403   403   ok    403", ("call",)),
    "programmes:call_preview": Row("login 403   ok    403   403   403   ok    403", ("call",)),
    "programmes:call_publish": Row(
        "login 403   ok    403   403   403   ok    403", ("call",), "POST"
    ),
    "programmes:call_close": Row(
        "login 403   ok    403   403   403   ok    403", ("call",), "POST"
    ),
    "programmes:call_duplicate": Row(
        "login 403   ok    403   403   403   ok    403", ("call",), "POST"
    ),
    "programmes:detail": Row("ok    ok    ok    ok    ok    ok    ok    ok", ("programme",)),
    "programmes:update": Row("login 403   ok    403   403   403   ok    403", ("programme",)),
    "programmes:call_create": Row("login 403   ok    403   403   403   ok    403", ("programme",)),
    # Applications: the applicant's side, then screening
    "applications:mine": Row("login ok    ok    ok    ok    ok    ok    ok"),
    # the member's organisation has applied already: sent to its file
    "applications:start": Row(
        "login ok    ok    ok    ok    ok    ok    ok",
        ("call",),
        "POST",
        (("organisation", "member_organisation"),),
    ),
    "applications:detail": Row("login ok    ok    ok    404   404   ok    404", ("application",)),
    "applications:edit": Row("login ok    404   404   404   404   403   404", ("draft",)),
    "applications:edit_step": Row(
        "login ok    404   404   404   404   403   404", ("draft", "besoin")
    ),
    "applications:document_upload": Row(
        "login ok    404   404   404   404   403   404", ("draft",), "POST"
    ),
    "applications:document_delete": Row(
        "login ok    404   404   404   404   403   404", ("draft", "draft_document"), "POST"
    ),
    "applications:document": Row("login ok    ok    ok    404   404   ok    404", ("document",)),
    "applications:co_applicant_invite": Row(
        "login ok    404   404   404   404   403   404", ("draft",), "POST"
    ),
    "applications:submit": Row("login ok    404   404   404   404   403   404", ("draft",), "POST"),
    "applications:information_answer": Row(
        "login 403   403   403   404   404   403   404", ("application",), "POST"
    ),
    "applications:withdraw": Row(
        "login ok    403   403   404   404   403   404", ("application",), "POST"
    ),
    # for the person invited, who may have no account yet
    "applications:invitation": Row(
        "ok    403   403   403   403   403   403   403", ("invitation_token",)
    ),
    "applications:pipeline": Row("login 404   ok    404   404   404   ok    404", ("call",)),
    "applications:export": Row("login 404   ok    404   404   404   ok    404", ("call", "csv")),
    "applications:bulk_decide": Row(
        "login 404   ok    404   404   404   ok    404", ("call",), "POST"
    ),
    "applications:eligibility": Row(
        "login 403   ok    403   404   404   ok    404", ("application",), "POST"
    ),
    "applications:information_request": Row(
        "login 403   ok    403   404   404   ok    404", ("application",), "POST"
    ),
    "applications:information_read": Row(
        "login 403   ok    403   404   404   ok    404", ("application",), "POST"
    ),
    "applications:opinion_request": Row(
        "login 403   ok    403   404   404   ok    404", ("application",), "POST"
    ),
    "applications:interview_schedule": Row(
        "login 403   ok    403   404   404   ok    404", ("application",), "POST"
    ),
    "applications:interview_record": Row(
        "login 403   ok    403   404   404   ok    404", ("application",), "POST"
    ),
    "applications:decide": Row(
        "login 403   ok    403   404   404   ok    404", ("application",), "POST"
    ),
    "applications:opinion": Row("login 404   404   ok    404   404   404   404", ("opinion",)),
    # Cohorts, compositions and sessions
    "cohorts:detail": Row("login ok    ok    ok    404   404   ok    404", ("cohort",)),
    "cohorts:update": Row("login 403   ok    403   404   404   ok    404", ("cohort",)),
    "cohorts:list": Row("login ok    ok    ok    ok    ok    ok    ok", ("programme",)),
    "cohorts:membership_status": Row(
        "login 403   ok    403   404   404   ok    404", ("cohort_membership",), "POST"
    ),
    "cohorts:composition_start": Row("login 403   ok    403   403   403   ok    403", ("call",)),
    "cohorts:composition_run": Row("login 404   ok    404   404   404   ok    404", ("run",)),
    "cohorts:composition_move": Row(
        "login 404   ok    404   404   404   ok    404", ("run",), "POST"
    ),
    "cohorts:composition_accept": Row(
        "login 404   ok    404   404   404   ok    404", ("run",), "POST"
    ),
    "sessions:session_create": Row("login 403   ok    403   404   404   ok    404", ("cohort",)),
    "sessions:session_plan": Row("login 403   ok    403   404   404   ok    404", ("cohort",)),
    "sessions:cohort_calendar": Row("login ok    ok    ok    404   404   ok    404", ("cohort",)),
    "sessions:cohort_calendar_feed_create": Row(
        "login 403   ok    403   404   404   ok    404", ("cohort",), "POST"
    ),
    "sessions:cohort_calendar_renew": Row(
        "login 403   ok    403   404   404   ok    404", ("cohort",), "POST"
    ),
    "sessions:open_sessions": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "sessions:session_detail": Row(
        "login ok    ok    ok    404   404   ok    404", ("cohort_session",)
    ),
    "sessions:session_update": Row(
        "login 403   ok    403   404   404   ok    404", ("cohort_session",)
    ),
    "sessions:session_cancel": Row(
        "login 403   ok    403   404   404   ok    404", ("cohort_session",), "POST"
    ),
    "sessions:session_participants_invite": Row(
        "login 403   ok    403   404   404   ok    404", ("cohort_session",), "POST"
    ),
    "sessions:session_document_add": Row(
        "login 403   ok    403   404   404   ok    404", ("cohort_session",), "POST"
    ),
    "sessions:session_document": Row(
        "login ok    ok    ok    404   404   ok    404", ("cohort_session", "session_document")
    ),
    "sessions:session_document_remove": Row(
        "login 403   ok    403   404   404   ok    404",
        ("cohort_session", "session_document"),
        "POST",
    ),
    # people without an organisation are told so (400)
    "sessions:session_register": Row(
        "login ok    ok    ok    ok    ok    ok    ok", ("open_session",), "POST"
    ),
    "sessions:session_unregister": Row(
        "login ok    ok    ok    ok    ok    ok    ok", ("open_session",), "POST"
    ),
    "sessions:attendance_sign": Row(
        "login ok    ok    ok    404   404   ok    404",
        ("codev_session",),
        "POST",
        (("user", "member"),),
    ),
    "sessions:attendance_mark": Row(
        "login 403   ok    403   404   404   ok    404",
        ("codev_session",),
        "POST",
        (("user", "member"),),
    ),
    "sessions:attendance_sheet": Row(
        "login 403   ok    403   404   404   ok    404", ("cohort_session",)
    ),
    "sessions:codev": Row("login ok    ok    ok    404   404   ok    404", ("codev_session",)),
    "sessions:codev_stage_next": Row(
        "login 403   ok    403   404   404   ok    404", ("codev_session",), "POST"
    ),
    "sessions:my_calendar": Row("login ok    ok    ok    ok    ok    ok    ok"),
    "sessions:my_calendar_feed_create": Row(
        "login ok    ok    ok    ok    ok    ok    ok", (), "POST"
    ),
    "sessions:my_calendar_renew": Row("login ok    ok    ok    ok    ok    ok    ok", (), "POST"),
    # the token is the key: calendar applications do not sign in
    "sessions:calendar_feed": Row("ok    ok    ok    ok    ok    ok    ok    ok", ("feed_token",)),
    "sessions:programme_calendar": Row(
        "login 403   ok    403   403   403   ok    403", ("programme",)
    ),
    # Territories
    "territories:commune_search": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
    # Home, dashboard, accessibility, failed e-mails, language
    "set_language": Row("ok    ok    ok    ok    ok    ok    ok    ok"),
}


def admin_only(outcome):
    """The admin site sends everyone but administrators to its login."""
    return Row(f"login login login login login login {outcome} login")


# The admin site's own pages.
ADMIN_PAGES = {
    "admin:index": admin_only("ok"),
    "admin:app_list": admin_only("ok"),
    "admin:login": Row("login 403   403   403   403   403   ok    403"),
    "admin:logout": Row("login ok    ok    ok    ok    ok    405   ok"),  # a POST for the admin
    "admin:password_change": admin_only("ok"),
    "admin:password_change_done": admin_only("ok"),
    "admin:auth_user_password_change": admin_only("ok"),
    "admin:autocomplete": admin_only("403"),  # no autocomplete field
    "admin:jsi18n": admin_only("ok"),
    "admin:view_on_site": admin_only("404"),  # no model has a public page
}
# Each model registered in the admin: editable, or read-only (workflow rows and logs change
# through the services; adding and deleting answer 403).
ADMIN_MODELS = {
    "auth_group": "editable",
    "account_emailaddress": "editable",
    "mfa_authenticator": "editable",
    "core_auditevent": "read-only",
    "core_emailfailure": "read-only",
    "accounts_user": "editable",
    "territories_region": "editable",
    "territories_department": "editable",
    "territories_commune": "editable",
    "organisations_organisation": "editable",
    "organisations_membership": "editable",
    "organisations_legalform": "editable",
    "organisations_activitycode": "editable",
    "organisations_network": "editable",
    "programmes_programme": "editable",
    "programmes_call": "editable",
    "programmes_calltransition": "read-only",
    "applications_application": "read-only",
    "applications_applicationtransition": "read-only",
    "applications_timelineentry": "read-only",
    "applications_coapplicanttransition": "read-only",
    "cohorts_cohort": "editable",
    "cohorts_cohortmembership": "read-only",
    "cohorts_cohortmembershipchange": "read-only",
    "cohorts_compositionrun": "read-only",
    "cohorts_compositionruntransition": "read-only",
    "support_sessions_session": "read-only",
    "support_sessions_sessiontransition": "read-only",
    "support_sessions_participant": "read-only",
    "support_sessions_participanttransition": "read-only",
}


def admin_rows():
    rows = dict(ADMIN_PAGES)
    for model, kind in ADMIN_MODELS.items():
        for view in ("changelist", "change", "history", "add", "delete"):
            refused = kind == "read-only" and view in ("add", "delete")
            rows[f"admin:{model}_{view}"] = admin_only("403" if refused else "ok")
    return rows


ROWS = {**TABLE, **admin_rows()}
# The admin's parameters take the member's user id (a row that exists whatever the database's
# sequences: PostgreSQL does not restart them between tests) or an application label; a missing
# object of another model redirects, like an existing one's page answers.
ADMIN_LABEL = "core"


def extra_objects(role_users, objects):
    """What the URL walk's programme lacks: a draft of the member's organisation with a document,
    a co-applicant invitation, the member's calendar feed, and the member expected at the session
    under way (its attendance can be signed)."""
    application = objects["application"]
    draft = ApplicationFactory(
        call=CallFactory(programme=application.call.programme),
        organisation=application.organisation,
    )
    draft_document = ApplicationDocument(
        application=draft, original_name="budget.pdf", mime_type="application/pdf", size=len(PDF)
    )
    draft_document.file.save("budget.pdf", ContentFile(PDF))
    ParticipantFactory(session=objects["codev_session"], user=role_users["member"])
    return {
        "draft": draft,
        "draft_document": draft_document,
        "invitation_token": CoApplicantFactory(application=application).token,
        "feed_token": CalendarFeed.objects.create(user=role_users["member"]).token,
        "member": role_users["member"],
        "member_organisation": application.organisation,
    }


def parameters(pattern):
    """The URL's parameter names and whether each takes an id, in the order of the route."""
    if isinstance(pattern, RoutePattern):
        return [(key, isinstance(conv, IntConverter)) for key, conv in pattern.converters.items()]
    return [(key, False) for key in pattern.regex.groupindex]


def url_of(name, pattern, row, objects):
    keys = parameters(pattern)
    if name.startswith("admin:"):
        for value in (str(objects["member"].pk), ADMIN_LABEL):
            try:
                return reverse(name, kwargs={key: value for key, _ in keys})
            except NoReverseMatch:
                continue
    kwargs = {}
    for (key, takes_id), arg in zip(keys, row.args, strict=True):
        value = objects.get(arg, arg)
        if not isinstance(value, str):
            value = value.pk if takes_id else value.slug
        kwargs[key] = value
    return reverse(name, kwargs=kwargs)


def outcome(response):
    status = response.status_code
    if 300 <= status < 400:
        login = {reverse("account_login"), reverse("admin:login")}
        return "login" if response.url.split("?")[0] in login else "ok"
    if status < 300 or status == 400:
        return "ok"
    return str(status)


def answer(client, url, method, data=None):
    """The outcome of one request, whose writes are rolled back."""
    with transaction.atomic():
        response = client.post(url, data or {}) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    close_keeping_the_connection(response)
    return outcome(response)


def test_every_named_url_has_a_row_and_every_row_a_url():
    names = {name for name, _pattern in url_patterns()}
    assert sorted(names - ROWS.keys()) == [], "a view without its row: who may open it?"
    assert sorted(ROWS.keys() - names) == [], "a row whose URL is gone"
    for name, row in ROWS.items():
        assert len(row.outcomes.split()) == len(ROLES), f"{name}: one outcome per role"
        assert set(row.outcomes.split()) <= {"ok", "login", "403", "404", "405"}, name


@pytest.mark.parametrize("role", ROLES)
@production_templates()
def test_each_role_is_allowed_or_refused_as_the_table_says(role_users, role):
    data = programme_data(role_users)
    objects = {**data["objects"], **extra_objects(role_users, data["objects"])}
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(role_users[role])
    column = ROLES.index(role)

    wrong = []
    for name, pattern in url_patterns():
        row = ROWS.get(name)
        if row is None:
            continue  # the completeness test names it
        url = url_of(name, pattern, row, objects)
        data = {key: objects[arg].pk for key, arg in row.data}
        expected, got = row.outcomes.split()[column], answer(client, url, row.method, data)
        if got != expected:
            wrong.append(f"{name} ({row.method} {url}): {got}, the table says {expected}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)
