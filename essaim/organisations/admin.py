from typing import cast

from django import forms
from django.contrib import admin

from .models import ActivityCode, LegalForm, Membership, Network, Organisation
from .services import (
    OrganisationData,
    ensure_distinct_name,
    membership_create,
    membership_delete,
    membership_update,
    organisation_create,
    organisation_update,
)

# An organisation or a membership written in the admin goes through the services, like
# everywhere else: the same checks (look-alike names), and the audit log says which
# administrator did it.


class MembershipInline(admin.TabularInline):
    """Rows are added or deleted here, never edited in place: a different role is a new row."""

    model = Membership
    extra = 0
    autocomplete_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        return False


class OrganisationAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name"):
            try:
                ensure_distinct_name(Organisation(pk=self.instance.pk, name=cleaned["name"]))
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "siret", "legal_form", "head_office_commune"]
    list_filter = ["kind", "is_ess", "esus_approval"]
    search_fields = ["name", "siret", "rna_number"]
    autocomplete_fields = ["head_office_commune", "legal_form", "naf_code"]
    readonly_fields = ["slug"]  # derived from the name by the services
    filter_horizontal = ["networks"]
    inlines = [MembershipInline]
    list_select_related = ["legal_form", "head_office_commune"]

    def save_model(self, request, obj, form, change):
        fields = OrganisationData.__annotations__
        data = cast(
            OrganisationData,
            {name: form.cleaned_data[name] for name in form.changed_data if name in fields},
        )
        networks = form.cleaned_data["networks"] if "networks" in form.changed_data else None
        if change:
            saved = organisation_update(
                actor=request.user, organisation=obj, data=data, networks=networks
            )
        else:
            saved = organisation_create(
                actor=request.user, data=data, networks=networks or (), join_as=None
            )
        # The admin goes on with its own instance (inlines, history, redirect).
        obj.pk, obj.slug = saved.pk, saved.slug
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # Networks were saved by the service; memberships go through save_formset.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

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
