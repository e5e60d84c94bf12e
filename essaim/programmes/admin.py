from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from essaim.core.admin import ReadOnlyAdminMixin, ReadOnlyInline

from .models import (
    Call,
    CallMilestone,
    CallTransition,
    EligibilityCriterion,
    Programme,
    ProgrammeStep,
    Theme,
)
from .services import call_close, call_publish


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


class StepInline(admin.TabularInline):
    model = ProgrammeStep
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "operator", "parent", "start_date", "end_date", "is_published"]
    list_filter = ["is_published", "operator"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["funders", "partners", "regions", "departments"]
    inlines = [ThemeInline, StepInline]


class MilestoneInline(admin.TabularInline):
    model = CallMilestone
    extra = 0


class CriterionInline(admin.TabularInline):
    model = EligibilityCriterion
    extra = 0


class CallTransitionInline(ReadOnlyInline):
    model = CallTransition
    fields = ["transition", "from_status", "to_status", "actor", "reason", "created_at"]
    readonly_fields = fields


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    """The status moves only through the services (checks before publishing, the call's
    history): read-only in the form, with actions that call them."""

    list_display = ["title", "programme", "status", "opens_at", "closes_at", "capacity"]
    list_filter = ["status", "programme"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status"]
    inlines = [MilestoneInline, CriterionInline, CallTransitionInline]
    actions = ["publish", "close"]

    @admin.action(description="Publier les appels choisis")
    def publish(self, request, queryset):
        self._move(request, queryset, call_publish, "publié")

    @admin.action(description="Clore les appels choisis")
    def close(self, request, queryset):
        self._move(request, queryset, call_close, "clos")

    def _move(self, request, queryset, service, done):
        for call in queryset:
            try:
                service(actor=request.user, call=call)
            except ValidationError as error:
                self.message_user(request, f"{call} : {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{call} : {done}.", messages.SUCCESS)


@admin.register(CallTransition)
class CallTransitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "call", "transition", "from_status", "to_status", "actor"]
    list_filter = ["transition"]
    list_select_related = ["call", "actor"]
