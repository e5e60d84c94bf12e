from django.contrib import admin

from .models import Application, ApplicationTransition, CoApplicant, TimelineEntry


class TransitionInline(admin.TabularInline):
    model = ApplicationTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "reason", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


class CoApplicantInline(admin.TabularInline):
    model = CoApplicant
    extra = 0
    fields = ["organisation", "invited_name", "invited_email", "status", "expires_at"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only here: statuses change through the services (state machine and its log)."""

    list_display = ["organisation", "call", "status", "submitted_at"]
    list_filter = ["status", "call__programme"]
    search_fields = ["organisation__name", "organisation__siret"]
    list_select_related = ["organisation", "call"]
    inlines = [CoApplicantInline, TransitionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(TimelineEntry)
class TimelineEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "application", "kind", "actor"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False
