from django.urls import path

from . import views

app_name = "territories"
urlpatterns = [path("communes/recherche/", views.commune_search_view, name="commune_search")]
