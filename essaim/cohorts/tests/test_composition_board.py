"""The composition board reads as a person would want it: each organisation's theme, reasons in
sentences, an honest status after manual moves, size and capacity warnings, an announced move;
accepting keeps the proposed names and themes, checks the dates, asks for confirmation and
needs a recorded reason to go beyond the call's places or a cohort's size."""

from datetime import date

import pytest
from django.urls import reverse

from essaim.applications.models import ApplicationStatus
from essaim.applications.tests.factories import ApplicationFactory
from essaim.cohorts.models import Cohort, CompositionRun
from essaim.cohorts.services.composition import (
    composition_accept,
    composition_move,
    composition_run_create,
)
from essaim.core.models import AuditEvent
from essaim.organisations.models import ActivityCode
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.models import Theme
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
OPTIONS = {
    "min_size": 3,
    "max_size": 3,
    "one_theme_per_cohort": True,
    "weights": {"need": 1, "complementarity": 1, "territory": 1},
    "time_limit": 5,
}
ORGANISATIONS = [
    ("Jardin de Cocagne", "01.13Z", "Alimentation", "Vendre nos légumes en circuits courts"),
    ("Cantine solidaire", "56.10A", "Alimentation", "Cuisiner des produits en circuits courts"),
    ("Épicerie du coin", "47.21Z", "Alimentation", "Ouvrir une épicerie de produits locaux"),
    ("Code social", "62.01Z", "Numérique", "Former des salariés en insertion au numérique"),
    ("Logiciels libres", "58.29C", "Numérique", "Partager un logiciel de gestion"),
    ("Portail associatif", "63.12Z", "Numérique", "Un portail commun pour nos adhérents"),
]


@pytest.fixture
def advisor(role_users, client):
    client.force_login(role_users["advisor"])
    return role_users["advisor"]


@pytest.fixture
def call(advisor):
    programme = ProgrammeFactory(operator=advisor.organisations.get())
    themes = {
        name: Theme.objects.create(programme=programme, name=name, order=n)
        for n, name in enumerate(["Alimentation", "Numérique"])
    }
    call = CallFactory(programme=programme, closed=True)
    for name, naf, theme, need in ORGANISATIONS:
        ApplicationFactory(
            call=call,
            organisation=OrganisationFactory(name=name, naf_code=ActivityCode.objects.get(pk=naf)),
            theme=themes[theme],
            need=need,
            status=ApplicationStatus.ADMITTED,
        )
    return call


@pytest.fixture
def run(call, advisor):
    return composition_run_create(actor=advisor, call=call, options=OPTIONS)


