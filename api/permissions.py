from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

# What a clinician who has not met a requirement reads (issue 23); `code` lets the app
# send them to the screen that meets it.
EMAIL_UNVERIFIED = _(
    "Verify your email address before reading patients' diaries: open the link we emailed you "
    "(Password and security sends a new one)."
)
TWO_FACTOR_NEEDED = _(
    "Sign in with a second step before reading patients' diaries: add an authenticator app "
    "under Password and security, or sign in again with its code."
)


class IsPatient(BasePermission):
    message = "Only a patient account can do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_patient)


def two_factor_required(user) -> bool:
    """Clinicians (CLINICIAN_MFA_REQUIRED) and staff: one account reads many diaries."""
    return bool(user.is_staff or (user.is_clinician and settings.CLINICIAN_MFA_REQUIRED))


def session_is_verified(request) -> bool:
    """This session passed the second step (django-otp's OTPMiddleware reads it)."""
    user = request.user
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None:
        return bool(is_verified())
    # Just signed in: django-otp's login() put the device on the user it was given.
    return getattr(user, "otp_device", None) is not None


def clinician_requirements_unmet(user, request) -> list[str]:
    """What this clinician must still do before patient data (nothing for patients)."""
    unmet = []
    if not user.is_clinician:
        return unmet
    if settings.CLINICIAN_EMAIL_VERIFICATION_REQUIRED and not user.email_verified:
        unmet.append("email_verification")
    if two_factor_required(user) and not session_is_verified(request):
        unmet.append("two_factor")
    return unmet


class IsClinician(BasePermission):
    """A clinician, who has met the clinician requirements before any patient data:
    a verified email (CLINICIAN_EMAIL_VERIFICATION_REQUIRED) and a second step in this
    session (CLINICIAN_MFA_REQUIRED)."""

    message = "Only a clinician account can do this."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_clinician):
            return False
        unmet = clinician_requirements_unmet(user, request)
        if "email_verification" in unmet:
            raise PermissionDenied({"detail": EMAIL_UNVERIFIED, "code": "email_unverified"})
        if "two_factor" in unmet:
            raise PermissionDenied({"detail": TWO_FACTOR_NEEDED, "code": "two_factor_required"})
        return True
