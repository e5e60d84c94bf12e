from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("essaim.core.urls")),
    path("comptes/", include("allauth.urls")),
    path("structures/", include("essaim.organisations.urls")),
    path("programmes/", include("essaim.programmes.urls")),
    path("territoires/", include("essaim.territories.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
