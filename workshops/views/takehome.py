"""A learning set writes its take-home of a workshop it attended, from the workshop's page.

The view fetches (with the access check), shows and hands over: when and which sets may write
is the service's rule, and what it refuses is shown, with nothing saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workshops import services
from workshops.forms import TakeHomeForm
from workshops.selectors import take_home_learning_set_or_404, workshop_public_or_404


@login_required
@require_http_methods(["GET", "POST"])
def take_home_write(request, slug, pk):
    workshop = workshop_public_or_404(slug=slug)
    learning_set = take_home_learning_set_or_404(user=request.user, pk=pk)
    take_home = workshop.take_homes.filter(learning_set=learning_set).first()
    form = TakeHomeForm(request.POST if request.method == "POST" else None, instance=take_home)
    if request.method == "POST" and form.is_valid():
        try:
            services.take_home_write(
                workshop=workshop, learning_set=learning_set, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The take-home of %(name)s is saved.") % {"name": learning_set.name}
            )
            return redirect(f"{workshop.get_absolute_url()}#take-home-{learning_set.pk}")
    return render(
        request,
        "workshops/takehome_form.html",
        {
            "workshop": workshop,
            "learning_set": learning_set,
            "form": form,
            "is_new": take_home is None,
            "refusal": services.take_home_refusal(workshop=workshop, learning_set=learning_set),
        },
    )
