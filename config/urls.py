from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

# The admin signs in through allauth: the same throttling and MFA stage as the rest of the site.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("essaim.portal.urls")),
    path("", include("essaim.core.urls")),
    path("comptes/", include("essaim.accounts.urls")),
    path("comptes/", include("allauth.urls")),
    path("structures/", include("essaim.organisations.urls")),
    path("programmes/", include("essaim.programmes.urls")),
    path("candidatures/", include("essaim.applications.urls")),
    path("cohortes/", include("essaim.cohorts.urls")),
    path("", include("essaim.sessions.urls")),  # /sessions/… and /agenda/…
    path("territoires/", include("essaim.territories.urls")),
    # Visitors choose their language too: the view opts out of the login requirement.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
