from django.contrib import admin

from .models import Commune, Department, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "department", "population", "density_level", "zrr_status"]
    list_filter = ["density_level", "zrr_status", "department__region"]
    search_fields = ["code", "name", "postal_codes__code"]
    list_select_related = ["department"]
