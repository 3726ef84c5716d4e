"""A person's calendar feed: their workshops, their sets' and Local Support Groups' meetings
and their open actions' due dates, in one iCalendar file. Four queries, whatever the number of
events (each kind is bounded), read in the person's own language: a calendar
program fetches the feed without their cookies."""

from django.utils import translation
from django.utils.translation import gettext

from accounts.languages import reader_language
from learningsets.calendar import action_event, meeting_event
from learningsets.selectors import FEED_ACTIONS, actions_open_of_person, meetings_of_person
from workshops.calendar import feed, workshop_event
from workshops.selectors import workshops_of_person


def person_calendar(user, *, absolute) -> bytes:
    """`absolute(path)` makes a page's path the address the calendar program links to."""
    with translation.override(reader_language(user)):
        events = [
            *(
                workshop_event(workshop, url=absolute(workshop.get_absolute_url()))
                for workshop in workshops_of_person(user=user)
            ),
            *(
                meeting_event(meeting, url=absolute(meeting.get_absolute_url()))
                for meeting in meetings_of_person(user=user)
            ),
            *(
                action_event(action, url=absolute(action.get_absolute_url()))
                for action in actions_open_of_person(user=user).select_related("owner", "problem")[
                    :FEED_ACTIONS
                ]
            ),
        ]
        return feed(name=gettext("My MILE"), events=events)
