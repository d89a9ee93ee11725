"""What identifies a patient to her hospital team when she sends answers she started on her own
(issue 16): pure checks, with no storage and no logging of the values."""

from __future__ import annotations

import re

NHS_NUMBER_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def nhs_number_digits(text: str) -> str:
    """The digits of an NHS number as people type it ("943 476 5919", "943-476-5919")."""
    return re.sub(r"[\s-]", "", text or "")


def nhs_number_is_valid(digits: str) -> bool:
    """Ten digits whose last is the modulus 11 check digit of the first nine (NHS Data
    Dictionary): 11 minus the weighted sum's remainder, where 11 means 0 and 10 is never valid."""
    if not re.fullmatch(r"[0-9]{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], NHS_NUMBER_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])
