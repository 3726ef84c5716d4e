"""The site's URLs plus a bare Django view (one template, one query): the load benchmark's
yardstick, served by the same gunicorn in the same run. Only bench/settings.py selects it."""

from django.shortcuts import render
from django.urls import include, path
from django.views.decorators.http import require_safe

from partners.models import Partner


@require_safe
def bare(request):
    return render(request, "bench/bare.html", {"partner": Partner.objects.order_by("pk").first()})


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), path("", include("mile.urls"))]
