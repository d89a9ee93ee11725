"""Clinic fixtures live in tests/conftest.py (shared with the documents tests)."""
