from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    # The advisor's side: before "<slug>/", whose pattern would swallow these paths.
    path("gestion/", views.programme_manage, name="manage"),
    path("gestion/nouveau/", views.programme_create, name="create"),
    path("appels/", views.open_call_list, name="open_calls"),
    path("appels/<slug:slug>/", views.call_detail, name="call_detail"),
    path("appels/<slug:slug>/modifier/", views.call_update, name="call_update"),
    path("appels/<slug:slug>/apercu/", views.call_preview, name="call_preview"),
    path("appels/<slug:slug>/publier/", views.call_publish, name="call_publish"),
    path("appels/<slug:slug>/clore/", views.call_close, name="call_close"),
    path("appels/<slug:slug>/dupliquer/", views.call_duplicate, name="call_duplicate"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/modifier/", views.programme_update, name="update"),
    path("<slug:slug>/appels/nouveau/", views.call_create, name="call_create"),
]
