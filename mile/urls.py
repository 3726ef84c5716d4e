from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "MILE management"
admin.site.site_title = "MILE management"
admin.site.index_title = "Action Learning Sets"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
]
