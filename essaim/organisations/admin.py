from django.contrib import admin

from .models import ActivityCode, LegalForm, Membership, Network, Organisation
from .services import membership_create, membership_delete, membership_update

# A membership is a role: granting, changing or taking one away in the admin goes through the
# services, so the audit log says which administrator did it.


class MembershipInline(admin.TabularInline):
    """Rows are added or deleted here, never edited in place: a different role is a new row."""

    model = Membership
    extra = 0
    autocomplete_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        return False


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

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # validated rows, nothing written yet
        for membership in formset.deleted_objects:
            membership_delete(actor=request.user, membership=membership)
        for membership in formset.new_objects:
            membership_create(
                actor=request.user,
                user=membership.user,
                organisation=form.instance,
                role=membership.role,
                job_title=membership.job_title,
            )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "job_title"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]

    def get_readonly_fields(self, request, obj=None):
        # Another person or organisation is another membership: delete this one, add that one.
        return ["user", "organisation"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            membership_update(
                actor=request.user,
                membership=Membership.objects.get(pk=obj.pk),
                role=obj.role,
                job_title=obj.job_title,
            )
        else:
            obj.pk = membership_create(
                actor=request.user,
                user=obj.user,
                organisation=obj.organisation,
                role=obj.role,
                job_title=obj.job_title,
            ).pk

    def delete_model(self, request, obj):
        membership_delete(actor=request.user, membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "organisation"):
            membership_delete(actor=request.user, membership=membership)


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
