"""A partner contact registers, replaces and withdraws the partner's delegates for a workshop.

The views only fetch (with the access check), show and hand over: every rule — quota, window,
uniqueness, whose members — is the service's, and what it refuses becomes a form error.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from learningsets.models import Member
from partners.models import Partner
from partners.selectors import partner_managed_by_or_404
from workshops import rules, services
from workshops.forms import DelegatesForm, ReplaceForm
from workshops.models import Registration, Workshop
from workshops.permissions import REGISTER_FOR_EVERY_PARTNER
from workshops.selectors import delegates_of, workshops_public


def _participation_or_404(user, slug: str, partner_slug: str) -> tuple[Workshop, Partner]:
    """The workshop and a partner the user looks after that is invited to it; 404 otherwise."""
    partner = partner_managed_by_or_404(
        user=user, slug=partner_slug, permissions=REGISTER_FOR_EVERY_PARTNER
    )
    workshop = workshops_public().filter(slug=slug, invited_partners=partner).first()
    if workshop is None:
        raise Http404("No workshop your partner is invited to has this address.")
    return workshop, partner


def _delegate_or_404(workshop: Workshop, partner: Partner, pk: int) -> Registration:
    """A current delegate of this partner for this workshop; 404 for anyone else's."""
    return get_object_or_404(delegates_of(workshop=workshop, partner=partner), pk=pk)


def _eligible_members(workshop: Workshop, learning_set):
    """The current members of the learning set who are not delegates for the workshop yet."""
    if learning_set is None:
        return Member.objects.none()
    delegate = Registration.objects.filter(workshop=workshop, member=OuterRef("pk")).exclude(
        status=Registration.Status.WITHDRAWN
    )
    return learning_set.members.current().filter(~Exists(delegate)).order_by("name", "pk")


def _posted(request):
    return request.POST if request.method == "POST" else None


def _apply(form, service, **arguments):
    """Run the service; what it refuses becomes a form error, and the input is kept."""
    try:
        return service(**arguments)
    except ValidationError as error:
        by_field = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error}
        for field, errors in by_field.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


def _names(registrations) -> str:
    names = [registration.member.name for registration in registrations]
    # Translators: before the last of several names: "Ana, Bruno and Carla".
    return get_text_list(names, _("and"))


def _back(workshop: Workshop, partner: Partner):
    return redirect("workshops:delegates", slug=workshop.slug, partner_slug=partner.slug)


def _window(workshop: Workshop, now) -> dict:
    """Where registration stands, and why it is not open now (empty when it is)."""
    return {
        "window": rules.window_sentence(workshop, now),
        "closed": rules.window_message(workshop, now),
    }


def _table(workshop: Workshop, partner: Partner, now) -> dict:
    """What the delegates table shows: the places taken and every current delegate."""
    delegates = list(delegates_of(workshop=workshop, partner=partner))
    return {
        "workshop": workshop,
        "partner": partner,
        "delegates": delegates,
        "places_taken": rules.places_held(delegates),
        "is_open": workshop.is_registration_open(now),
    }


def _form(form_class, request, workshop: Workshop, partner: Partner):
    """The form offering the members of the partner's learning set who are not delegates yet."""
    learning_set = services.learning_set_for(workshop=workshop, partner=partner)
    eligible = list(_eligible_members(workshop, learning_set))
    return form_class(_posted(request), learning_set=learning_set, eligible=eligible)


@login_required
@require_http_methods(["GET", "POST"])
def delegates(request, slug, partner_slug):
    workshop, partner = _participation_or_404(request.user, slug, partner_slug)
    now = timezone.now()
    window = _window(workshop, now)
    form = None if window["closed"] else _form(DelegatesForm, request, workshop, partner)
    if form is not None and request.method == "POST" and form.is_valid():
        registrations = _apply(
            form,
            services.delegates_register,
            workshop=workshop,
            partner=partner,
            members=form.cleaned_data["members"],
            new_people=form.new_people(),
            by=request.user,
        )
        if registrations:
            done = ngettext(
                "%(names)s is now a delegate of %(partner)s for %(workshop)s.",
                "%(names)s are now delegates of %(partner)s for %(workshop)s.",
                len(registrations),
            )
            names = _names(registrations)
            messages.success(
                request, done % {"names": names, "partner": partner, "workshop": workshop}
            )
            return _back(workshop, partner)
    context = {**window, **_table(workshop, partner, now), "form": form}
    return render(request, "workshops/delegates.html", context)


@require_GET
def delegates_table(request, slug, partner_slug):
    """The delegates table alone, which the delegates page polls to show status changes live."""
    if not request.user.is_authenticated:
        # A poll after the session ended reloads the whole page, which then asks to log in.
        if request.htmx:
            return HttpResponseClientRefresh()
        return redirect_to_login(request.get_full_path())
    workshop, partner = _participation_or_404(request.user, slug, partner_slug)
    now = timezone.now()
    context = _table(workshop, partner, now)
    return render(request, "workshops/_delegates_table.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delegate_replace(request, slug, partner_slug, pk):
    workshop, partner = _participation_or_404(request.user, slug, partner_slug)
    registration = _delegate_or_404(workshop, partner, pk)
    window = _window(workshop, timezone.now())
    form = None if window["closed"] else _form(ReplaceForm, request, workshop, partner)
    if form is not None and request.method == "POST" and form.is_valid():
        leaving = registration.member.name
        replacement = _apply(
            form,
            services.delegate_replace,
            registration=registration,
            member=form.cleaned_data["member"],
            new_person=form.new_person(),
            by=request.user,
        )
        if replacement:
            done = _("%(leaving)s is no longer a delegate; %(name)s takes the place.")
            messages.success(request, done % {"leaving": leaving, "name": replacement.member.name})
            return _back(workshop, partner)
    context = {"workshop": workshop, "partner": partner, "registration": registration, **window}
    return render(request, "workshops/delegates_replace.html", {**context, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delegate_withdraw(request, slug, partner_slug, pk):
    workshop, partner = _participation_or_404(request.user, slug, partner_slug)
    registration = _delegate_or_404(workshop, partner, pk)
    window = _window(workshop, timezone.now())
    errors = []
    if request.method == "POST" and not window["closed"]:
        leaving = registration.member.name
        try:
            services.delegate_withdraw(registration=registration, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            done = _(
                "%(leaving)s is no longer a delegate of %(partner)s for %(workshop)s; the place "
                "is free."
            )
            messages.success(
                request, done % {"leaving": leaving, "partner": partner, "workshop": workshop}
            )
            return _back(workshop, partner)
    context = {"workshop": workshop, "partner": partner, "registration": registration, **window}
    return render(request, "workshops/delegates_withdraw.html", {**context, "errors": errors})
