from django.urls import path

from sanad.handovers import views

app_name = "handovers"

urlpatterns = [
    path("", views.handover_list, name="handover_list"),
    path("propose/<uuid:code>/", views.propose, name="propose"),
    path("<uuid:code>/", views.handover_detail, name="handover_detail"),
    path("<uuid:code>/accept/", views.handover_accept, name="handover_accept"),
    path("<uuid:code>/refuse/", views.handover_refuse, name="handover_refuse"),
    path("<uuid:code>/withdraw/", views.handover_withdraw, name="handover_withdraw"),
]
