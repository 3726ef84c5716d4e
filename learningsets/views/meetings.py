"""The pages of set meetings: recording one (a learning set's, or its partner's Local Support
Group's), its page, the problems with their actions, closing an action, the learning log.
Only the set's people and the team (with the admin's permissions) open them; anybody else
gets a 404."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learningsets import meetings, permissions
from learningsets.forms.meetings import (
    ActionCloseForm,
    LearningLogForm,
    MeetingForm,
    ProblemForm,
    action_formset,
)
from learningsets.selectors import (
    action_to_close_or_404,
    learning_set_to_record_or_404,
    meeting_in_full,
    meeting_or_404,
    problem_of_meeting_or_404,
    support_group_to_record_or_404,
)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _saved(form, save):
    """Run the service; a rule it refuses becomes the form's error, and the input is kept."""
    try:
        return save()
    except ValidationError as error:
        fields = getattr(form, "FIELD_OF", {})
        for field, problems in getattr(error, "message_dict", {None: error.messages}).items():
            field = fields.get(field, field)
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return None


def _where(meeting=None, *, learning_set=None, partner=None) -> dict:
    """The breadcrumbs' set or partner, and its name."""
    if meeting is not None:
        learning_set, partner = meeting.learning_set, meeting.partner
    if partner is not None:
        name = _("Local Support Group of {partner}").format(partner=partner.name)
        return {"partner": partner, "group_name": name}
    return {"learning_set": learning_set, "group_name": learning_set.name}


def _record(request, *, learning_set=None, partner=None):
    form = MeetingForm(_posted(request), learning_set=learning_set, partner=partner)
    if request.method == "POST" and form.is_valid():
        record = partial(
            meetings.meeting_record,
            learning_set=learning_set,
            partner=partner,
            by=request.user,
            **form.meeting_fields(),
        )
        meeting = _saved(form, record)
        if meeting:
            messages.success(request, _("The meeting was recorded: add the problems brought."))
            return redirect(meeting)
    return render(
        request,
        "learningsets/meeting_form.html",
        {
            "form": form,
            "title": _("Record a meeting"),
            **_where(learning_set=learning_set, partner=partner),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request, pk):
    """Record a meeting of a learning set."""
    return _record(request, learning_set=learning_set_to_record_or_404(user=request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def support_group_meeting_add(request, slug):
    """Record a meeting of a partner's Local Support Group."""
    return _record(request, partner=support_group_to_record_or_404(user=request.user, slug=slug))


@login_required
@require_safe
def meeting_detail(request, pk):
    meeting = meeting_or_404(user=request.user, pk=pk)
    attendees, problems, entries = meeting_in_full(meeting)
    guests = meetings.guest_names(meeting.guests)
    holder = permissions.holder(meeting)
    author = permissions.memberships_in(user=request.user, **holder).first()
    return render(
        request,
        "learningsets/meeting_detail.html",
        {
            "meeting": meeting,
            "zone": meeting.zone,
            "attendees": attendees,
            "guests": guests,
            "attendance": len(attendees) + len(guests),
            "problems": problems,
            "entries": entries,
            "author": author,
            "my_entry": next((e for e in entries if author and e.author_id == author.pk), None),
            "has_started": meeting.starts_at <= timezone.now(),
            "can_change": permissions.changes_meeting(request.user, meeting),
            "closes_every_action": permissions.may_meet(
                request.user, permissions.CLOSE_ACTIONS, **holder
            ),
            **_where(meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = meeting_or_404(user=request.user, pk=pk, change=True)
    form = MeetingForm(_posted(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        update = partial(meetings.meeting_update, meeting=meeting, **form.meeting_fields())
        if _saved(form, update):
            messages.success(request, _("The meeting's details were saved."))
            return redirect(meeting)
    return render(
        request,
        "learningsets/meeting_form.html",
        {"form": form, "meeting": meeting, "title": _("Edit the meeting"), **_where(meeting)},
    )


def _problem_page(request, meeting, problem=None):
    initial = None
    if problem is not None:
        initial = {f: getattr(problem, f) for f in ("description", "questions")}
        initial["brought_by"] = problem.brought_by_id
    form = ProblemForm(_posted(request), meeting=meeting, initial=initial)
    actions = action_formset(
        _posted(request), meeting=meeting, actions=problem.actions.all() if problem else ()
    )
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        save = partial(
            meetings.problem_save,
            meeting=meeting,
            problem=problem,
            actions=actions.action_inputs(),
            **form.cleaned_data,
        )
        saved = _saved(form, save)
        if saved:
            messages.success(request, _("The problem and its actions were saved."))
            if "another" in request.POST:
                return redirect("learningsets:problem_add", pk=meeting.pk)
            return redirect(f"{meeting.get_absolute_url()}#problem-{saved.pk}")
    title = _("Add a problem") if problem is None else _("Edit the problem")
    return render(
        request,
        "learningsets/problem_form.html",
        {
            "form": form,
            "actions": actions,
            "meeting": meeting,
            "problem": problem,
            "title": title,
            **_where(meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def problem_add(request, pk):
    """A problem brought to the meeting, with up to a few actions agreed, in one form."""
    return _problem_page(request, meeting_or_404(user=request.user, pk=pk, change=True))


@login_required
@require_http_methods(["GET", "POST"])
def problem_edit(request, pk, problem_pk):
    meeting = meeting_or_404(user=request.user, pk=pk, change=True)
    return _problem_page(
        request, meeting, problem_of_meeting_or_404(meeting=meeting, pk=problem_pk)
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_close(request, pk):
    """Its owner or the set marks an action done or dropped, with what came of it."""
    action = action_to_close_or_404(user=request.user, pk=pk)
    form = ActionCloseForm(_posted(request), initial={"outcome": action.outcome})
    if request.method == "POST" and form.is_valid():
        close = partial(meetings.action_close, action=action, by=request.user, **form.cleaned_data)
        if _saved(form, close):
            messages.success(request, _("The action was closed."))
            return redirect(action)
    return render(
        request,
        "learningsets/action_close.html",
        {
            "form": form,
            "action": action,
            "meeting": action.problem.meeting,
            **_where(action.problem.meeting),
        },
    )


@login_required
@require_POST
def action_reopen(request, pk):
    """Open a closed action again: it was closed by mistake."""
    action = action_to_close_or_404(user=request.user, pk=pk)
    try:
        meetings.action_reopen(action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The action is open again."))
    return redirect(action)


@login_required
@require_http_methods(["GET", "POST"])
def learning_log_write(request, pk):
    """A member of the set writes (or rewrites) what they learnt at the meeting."""
    meeting = meeting_or_404(user=request.user, pk=pk)
    author = permissions.memberships_in(user=request.user, **permissions.holder(meeting)).first()
    if author is None:
        raise Http404("Only the set's members write in its learning log.")
    entry = meeting.learning_log.filter(author=author).first()
    form = LearningLogForm(_posted(request), instance=entry)
    if request.method == "POST" and form.is_valid():
        write = partial(
            meetings.learning_log_write, meeting=meeting, author=author, **form.cleaned_data
        )
        if _saved(form, write):
            messages.success(request, _("What you learnt was saved."))
            return redirect(f"{meeting.get_absolute_url()}#learning-log")
    return render(
        request,
        "learningsets/learninglog_form.html",
        {
            "form": form,
            "meeting": meeting,
            "has_started": meeting.starts_at <= timezone.now(),
            "zone": meeting.zone,
            **_where(meeting),
        },
    )
