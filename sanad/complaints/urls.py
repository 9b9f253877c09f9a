from django.urls import path

from sanad.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_list, name="complaint_list"),
    path("new/", views.complaint_create, name="complaint_create"),
    path(
        "from-observation/<uuid:observation_code>/",
        views.complaint_create,
        name="complaint_from_observation",
    ),
    path("figures/", views.complaint_figures, name="complaint_figures"),
    path("referrals/<uuid:code>/letter.pdf", views.referral_letter, name="referral_letter"),
    path("referrals/<uuid:code>/answer/", views.referral_answer, name="referral_answer"),
    path("<uuid:code>/", views.complaint_detail, name="complaint_detail"),
    path("<uuid:code>/qualify/", views.complaint_qualify, name="complaint_qualify"),
    path("<uuid:code>/refer/", views.complaint_refer, name="complaint_refer"),
    path("<uuid:code>/close/", views.complaint_close, name="complaint_close"),
]
