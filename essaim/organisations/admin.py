from django.contrib import admin

from .models import ActivityCode, LegalForm, Membership, Network, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siret", "legal_form", "head_office_commune"]
    list_filter = ["kind", "is_ess", "esus_approval"]
    search_fields = ["name", "siret", "rna_number"]
    autocomplete_fields = ["head_office_commune", "legal_form", "naf_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["networks"]
    inlines = [MembershipInline]
    list_select_related = ["legal_form", "head_office_commune"]


@admin.register(LegalForm)
class LegalFormAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "level"]
    list_filter = ["level"]
    search_fields = ["code", "label"]


@admin.register(ActivityCode)
class ActivityCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "level"]
    list_filter = ["level", "section"]
    search_fields = ["code", "label"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
