from django.contrib import admin

from .models import AuditEvent, EmailFailure


class ReadOnlyAdminMixin:
    """History and workflow rows are shown, never written, in the admin: their statuses move
    through the services (transition rules, logs, e-mails), and a log that can be edited or
    deleted proves nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "content_type", "object_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_id", "actor__email", "reason"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


@admin.register(EmailFailure)
class EmailFailureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every failed e-mail, those of cron jobs included (nobody triggered them on a page)."""

    list_display = ["created_at", "subject", "recipients", "triggered_by", "seen_at"]
    list_filter = [("triggered_by", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "recipients", "triggered_by__email"]
    readonly_fields = [f.name for f in EmailFailure._meta.fields]
