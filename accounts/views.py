from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts.services import user_language_set


@require_POST
def language_choose(request):
    """The language menu: Django's set_language (the cookie, then back to the page) and, for a
    logged-in person, the choice kept on their account, which login brings back."""
    response = set_language(request)
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response
