from django.urls import path

from sanad.network import views

app_name = "network"
urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("acting/", views.act_for, name="act_for"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("<uuid:code>/", views.organisation_detail, name="organisation_detail"),
    path("<uuid:code>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<uuid:code>/members/", views.member_list, name="member_list"),
    path("<uuid:code>/members/invite/", views.member_invite, name="member_invite"),
    path("memberships/<uuid:code>/toggle/", views.membership_toggle, name="membership_toggle"),
    path("invitations/<uuid:code>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("join/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
