from django.urls import path

from learningsets import views

app_name = "learningsets"

urlpatterns = [
    path("learning-sets/<int:pk>/", views.learning_set_detail, name="detail"),
    path("sub-themes/<slug:slug>/", views.sub_theme_detail, name="sub_theme"),
    path("partners/<slug:slug>/manage/members/add/", views.member_add, name="member_add"),
    path(
        "partners/<slug:slug>/manage/members/<int:pk>/edit/",
        views.member_edit,
        name="member_edit",
    ),
    path(
        "partners/<slug:slug>/manage/members/<int:pk>/invite/",
        views.member_invite,
        name="member_invite",
    ),
]
