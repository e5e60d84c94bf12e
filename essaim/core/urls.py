from django.urls import path

from . import views, views_deliveries

app_name = "core"
urlpatterns = [
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("envois-en-echec/", views_deliveries.email_failures, name="email_failures"),
    path("sante/", views.health, name="health"),
]
