"""A person's language: chosen in the language menu, kept on their account, and brought back
at login, so that it follows them to another device. Before any choice the browser's
Accept-Language decides (LocaleMiddleware)."""

from django.conf import settings


def language_offered(code: str) -> str:
    """`code` when it is one of LANGUAGES (the menu's codes), else "": a code the site does not
    offer is ignored, as LocaleMiddleware ignores it in the cookie, and the page stays English."""
    return code if code in dict(settings.LANGUAGES) else ""


def language_cookie_set(response, *, language: str) -> None:
    """The language cookie, as Django's set_language sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


# The language a partner's people read when they have chosen none: their country's, among the
# platform's languages (European Portuguese for Portugal), else English.
COUNTRY_LANGUAGES = {"PT": "pt-pt", "GR": "el", "CY": "el", "ES": "es", "IT": "it", "SM": "it"}


def language_of_country(country_code: str) -> str:
    """The offered language of a country (an ISO 3166 code), else the site's default."""
    return language_offered(COUNTRY_LANGUAGES.get(str(country_code).upper(), "")) or (
        settings.LANGUAGE_CODE
    )


def reader_language(user=None, *, partner_language: str = "") -> str:
    """The language a person reads their e-mails in: the one chosen on their account (`user`,
    None for somebody without one) if the site offers it, else their partner's, else English.

    Every e-mail is written in its recipient's language; the senders ask this one rule.
    """
    chosen = language_offered(user.language) if user is not None else ""
    return chosen or language_offered(partner_language) or settings.LANGUAGE_CODE
