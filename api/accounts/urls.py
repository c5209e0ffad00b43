from django.urls import path

from api.accounts import security, views

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
    path("me/", views.MeView.as_view(), name="me"),
]
