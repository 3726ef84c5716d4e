"""Who a history row (django-simple-history) names as the user who made the change."""

from operator import attrgetter


def user_or(path: str):
    """The request's user (HistoryRequestMiddleware); outside a request (a Celery task, a
    management command, a service called directly) the user the row itself names at `path`,
    e.g. "status_changed_by", so the trail still says who."""
    named = attrgetter(path)

    def get_user(request=None, instance=None, **kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        try:
            return named(instance) if instance is not None else None
        except AttributeError:
            return None

    return get_user
