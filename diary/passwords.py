from django.core.exceptions import ValidationError


class NotOnlyWhitespaceValidator:
    """Eight spaces pass Django's length and common-password checks; refuse a password
    of whitespace alone (spaces inside a passphrase are fine)."""

    def validate(self, password, user=None):
        if not password.strip():
            raise ValidationError("The password cannot be only spaces.", code="password_only_whitespace")

    def get_help_text(self):
        return "Your password cannot be only spaces."
