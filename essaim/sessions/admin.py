from django.contrib import admin

from essaim.core.admin import ReadOnlyAdminMixin, ReadOnlyInline

from .models import Attendance, Participant, ParticipantTransition, Session, SessionTransition

# Sessions move only through the services, which log each change and tell the people concerned
# (invitations, .ics updates, waitlists): the admin reads them. Registering the logs read-only
# also makes the admin refuse a cascade that would delete them.

LOG_FIELDS = ["transition", "from_status", "to_status", "actor", "reason", "created_at"]


class SessionTransitionInline(ReadOnlyInline):
    model = SessionTransition
    fields = LOG_FIELDS
    readonly_fields = fields


class ParticipantTransitionInline(ReadOnlyInline):
    model = ParticipantTransition
    fields = LOG_FIELDS
    readonly_fields = fields


class ParticipantInline(ReadOnlyInline):
    model = Participant
    fields = ["user", "organisation", "status", "registered_at"]
    readonly_fields = fields


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["user", "organisation", "method", "signed_at", "recorded_by"]
    readonly_fields = fields


@admin.register(Session)
class SessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["starts_at", "title", "kind", "cohort", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "cohort__name"]
    list_select_related = ["cohort"]
    inlines = [ParticipantInline, AttendanceInline, SessionTransitionInline]


@admin.register(SessionTransition)
class SessionTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "session", "transition", "actor"]
    list_filter = ["transition"]
    list_select_related = ["session", "actor"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["registered_at", "user", "session", "status"]
    list_filter = ["status"]
    search_fields = ["user__email", "session__title"]
    list_select_related = ["user", "session"]
    inlines = [ParticipantTransitionInline]


@admin.register(ParticipantTransition)
class ParticipantTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "participant", "transition", "from_status", "to_status", "actor"]
    list_filter = ["transition"]
    list_select_related = ["participant__user", "participant__session", "actor"]
