from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class NotOnlyWhitespaceValidator:
    """Eight spaces pass Django's length and common-password checks; refuse a password
    of whitespace alone (spaces inside a passphrase are fine)."""

    def validate(self, password, user=None):
        if not password.strip():
            raise ValidationError(_("The password cannot be only spaces."), code="password_only_whitespace")

    def get_help_text(self):
        return _("Your password cannot be only spaces.")
