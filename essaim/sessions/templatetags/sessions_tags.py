"""Parts of other apps' pages that are about sessions. Cohorts sit below sessions and may not
import them: the cohort page loads these tags instead (like the call page's apply box)."""

from django import template

from essaim.cohorts.models import Cohort
from essaim.programmes.models import Programme

from ..models import Session
from ..selectors import cohort_sessions as cohort_sessions_of
from ..selectors import hours_by_organisation

register = template.Library()


@register.inclusion_tag("sessions/includes/cohort_sessions.html", takes_context=True)
def cohort_sessions(context, cohort: Cohort, can_manage: bool):
    """The cohort's upcoming and past sessions with their attendance, as the viewer may see."""
    summary = cohort_sessions_of(cohort, user=context["request"].user)
    return {
        "cohort": cohort,
        "can_manage": can_manage,
        "upcoming": summary.upcoming,
        "past": summary.past,
        "average": summary.average,
    }


@register.inclusion_tag("sessions/includes/cohort_hours.html")
def cohort_hours(cohort: Cohort):
    """FEDER evidence: hours of support per organisation, from signed attendance."""
    return {"hours": hours_by_organisation(Session.objects.filter(cohort=cohort))}


@register.inclusion_tag("sessions/includes/cohort_links.html")
def cohort_session_links(cohort: Cohort, can_manage: bool):
    """The cohort's calendar, and the planner for those who manage it."""
    return {"cohort": cohort, "can_manage": can_manage}


@register.inclusion_tag("sessions/includes/programme_calendar_link.html")
def programme_calendar_link(programme: Programme):
    return {"programme": programme}
