from django.urls import include, path

app_name = "cohorts"
urlpatterns = [
    # Sessions, planner, attendance, co-development and calendar feeds.
    path("", include("essaim.cohorts.urls_sessions")),
]
