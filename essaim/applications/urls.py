from django.urls import path

from .views import applicant, decision_templates, screening

app_name = "applications"
urlpatterns = [
    path("", applicant.my_applications, name="mine"),
    path("appels/<slug:slug>/candidater/", applicant.application_start, name="start"),
    path("<int:pk>/", screening.application_detail, name="detail"),
    path("<int:pk>/modifier/", applicant.application_edit, name="edit"),
    path("<int:pk>/modifier/<slug:step>/", applicant.application_edit, name="edit_step"),
    path("<int:pk>/documents/", applicant.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_pk>/retirer/",
        applicant.document_delete,
        name="document_delete",
    ),
    path("documents/<int:pk>/", applicant.document_download, name="document"),
    path("<int:pk>/co-candidats/", applicant.co_applicant_invite, name="co_applicant_invite"),
    path("<int:pk>/deposer/", applicant.application_submit, name="submit"),
    path("<int:pk>/complements/", applicant.information_answer, name="information_answer"),
    path("<int:pk>/retirer/", applicant.application_withdraw, name="withdraw"),
    path("invitations/<str:token>/", applicant.invitation, name="invitation"),
    # Screening (advisors of the operator) and expert opinions.
    path("appels/<slug:slug>/", screening.call_pipeline, name="pipeline"),
    path("appels/<slug:slug>/export.<str:fmt>", screening.call_export, name="export"),
    path("appels/<slug:slug>/decisions/", screening.bulk_decide, name="bulk_decide"),
    path("<int:pk>/eligibilite/", screening.eligibility_confirm, name="eligibility"),
    path(
        "<int:pk>/demande-complements/", screening.information_request, name="information_request"
    ),
    path("<int:pk>/complements/lus/", screening.information_read, name="information_read"),
    path("<int:pk>/avis/", screening.opinion_request, name="opinion_request"),
    path("<int:pk>/entretien/", screening.interview_schedule, name="interview_schedule"),
    path("<int:pk>/entretien/grille/", screening.interview_record, name="interview_record"),
    path("<int:pk>/decision/", screening.application_decide, name="decide"),
    path("avis/<int:pk>/", screening.opinion_detail, name="opinion"),
    path("modeles-de-decision/", decision_templates.decision_templates, name="decision_templates"),
]
