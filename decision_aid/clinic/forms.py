"""Clinic forms (rendered through the same NHS.UK field mechanism as the patient pages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from decision_aid.content.profile import (
    HISTORY_VALUES,
    LIST_VOCABULARIES,
    MARKER_KEYS,
    MENOPAUSE_VALUES,
    PROFILE_KEYS,
)
from decision_aid.journey import questions as q
from decision_aid.journey.models import RecordStatus

NOT_RECORDED = ("", _("Not recorded (the patient can answer)"))
MENOPAUSE_LABELS = {"pre": _("Pre"), "post": _("Post"), "not_applicable": _("Not applicable")}
# Test result names (receptors and genes), the same in every language: not marked for
# translation on purpose (ADR 0005; content/eligibility.py's MARKER_SHORT holds the same names).
MARKER_LABELS = {"er": "ER", "pr": "PR", "her2": "HER2", "pdl1": "PD-L1", "brca": "BRCA",
                 "pik3ca": "PIK3CA", "akt1_pten": "AKT1 or PTEN", "esr1": "ESR1"}  # fmt: skip
# The treatment history questions, worded for staff, with the patient's choice labels.
HISTORY_LABELS = {
    "pdl1_test": _("PD-L1 test that was positive"),
    "brca_type": _("BRCA change found by"),
    "hormone_for_secondary": _("Hormone therapy for secondary cancer"),
    "cdk46_for_secondary": _("CDK4/6 inhibitor for secondary cancer"),
    "chemo_for_secondary": _("Chemotherapy treatments for secondary cancer"),
    "her2_for_secondary": _("HER2 targeted treatments for secondary cancer"),
    "anthracycline_ever": _("Anthracycline at any time"),
    "taxane_ever": _("Taxane at any time"),
}
HISTORY_CHOICES = {
    "pdl1_test": q.PDL1_TEST_CHOICES,
    "brca_type": q.BRCA_TYPE_CHOICES,
    **{question.key: question.choices for question in q.HISTORY_QUESTIONS},
}


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Enter a correct username and password. Both are case-sensitive."),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length without a validator, so an over-long name was
        # passed to authenticate() and django-axes' ledger (255 characters on PostgreSQL).
        username = self.fields["username"]
        username.validators.append(
            MaxLengthValidator(
                username.max_length,
                _("Enter a username of %(limit_value)d characters or fewer"),
            )
        )
        self.fields["username"].error_messages["required"] = _("Enter your username")
        self.fields["password"].error_messages["required"] = _("Enter your password")


def _reference_field() -> forms.CharField:
    return forms.CharField(
        label=_("Patient reference"),
        help_text=_(
            "Your team's own identifier, such as a hospital number. Only your team sees it."
        ),
        max_length=40,
        error_messages={"required": _("Enter the patient reference")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


def _mdt_field() -> forms.DateField:
    return forms.DateField(
        label=_("MDT meeting date (optional)"),
        help_text=_("For example, 3/12/2026"),
        required=False,
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %m %Y"],
        error_messages={"invalid": _("Enter the MDT date as day/month/year, like 3/12/2026")},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "nhsuk-input--width-10"}),
    )


class ProfileForm(forms.Form):
    """The clinical profile (the content app's contract), as the team knows it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in MARKER_KEYS:
            self.fields[key] = forms.ChoiceField(
                label=MARKER_LABELS[key], required=False,
                choices=[NOT_RECORDED, ("positive", _("Positive")), ("negative", _("Negative"))],
            )  # fmt: skip
        self.fields["menopause"] = forms.ChoiceField(
            label=_("Menopausal status"),
            required=False,
            choices=[NOT_RECORDED] + [(v, MENOPAUSE_LABELS[v])
                                      for v in MENOPAUSE_VALUES if v != "unknown"],
        )  # fmt: skip
        for key in HISTORY_VALUES:
            labels = {c.value: c.label for c in HISTORY_CHOICES[key]}
            self.fields[key] = forms.ChoiceField(
                label=HISTORY_LABELS[key], required=False,
                choices=[NOT_RECORDED] + [(v, labels[v]) for v in HISTORY_VALUES[key]],
            )  # fmt: skip
        labels = {"spread": q.SPREAD_CHOICES, "problems": q.PROBLEM_CHOICES,
                  "previous": q.PREVIOUS_CHOICES}  # fmt: skip
        # "previous" is the first version's history list: kept so that no recorded value is
        # dropped unseen; the history questions above say more and are used with it.
        titles = {"spread": _("Sites of spread"), "problems": _("Problems"),
                  "previous": _("Previous treatment (earlier list)")}  # fmt: skip
        for key in LIST_VOCABULARIES:
            self.fields[key] = forms.MultipleChoiceField(
                label=titles[key],
                required=False,
                help_text=_("Leave all unticked if not recorded. Tick ‘None’ if there are none."),
                widget=forms.CheckboxSelectMultiple,
                choices=[(c.value, c.label) for c in labels[key]] + [(q.NONE_OF_THESE, _("None"))],
            )
            self.fields[key].exclusive_choices = (q.NONE_OF_THESE,)

    def profile(self) -> dict[str, Any]:
        """Only what the team recorded: blanks are left for the patient to answer."""
        out: dict[str, Any] = {}
        for key in PROFILE_KEYS:
            value = self.cleaned_data.get(key)
            if value in ("", None, []):
                continue
            if isinstance(value, list):
                value = [] if q.NONE_OF_THESE in value else value
            out[key] = value
        return out


class InvitationForm(ProfileForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"reference": _reference_field(), "mdt_date": _mdt_field(), **self.fields}


class MatchForm(forms.Form):
    """Confirming that answers a patient sent belong to one of the team's patients (issue 16):
    the team's own reference for her, and the MDT date if known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference"] = _reference_field()
        self.fields["mdt_date"] = _mdt_field()


class ClaimForm(MatchForm):
    """A record she started on her own, claimed with her access code (the match's fields too)."""

    code = forms.CharField(
        label=_("The patient's access code"),
        max_length=40,
        error_messages={"required": _("Enter the patient's access code")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class TwoFactorCodeForm(forms.Form):
    """A 6-digit code from her authenticator app, or one of her recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        error_messages={"required": _("Enter the code")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "nhsuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args: Any, label: str = "", hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["code"].label = label
        if hint:
            self.fields["code"].help_text = hint


class DecisionForm(forms.Form):
    """After the MDT meeting (issue 16 item 6; PRSB shared decision-making standard): what was
    decided or the next step, who will tell her, and by when."""

    decision = forms.CharField(
        label=_("What was decided, or the next step"),
        help_text=_("In plain words: she sees this on her copy."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter what was decided, or the next step"),
            "max_length": _("This must be 1,000 characters or fewer"),
        },
    )
    tell_who = forms.CharField(
        label=_("Who will tell her"),
        help_text=_("A name and role, for example: Sam Jones, breast care nurse. She sees this."),
        max_length=120,
        error_messages={
            "required": _("Enter who will tell her"),
            "max_length": _("This must be 120 characters or fewer"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tell_by"] = forms.DateField(
            label=_("Tell her by"),
            help_text=_("For example, 10/12/2026"),
            input_formats=["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %m %Y"],
            error_messages={
                "required": _("Enter the date she will be told by"),
                "invalid": _("Enter the date as day/month/year, like 10/12/2026"),
            },
            widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "nhsuk-input--width-10"}),
        )


class MdtDateForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mdt_date"] = _mdt_field()


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Add a note"),
        help_text=_("Notes are kept with the record and cannot be changed later."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter the note"),
            "max_length": _("Note must be 2,000 characters or fewer"),
        },
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (RecordStatus.REVIEWED, _("Reviewed")),
            (RecordStatus.DISCUSSED, _("Discussed at MDT")),
        ]
    )


STATUS_FILTER_CHOICES = [("", _("All")), *RecordStatus.choices]
SORT_CHOICES = [
    ("activity", _("Latest activity")),
    ("mdt", _("Soonest MDT")),
    ("status", _("Status")),
    ("reference", _("Reference")),
]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER_CHOICES, required=False)
    mdt_date = forms.DateField(
        label=_("MDT date"), required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Enter the MDT date as day/month/year, like 3/12/2026")},
        widget=forms.DateInput(attrs={"class": "nhsuk-input--width-10"}),
    )  # fmt: skip
    flagged = forms.BooleanField(
        label=_("Only patients who are unsure (SURE 3 or less)"), required=False
    )
    reference = forms.CharField(label=_("Search by reference"), required=False, max_length=40)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
