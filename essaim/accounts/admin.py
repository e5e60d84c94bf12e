from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from essaim.core.services import audit_event_record

from .models import User

# Granting administration (superuser, staff) or closing an account is a role change: audited.
RIGHTS = ("is_active", "is_staff", "is_superuser")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name")}),
        ("Droits", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined", "mfa_required_since")}),
    )
    readonly_fields = ["mfa_required_since"]
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        changes = {
            field: [form.initial.get(field), form.cleaned_data[field]]
            for field in RIGHTS
            if field in form.changed_data
        }
        super().save_model(request, obj, form, change)
        if changes:
            audit_event_record(
                actor=request.user, obj=obj, action="user.rights_changed", changes=changes
            )
