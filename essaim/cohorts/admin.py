from django.contrib import admin

from essaim.core.admin import ReadOnlyAdminMixin, ReadOnlyInline

from .models import (
    Cohort,
    CohortMembership,
    CohortMembershipChange,
    CompositionRun,
    CompositionRunTransition,
)

# A cohort's description and sizes may be corrected here; who belongs to it and its compositions
# move only through the services, which log each change.


class MembershipInline(ReadOnlyInline):
    model = CohortMembership
    fields = ["organisation", "status", "created_at"]
    readonly_fields = fields


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "theme", "start_date", "end_date"]
    list_filter = ["programme"]
    readonly_fields = ["composition_run"]
    inlines = [MembershipInline]


class MembershipChangeInline(ReadOnlyInline):
    model = CohortMembershipChange
    fields = ["transition", "from_status", "to_status", "actor", "reason", "created_at"]
    readonly_fields = fields


@admin.register(CohortMembership)
class CohortMembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "cohort", "status"]
    list_filter = ["status", "cohort__programme"]
    search_fields = ["organisation__name", "cohort__name"]
    list_select_related = ["organisation", "cohort"]
    inlines = [MembershipChangeInline]


@admin.register(CohortMembershipChange)
class CohortMembershipChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "membership", "transition", "from_status", "to_status", "actor"]
    list_filter = ["transition"]
    list_select_related = ["membership__organisation", "membership__cohort", "actor"]


class CompositionRunTransitionInline(ReadOnlyInline):
    model = CompositionRunTransition
    fields = ["transition", "from_status", "to_status", "actor", "reason", "created_at"]
    readonly_fields = fields


@admin.register(CompositionRun)
class CompositionRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "call", "status", "created_by"]
    list_filter = ["status"]
    list_select_related = ["call", "created_by"]
    exclude = ["candidates", "result"]  # the engine's input and output: large, read in the page
    inlines = [CompositionRunTransitionInline]


@admin.register(CompositionRunTransition)
class CompositionRunTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "run", "transition", "from_status", "to_status", "actor"]
    list_filter = ["transition"]
    list_select_related = ["run", "actor"]
