"""allauth's messages that the platform words its own way: marked here so that the project's
catalogues (which Django reads before allauth's) carry them. allauth's Greek misspells
"διεύθυνση" in the login error and says "συνθηματικό" where the site says "κωδικός
πρόσβασης"; the other languages keep allauth's own translations."""

from django.utils.translation import gettext_noop

REWORDED = [
    gettext_noop("Email address"),
    gettext_noop("Forgot your password?"),
    gettext_noop("Remember Me"),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("The email address and/or password you specified are not correct."),
]
