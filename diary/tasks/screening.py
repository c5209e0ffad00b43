"""Screening tasks (issue 3)."""
