from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from mile import views

admin.site.site_header = "MILE management"
admin.site.site_title = "MILE management"
admin.site.index_title = "Action Learning Sets"

urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.dashboard, name="dashboard"),
    path("", include("partners.urls")),
    path("", include("learningsets.urls")),
    path("workshops/", include("workshops.urls")),
    path("", include("proposals.urls")),
    path(
        "accounts/invitation/<str:token>/",
        account_views.account_invitation,
        name="account_invitation",
    ),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
