from django.urls import include, path

from workshops.views import invitation, members, public, registration, takehome

app_name = "workshops"

delegates = "<slug:slug>/delegates/<slug:partner_slug>/"

workshop_pages = [
    path("", public.workshop_list, name="list"),
    path("calendar.ics", public.workshops_feed, name="feed"),
    path("invitation/<str:token>/", invitation.invitation_answer, name="invitation"),
    path("<slug:slug>/", public.workshop_detail, name="detail"),
    path("<slug:slug>/calendar.ics", public.workshop_ics, name="ics"),
    path("<slug:slug>/sessions/<int:pk>/calendar.ics", public.session_ics, name="session_ics"),
    path("<slug:slug>/take-home/<int:pk>/", takehome.take_home_write, name="take_home"),
    path(delegates, registration.delegates, name="delegates"),
    path(delegates + "table/", registration.delegates_table, name="delegates_table"),
    path(delegates + "<int:pk>/replace/", registration.delegate_replace, name="delegate_replace"),
    path(
        delegates + "<int:pk>/withdraw/", registration.delegate_withdraw, name="delegate_withdraw"
    ),
]

urlpatterns = [
    path("workshops/", include(workshop_pages)),
    # Beside the partner's other member pages: removing a delegate is a question of workshops.
    path(
        "partners/<slug:slug>/manage/members/<int:pk>/remove/",
        members.member_remove,
        name="member_remove",
    ),
]
