from django.contrib import admin

from essaim.core.admin import ReadOnlyAdminMixin, ReadOnlyInline

from .models import (
    Application,
    ApplicationTransition,
    CoApplicant,
    CoApplicantTransition,
    ExpertOpinion,
    Interview,
    TimelineEntry,
)

# The whole file is workflow and history: every move goes through the services (state machine,
# transition log, e-mails). The admin shows it; registering the logs read-only also makes the
# admin refuse a cascade that would delete them (deleting a call or a programme).


class TransitionInline(ReadOnlyInline):
    model = ApplicationTransition
    readonly_fields = ["from_status", "to_status", "actor", "reason", "created_at"]


class CoApplicantInline(ReadOnlyInline):
    model = CoApplicant
    fields = ["organisation", "invited_name", "invited_email", "status", "expires_at"]
    readonly_fields = fields


class InterviewInline(ReadOnlyInline):
    model = Interview
    fields = ["scheduled_at", "duration_minutes", "interviewer", "recommendation"]
    readonly_fields = fields


class ExpertOpinionInline(ReadOnlyInline):
    model = ExpertOpinion
    fields = ["expert", "requested_by", "requested_at", "question", "opinion"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "call", "status", "submitted_at"]
    list_filter = ["status", "call__programme"]
    search_fields = ["organisation__name", "organisation__siret"]
    list_select_related = ["organisation", "call"]
    inlines = [CoApplicantInline, InterviewInline, ExpertOpinionInline, TransitionInline]


@admin.register(ApplicationTransition)
class ApplicationTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "application", "from_status", "to_status", "actor"]
    list_filter = ["to_status"]
    list_select_related = ["application__organisation", "application__call", "actor"]


@admin.register(CoApplicantTransition)
class CoApplicantTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """An invitation's history: sent, then confirmed, declined or expired (no actor)."""

    list_display = ["created_at", "co_applicant", "transition", "from_status", "to_status", "actor"]
    list_filter = ["transition"]
    list_select_related = ["co_applicant__organisation", "actor"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "application", "kind", "actor"]
    list_filter = ["kind"]
