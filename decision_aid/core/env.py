"""Strict reading of environment variables for settings.

A malformed value stops start-up with a message that names the variable and what was expected,
rather than silently falling back to a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class Env:
    """Reads typed values from a mapping of environment variables (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def bool(self, name: str, default: bool = False) -> bool:
        if name not in self.environ:
            return default
        raw = self.environ[name].strip().lower()
        if raw in TRUE_WORDS:
            return True
        if raw in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(
            f"{name} must be one of true/false, yes/no, on/off or 1/0 (got {self.environ[name]!r})."
        )

    def str(self, name: str, default: str | None = None, *, required: bool = False) -> str | None:
        value = self.environ.get(name)
        if value is None or value.strip() == "":
            if required:
                raise ImproperlyConfigured(f"{name} must be set.")
            return default
        return value.strip()

    def int(self, name: str, default: int, *, minimum: int | None = None) -> int:
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            value = int(raw.strip())
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None
        if minimum is not None and value < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum} (got {value}).")
        return value

    def list(self, name: str, default: list[str] | None = None) -> list[str]:
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return list(default or [])
        items = [item.strip() for item in raw.split(",")]
        if any(item == "" for item in items):
            raise ImproperlyConfigured(
                f"{name} must be a comma-separated list with no empty items (got {raw!r})."
            )
        return items
