from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path(
        "double-authentification/plus-tard/",
        views.mfa_banner_dismiss,
        name="mfa_banner_dismiss",
    ),
]
