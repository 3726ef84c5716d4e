from django.urls import include, path

from portal import views

# The partners directory keeps its "partners:" names, under which templates and the partner's
# get_absolute_url() know its pages, though the partners app itself serves no page.
partner_patterns = [
    path("", views.partner_list, name="list"),
    path("<slug:slug>/", views.partner_detail, name="detail"),
    path("<slug:slug>/manage/", views.partner_manage, name="manage"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.dashboard, name="dashboard"),
    path("my/calendar-link/", views.calendar_subscribe, name="calendar_subscribe"),
    path("my/calendar-link/renew/", views.calendar_renew, name="calendar_renew"),
    # A person's feed: the token is a secret, redacted from the logs (mile/logging.py).
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("privacy/", views.privacy, name="privacy"),
    path("partners/", include((partner_patterns, "partners"))),
]
