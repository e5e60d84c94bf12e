from django.contrib import admin

from essaim.core.admin import ReadOnlyAdminMixin, ReadOnlyInline

from .models import Attendance, Participant, Session

# Sessions move only through the services, which log each change and tell the people concerned
# (invitations, .ics updates, waitlists): the admin reads them.


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
    list_display = ["starts_at", "title", "kind", "cohort", "cancelled_at"]
    list_filter = ["kind"]
    search_fields = ["title", "cohort__name"]
    list_select_related = ["cohort"]
    inlines = [ParticipantInline, AttendanceInline]
