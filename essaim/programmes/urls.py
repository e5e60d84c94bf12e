from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("appels/<slug:slug>/", views.call_detail, name="call_detail"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
]
