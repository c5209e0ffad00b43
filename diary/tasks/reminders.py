"""Reminder dispatch tasks (issue 4)."""
