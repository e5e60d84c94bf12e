from django.urls import path

from .views import cohorts

app_name = "cohorts"
urlpatterns = [
    path("<int:pk>/", cohorts.cohort_detail, name="detail"),
    path("<int:pk>/modifier/", cohorts.cohort_update, name="update"),
    path("programmes/<slug:slug>/", cohorts.cohort_list, name="list"),
    path("membres/<int:pk>/statut/", cohorts.membership_status, name="membership_status"),
    path("appels/<slug:slug>/composer/", cohorts.composition_start, name="composition_start"),
    path("compositions/<int:pk>/", cohorts.composition_run, name="composition_run"),
    path("compositions/<int:pk>/deplacer/", cohorts.composition_move, name="composition_move"),
    path("compositions/<int:pk>/accepter/", cohorts.composition_accept, name="composition_accept"),
]
