from django.urls import path

from api.accounts import email_address, security, two_factor, views

urlpatterns = [
    path("auth/csrf/", views.CsrfView.as_view(), name="auth-csrf"),
    path("auth/register/", views.RegisterView.as_view(), name="auth-register"),
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/password/change/", security.PasswordChangeView.as_view(), name="auth-password-change"),
    path("auth/password/reset/", security.PasswordResetView.as_view(), name="auth-password-reset"),
    path(
        "auth/password/reset/confirm/", security.PasswordResetConfirmView.as_view(), name="auth-password-reset-confirm"
    ),
    path("auth/sessions/", security.SessionsView.as_view(), name="auth-sessions"),
    path("auth/sessions/end-others/", security.EndOtherSessionsView.as_view(), name="auth-sessions-end-others"),
    path("auth/two-factor/", two_factor.TwoFactorView.as_view(), name="auth-two-factor"),
    path("auth/two-factor/totp/", two_factor.TotpStartView.as_view(), name="auth-two-factor-totp"),
    path("auth/two-factor/totp/confirm/", two_factor.TotpConfirmView.as_view(), name="auth-two-factor-totp-confirm"),
    path("auth/two-factor/recovery-codes/", two_factor.RecoveryCodesView.as_view(), name="auth-recovery-codes"),
    path("auth/email/verify/send/", email_address.VerificationSendView.as_view(), name="auth-email-verify-send"),
    path("auth/email/verify/", email_address.VerifyView.as_view(), name="auth-email-verify"),
    path("auth/email/change/", email_address.EmailChangeView.as_view(), name="auth-email-change"),
    path(
        "auth/email/change/confirm/", email_address.EmailChangeConfirmView.as_view(), name="auth-email-change-confirm"
    ),
    path("me/", views.MeView.as_view(), name="me"),
]
