"""Sessions under /sessions/ (planner, attendance, co-development, registration) and calendars
under /agenda/ (« Mon agenda », a cohort's, a programme's, the private .ics feeds)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.generic import RedirectView

from .views import calendar, sessions

app_name = "sessions"
urlpatterns = [
    # A cohort's sessions
    path(
        "sessions/cohortes/<int:cohort_pk>/nouvelle/",
        sessions.session_create,
        name="session_create",
    ),
    path(
        "sessions/cohortes/<int:cohort_pk>/planifier/",
        sessions.session_plan,
        name="session_plan",
    ),
    # One session
    path("sessions/ouvertes/", sessions.open_sessions, name="open_sessions"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/modifier/", sessions.session_update, name="session_update"),
    path("sessions/<int:pk>/annuler/", sessions.session_cancel, name="session_cancel"),
    path(
        "sessions/<int:pk>/inviter/",
        sessions.session_participants_invite,
        name="session_participants_invite",
    ),
    path(
        "sessions/<int:pk>/documents/", sessions.session_document_add, name="session_document_add"
    ),
    path(
        "sessions/<int:pk>/documents/<int:document_pk>/",
        sessions.session_document,
        name="session_document",
    ),
    path(
        "sessions/<int:pk>/documents/<int:document_pk>/retirer/",
        sessions.session_document_remove,
        name="session_document_remove",
    ),
    path("sessions/<int:pk>/inscription/", sessions.session_register, name="session_register"),
    path(
        "sessions/<int:pk>/desinscription/", sessions.session_unregister, name="session_unregister"
    ),
    path("sessions/<int:pk>/emargement/", sessions.attendance_sign, name="attendance_sign"),
    path("sessions/<int:pk>/pointage/", sessions.attendance_mark, name="attendance_mark"),
    path(
        "sessions/<int:pk>/feuille-emargement.pdf",
        sessions.attendance_sheet,
        name="attendance_sheet",
    ),
    path("sessions/<int:pk>/codeveloppement/", sessions.codev_detail, name="codev"),
    path(
        "sessions/<int:pk>/codeveloppement/etape-suivante/",
        sessions.codev_stage_next,
        name="codev_stage_next",
    ),
    # Calendars
    path("agenda/", calendar.my_calendar, name="my_calendar"),
    path("agenda/creer-adresse/", calendar.my_calendar_feed_create, name="my_calendar_feed_create"),
    path("agenda/nouvelle-adresse/", calendar.my_calendar_renew, name="my_calendar_renew"),
    path("agenda/flux/<slug:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("agenda/cohortes/<int:cohort_pk>/", calendar.cohort_calendar, name="cohort_calendar"),
    path(
        "agenda/cohortes/<int:cohort_pk>/creer-adresse/",
        calendar.cohort_calendar_feed_create,
        name="cohort_calendar_feed_create",
    ),
    path(
        "agenda/cohortes/<int:cohort_pk>/nouvelle-adresse/",
        calendar.cohort_calendar_renew,
        name="cohort_calendar_renew",
    ),
    path("agenda/programmes/<slug:slug>/", calendar.programme_calendar, name="programme_calendar"),
    # Addresses from before sessions had their own app, already in e-mails, .ics files and
    # calendar apps: they move permanently (a feed's token is still its only key).
    path(
        "cohortes/agenda/flux/<slug:token>.ics",
        login_not_required(
            RedirectView.as_view(pattern_name="sessions:calendar_feed", permanent=True)
        ),
    ),
    path(
        "cohortes/sessions/<int:pk>/",
        RedirectView.as_view(pattern_name="sessions:session_detail", permanent=True),
    ),
]
