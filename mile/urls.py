from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from mile import views

admin.site.site_header = "MILE management"
admin.site.site_title = "MILE management"
admin.site.index_title = "Action Learning Sets"
# The admin has no login form of its own: /admin/login/ sends the visitor to allauth's, with
# its rate limits on failed attempts, and refuses (403) a signed-in user who is not staff.
admin.site.login = secure_admin_login(admin.site.login)

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
