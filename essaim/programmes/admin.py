from django.contrib import admin

from .models import Call, CallMilestone, EligibilityCriterion, Programme, ProgrammeStep, Theme


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


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "status", "opens_at", "closes_at", "capacity"]
    list_filter = ["status", "programme"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MilestoneInline, CriterionInline]
