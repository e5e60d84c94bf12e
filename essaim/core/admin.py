from django.contrib import admin

from .models import AuditEvent, EmailFailure


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "content_type", "object_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_id", "actor__email", "reason"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EmailFailure)
class EmailFailureAdmin(admin.ModelAdmin):
    """Every failed e-mail, those of cron jobs included (nobody triggered them on a page)."""

    list_display = ["created_at", "subject", "recipients", "triggered_by", "seen_at"]
    list_filter = [("triggered_by", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "recipients", "triggered_by__email"]
    readonly_fields = [f.name for f in EmailFailure._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
