from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from accounts.views import language_choose
from learningsets.views.sets import account_invitation
from mile import health

admin.site.site_header = _("MILE management")
admin.site.site_title = _("MILE management")
admin.site.index_title = _("Action Learning Sets")


# Every password is checked by allauth's forms, with their rate limits; the admin's own forms
# never see one. /admin/login/ sends the visitor to allauth's login, refuses (403) a signed-in
# user who is not staff and sends staff to the admin, whatever they post: Django's login form
# would log them in as another account without allauth's limits.
@secure_admin_login
def admin_login(request, extra_context=None):
    return redirect("admin:index")


# Changing one's password checks the current one: allauth's form limits the tries.
def admin_password_change(request, extra_context=None):
    return redirect("account_change_password")


admin.site.login = admin_login
admin.site.password_change = admin_password_change

urlpatterns = [
    path("", include("portal.urls")),
    path("", include("learningsets.urls")),
    path("", include("workshops.urls")),
    path("", include("proposals.urls")),
    path("accounts/invitation/<str:token>/", account_invitation, name="account_invitation"),
    path("accounts/", include("allauth.urls")),
    # The language menu posts here: Django's set_language, which also keeps a logged-in
    # person's choice on their account (where django.conf.urls.i18n would put it).
    path("i18n/setlang/", language_choose, name="set_language"),
    # The JavaScript's strings (gettext() in static/js/), loaded by <script src>: the CSP
    # allows no inline script.
    path("i18n/js/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # For load balancers and monitors (mile/health.py); answered over plain HTTP too.
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
]
