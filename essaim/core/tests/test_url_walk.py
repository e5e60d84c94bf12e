"""Every URL of the site, as each role: refusals are the project's French 403 and 404 pages, every
HTML page carries the security headers and nothing the CSP would block, and nothing is a 500.

URLs are listed from the URL configuration, so a new page is walked without editing this file.
Their parameters take the ids and slugs of one programme's worth of data (call, applications,
documents, opinion, cohort, sessions of each audience, composition): for each role, some are
theirs, some are someone else's."""

import copy
import itertools
import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter
from django.urls.resolvers import RoutePattern

from essaim.applications.models import ApplicationDocument, ApplicationStatus, ExpertOpinion
from essaim.applications.tests.factories import ApplicationFactory
from essaim.cohorts.services.composition import composition_run_create
from essaim.cohorts.tests.factories import cohort_scenario
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.tests.factories import CallFactory
from essaim.sessions import services as session_services
from essaim.sessions.tests.factories import ParticipantFactory, SessionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ["anonymous", "member", "advisor", "expert", "funder", "provider", "admin", "outsider"]
TITLES = {
    403: "<title>Accès refusé · essaim</title>",
    404: "<title>Page introuvable · essaim</title>",
}
# What the CSP refuses, written in a page: inline scripts (JSON data blocks are not run),
# <style> elements, style attributes and inline event handlers.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>"
    r"|<style\b|\sstyle=|\son[a-z]+=",
    re.IGNORECASE,
)


def url_patterns(resolver=None, namespace=""):
    """(name, pattern) of every named URL, namespaced like reverse() wants it."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern


def programme_data(role_users):
    """One programme of the advisor's operator, with something behind every kind of URL; the
    objects by name too, for the permission table."""
    scenario = cohort_scenario(role_users)
    programme, cohort = scenario["programme"], scenario["cohort"]
    programme.funders.add(role_users["funder"].organisations.get())
    call = CallFactory(programme=programme)
    application = ApplicationFactory(
        call=call, organisation=scenario["member_organisation"], submitted=True
    )
    document = ApplicationDocument(
        application=application, original_name="statuts.pdf", mime_type="application/pdf", size=45
    )
    document.file.save("statuts.pdf", ContentFile(PDF))
    opinion = ExpertOpinion.objects.create(
        application=application, expert=role_users["expert"], question="Viable ?"
    )
    admitted = [ApplicationFactory(call=call, status=ApplicationStatus.ADMITTED) for _ in range(3)]
    run = composition_run_create(
        actor=role_users["advisor"],
        call=call,
        options={"min_size": 3, "max_size": 3, "weights": {"need": 1}, "time_limit": 1},
    )
    sessions = [
        SessionFactory(cohort=cohort, title="Atelier de cohorte"),
        SessionFactory(cohort=cohort, codev=True, now=True, title="Codéveloppement"),
        SessionFactory(cohort=None, organisation=scenario["member_organisation"]),
        SessionFactory(open=True, title="Formation ouverte"),
    ]
    for session in sessions:
        session.facilitators.add(role_users["advisor"])
    ParticipantFactory(session=sessions[0], user=role_users["member"])
    session_document = session_services.session_document_add(
        actor=role_users["advisor"],
        session=sessions[0],
        uploaded_file=SimpleUploadedFile("support.pdf", PDF),
    )
    objects = [
        application,
        document,
        opinion,
        run,
        cohort,
        cohort.memberships.first(),
        session_document,
        *admitted,
        *sessions,
    ]
    slugs = [
        scenario["member_organisation"].slug,
        OrganisationFactory().slug,
        programme.slug,
        call.slug,
        "inconnu",
    ]
    named = {
        "application": application,
        "document": document,
        "opinion": opinion,
        "run": run,
        "cohort": cohort,
        "cohort_membership": cohort.memberships.first(),
        "session_document": session_document,
        "cohort_session": sessions[0],
        "codev_session": sessions[1],
        "organisation_session": sessions[2],
        "open_session": sessions[3],
        "organisation": scenario["member_organisation"],
        "programme": programme,
        "call": call,
    }
    return {"ints": sorted({obj.pk for obj in objects}), "slugs": slugs, "objects": named}


def urls_to_walk(data):
    values = {
        IntConverter: data["ints"],
        SlugConverter: data["slugs"],
        PathConverter: ["1"],
    }
    for name, pattern in url_patterns():
        if isinstance(pattern, RoutePattern):
            kwargs_choices = {
                key: values.get(type(converter), ["csv", "inconnu"])
                for key, converter in pattern.converters.items()
            }
        else:  # a regular expression: allauth's keys, the admin's application labels
            kwargs_choices = {key: ["0", "core"] for key in pattern.regex.groupindex}
        keys = list(kwargs_choices)
        for combination in itertools.product(*kwargs_choices.values()):
            try:
                yield reverse(name, kwargs=dict(zip(keys, combination, strict=True)))
            except NoReverseMatch:
                continue  # a value the expression refuses


def page_problems(url, response):
    problems = []
    title = TITLES.get(response.status_code)
    if title and title not in response.content.decode():
        problems.append(f"{response.status_code} is not the project's French page")
    if response["Content-Type"].startswith("text/html"):
        if "script-src 'self'" not in response.get("Content-Security-Policy", ""):
            problems.append("no Content-Security-Policy")
        if "camera=()" not in response.get("Permissions-Policy", ""):
            problems.append("no Permissions-Policy")
        if not response.streaming:
            found = INLINE.search(response.content.decode())
            if found:
                problems.append(f"inline {found.group(0)!r}, refused by the CSP")
    return [f"{url}: {problem}" for problem in problems]


def close_keeping_the_connection(response):
    """Close a (streamed) response like a WSGI server would. Closing sends request_finished,
    whose handler would close the database connection inside the test's transaction
    (PostgreSQL then fails every later request): the test client detaches it the same way."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def production_templates():
    # Rendered as in production: an unknown variable is blank, not a test failure (allauth's own
    # MFA page reads a key that is absent until recovery codes exist). What people see is walked.
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = ""
    return override_settings(TEMPLATES=templates)


@pytest.mark.parametrize("role", ROLES)
@production_templates()
def test_every_url_as_each_role_answers_french_refusals_and_secure_pages(role_users, role):
    data = programme_data(role_users)
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(role_users[role])

    problems, seen = [], set()
    for url in urls_to_walk(data):
        response = client.get(url)
        seen.add(response.status_code)
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        problems += page_problems(url, response)
        close_keeping_the_connection(response)

    assert not problems, f"as {role}:\n" + "\n".join(problems)
    unknown = client.get("/cette-adresse-n-existe-pas/")
    assert TITLES[404] in unknown.content.decode()
    if role in {"member", "funder", "provider", "outsider"}:
        # Other people's rows answer 404 and others' actions 403: the walk met both.
        assert {403, 404} <= seen
