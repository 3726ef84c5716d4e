from django.urls import path

from learningsets.views import meetings, sets

app_name = "learningsets"

urlpatterns = [
    path("learning-sets/<int:pk>/", sets.learning_set_detail, name="detail"),
    path("sub-themes/<slug:slug>/", sets.sub_theme_detail, name="sub_theme"),
    path("partners/<slug:slug>/manage/members/add/", sets.member_add, name="member_add"),
    path(
        "partners/<slug:slug>/manage/members/<int:pk>/edit/",
        sets.member_edit,
        name="member_edit",
    ),
    path(
        "partners/<slug:slug>/manage/members/<int:pk>/invite/",
        sets.member_invite,
        name="member_invite",
    ),
    path("learning-sets/<int:pk>/meetings/add/", meetings.meeting_add, name="meeting_add"),
    path(
        "partners/<slug:slug>/support-group/meetings/add/",
        meetings.support_group_meeting_add,
        name="support_group_meeting_add",
    ),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/problems/add/", meetings.problem_add, name="problem_add"),
    path(
        "meetings/<int:pk>/problems/<int:problem_pk>/edit/",
        meetings.problem_edit,
        name="problem_edit",
    ),
    path("meetings/<int:pk>/learning-log/", meetings.learning_log_write, name="learning_log_write"),
    path("actions/<int:pk>/close/", meetings.action_close, name="action_close"),
    path("actions/<int:pk>/reopen/", meetings.action_reopen, name="action_reopen"),
]