def html(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def cohort_of(run, name: str) -> dict:
    organisation = run.call.applications.get(organisation__name=name).organisation_id
    return next(c for c in run.result["cohorts"] if str(organisation) in c["members"])


def org_id(run, name: str) -> str:
    return str(run.call.applications.get(organisation__name=name).organisation_id)


def test_the_board_shows_themes_and_reasons_in_sentences(client, run):
    page = html(client.get(reverse("cohorts:composition_run", args=[run.pk])))
    food = cohort_of(run, "Jardin de Cocagne")["index"] + 1
    assert f"Cohorte {food} – Alimentation" in page
    assert "Thème : Alimentation" in page and "Thème : Numérique" in page
    assert (
        "Activités complémentaires : culture de légumes, de melons, de racines et de tubercules "
        "et restauration traditionnelle." in page
    )
    assert "Mots en commun dans leurs besoins : circuits, courts." in page
    assert "Même département : Seine-Maritime (76)." in page
    assert "production → transformation" not in page  # the engine's keywords stay inside
    assert "Solution optimale prouvée" in page and "modifiée à la main" not in page


def test_after_a_manual_move_the_board_no_longer_says_optimal_and_warns_on_sizes(
    client, run, advisor
):
    numeric = cohort_of(run, "Code social")["index"]
    composition_move(
        actor=advisor, run=run, candidate_id=org_id(run, "Jardin de Cocagne"), to_index=numeric
    )
    page = html(client.get(reverse("cohorts:composition_run", args=[run.pk])))
    assert "optimale" not in page
    assert "Composition modifiée à la main : score total" in page
    assert "(proposition de l'assistant : " in page
    assert "4 structures : la cohorte dépasse sa taille maximale (3)." in page
    assert "2 structures : la cohorte n'atteint pas sa taille minimale (3)." in page
    assert "Plusieurs thèmes alors qu'un seul était demandé : Alimentation, Numérique." in page


def test_a_move_is_announced_and_gives_the_focus_back_to_the_moved_item(client, run):
    garden = org_id(run, "Jardin de Cocagne")
    to = cohort_of(run, "Code social")["index"]
    response = client.post(
        reverse("cohorts:composition_move", args=[run.pk]),
        {"candidate": garden, "to": to},
        headers={"HX-Request": "true"},
    )
    page = html(response)
    announce = page.split('id="composition-announce" hx-swap-oob="innerHTML">')[1].split("<")[0]
    assert announce.startswith(f"Jardin de Cocagne rejoint la cohorte {to + 1}. ")
    assert f"Score de la cohorte {to + 1} : " in announce and "(+" in announce
    assert "(−" in announce  # the cohort it left lost points
    assert f'id="move-button-{garden}" autofocus' in page
    assert page.count("autofocus") == 1


def test_a_bad_move_answers_in_french_without_error(client, run):
    response = client.post(
        reverse("cohorts:composition_move", args=[run.pk]),
        {"candidate": "nobody", "to": "abc"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Déplacement impossible." in html(response)


def test_accepted_cohorts_keep_their_proposed_names_and_themes(run, advisor):
    Cohort.objects.create(programme=run.call.programme, name="Cohorte 1")  # an earlier cohort
    cohorts = composition_accept(actor=advisor, run=run)
    food = cohort_of(run, "Jardin de Cocagne")["index"]
    numeric = cohort_of(run, "Code social")["index"]
    assert {(c.name, c.theme.name) for c in cohorts} == {
        (f"Cohorte {food + 2} – Alimentation", "Alimentation"),
        (f"Cohorte {numeric + 2} – Numérique", "Numérique"),
    }


def test_accepting_asks_for_confirmation_then_creates_the_cohorts(client, run):
    url = reverse("cohorts:composition_accept", args=[run.pk])
    data = {"start_date": "2026-09-01", "end_date": "2027-01-31"}
    page = html(client.post(url, data))
    assert "Accepter cette composition ?" in page
    assert "6 structures seront réparties en 2 cohortes : Cohorte " in page
    assert "aucun e-mail n'est envoyé" in page
    assert "Période des cohortes : du 1er septembre 2026 au 31 janvier 2027." in page
    assert not Cohort.objects.exists()
    run.refresh_from_db()
    assert run.status == CompositionRun.Status.PROPOSED

    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert Cohort.objects.filter(start_date=date(2026, 9, 1)).count() == 2


def test_an_end_date_before_the_start_is_refused_in_french(client, run, advisor):
    url = reverse("cohorts:composition_accept", args=[run.pk])
    data = {"start_date": "2026-09-01", "end_date": "2026-06-30", "confirmed": "1"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "La fin des cohortes doit suivre leur début." in html(response)
    assert not Cohort.objects.exists()
    with pytest.raises(Exception, match="La fin des cohortes doit suivre leur début"):
        composition_accept(
            actor=advisor, run=run, start_date=date(2026, 9, 1), end_date=date(2026, 6, 30)
        )


def test_going_beyond_the_calls_places_needs_a_recorded_reason(client, run, advisor):
    run.call.capacity = 5
    run.call.save()
    url = reverse("cohorts:composition_accept", args=[run.pk])
    page = html(client.get(reverse("cohorts:composition_run", args=[run.pk])))
    warning = (
        "L'appel prévoit 5 places : cette composition porterait à 6 le nombre de structures en "
        "cohorte."
    )
    assert warning in page

    response = client.post(url, {"confirmed": "1"})
    assert response.status_code == 400
    assert "Pour accepter malgré tout, indiquez le motif du dépassement." in html(response)
    assert not Cohort.objects.exists()

    reason = "Une sixième structure financée par la Région"
    page = html(client.post(url, {"override_reason": reason}))
    assert f"Dépassement accepté : {warning}" in page and reason in page
    assert not Cohort.objects.exists()

    client.post(url, {"override_reason": reason, "confirmed": "1"})
    assert Cohort.objects.count() == 2
    event = AuditEvent.objects.get(action="composition.accepted")
    assert event.reason == reason and event.changes["overruns"] == [warning]
    log = run.transitions.get()
    assert (log.transition, log.from_status, log.to_status, log.actor, log.reason) == (
        "accept",
        CompositionRun.Status.PROPOSED,
        CompositionRun.Status.ACCEPTED,
        advisor,
        reason,
    )


def test_an_accepted_run_offers_neither_moves_nor_accepting_and_says_when_and_by_whom(
    client, run, advisor
):
    url = reverse("cohorts:composition_run", args=[run.pk])
    page = html(client.get(url))
    assert "Accepter cette composition" in page and "Déplacer" in page
    composition_accept(actor=advisor, run=run)
    page = html(client.get(url))
    assert "Accepter cette composition" not in page and "Déplacer" not in page
    assert "Composition acceptée le " in page and f" par {advisor}." in page

    # Accepted in another tab: a second acceptance is refused in French, nothing is created.
    accept = reverse("cohorts:composition_accept", args=[run.pk])
    response = client.post(accept, {"confirmed": "1"}, follow=True)
    assert "« Accepter la composition » n'est pas possible au statut « Acceptée »." in html(
        response
    )
    assert Cohort.objects.count() == 2 and run.transitions.count() == 1


def test_a_cohort_beyond_its_size_needs_a_reason_too(run, advisor):
    numeric = cohort_of(run, "Code social")["index"]
    composition_move(
        actor=advisor, run=run, candidate_id=org_id(run, "Jardin de Cocagne"), to_index=numeric
    )
    with pytest.raises(Exception, match="motif du dépassement"):
        composition_accept(actor=advisor, run=run)
    cohorts = composition_accept(actor=advisor, run=run, override_reason="Binôme inséparable")
    assert sorted(c.memberships.count() for c in cohorts) == [2, 4]
