from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone as django_timezone

from diary.choices import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True, role=Role.CLINICIAN)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A patient or a clinician, keyed by email. The profile lives here too:
    it is one row per person, so a separate table would only add a join."""

    email = models.EmailField(unique=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PATIENT)
    timezone = models.CharField(max_length=64, default="UTC", help_text="IANA name, e.g. Europe/Oslo")
    # The account's own language (a code of settings.LANGUAGES); blank follows the browser's.
    language = models.CharField(max_length=8, blank=True, default="", db_default="")  # raw inserts (bench) too
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # Stored as the first day of the month; the API speaks "YYYY-MM".
    headaches_since = models.DateField(null=True, blank=True)
    # What the red flags and differentials of docs/screening.md read (api.md /me/).
    # NULL is "not answered", never "no".
    injury_date = models.DateField(null=True, blank=True)
    headaches_began_after_injury = models.BooleanField(null=True, blank=True)  # within 7 days of it
    cancer_history = models.BooleanField(null=True, blank=True)
    immunosuppressed = models.BooleanField(null=True, blank=True)
    pregnant_or_postpartum = models.BooleanField(null=True, blank=True)  # or a birth in the last 6 weeks
    # Bumped by every entry write or delete; the nightly screening pass uses it
    # to catch up on patients whose diary changed while the broker was down.
    diary_changed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    # When the owner last proved the email is theirs (a link sent to it, or an email change
    # confirmed there); NULL until then. Clinicians need it before reading any diary.
    email_verified_at = models.DateTimeField(null=True, blank=True)

    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=django_timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    def __str__(self) -> str:
        return self.email

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_clinician(self) -> bool:
        return self.role == Role.CLINICIAN
