"""One form per step. Field names are the answer keys they store.

Forms validate on the server only. A step's form knows which fields this browser tab changed
(``changed_data`` against the values the page was loaded with), so saving never overwrites an
answer changed meanwhile in another tab.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from decision_aid.journey import identity
from decision_aid.journey import questions as q


def radio(label: str, options: tuple[q.Choice, ...], *, required_message: str, hint: str = "",
          required: bool = True) -> forms.ChoiceField:  # fmt: skip
    field = forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=[(c.value, c.label) for c in options],
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )
    field.choice_hints = {c.value: c.hint for c in options if c.hint}
    return field


def checkboxes(label: str, options: tuple[q.Choice, ...], *, hint: str = "",
               required_message: str = "", required: bool = False,
               exclusive: tuple[str, ...] = ()) -> forms.MultipleChoiceField:  # fmt: skip
    field = forms.MultipleChoiceField(
        label=label,
        help_text=hint,
        choices=[(c.value, c.label) for c in options],
        widget=forms.CheckboxSelectMultiple,
        required=required,
        error_messages={
            "required": required_message,
            "invalid_choice": _("Select from the list"),
        },
    )
    field.choice_hints = {c.value: c.hint for c in options if c.hint}
    field.exclusive_choices = exclusive
    return field


def _text_limit_message(limit: int) -> str:
    return ngettext(
        "Answer must be %(limit)s character or fewer",
        "Answer must be %(limit)s characters or fewer",
        limit,
    ) % {"limit": f"{limit:,}"}


def free_text(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        strip=True,
        max_length=q.FREE_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _text_limit_message(q.FREE_TEXT_LIMIT)},
    )


class StepForm(forms.Form):
    """Base for step forms. ``context`` carries what dynamic steps need (catalogue, answers)."""

    def __init__(
        self,
        *args: Any,
        context: dict[str, Any] | None = None,
        partial: bool = False,
        **kwargs: Any,
    ):
        # partial: an autosave of one answer while the patient is still answering. Each value
        # must be valid, but "required" and "how many" rules wait for "Save and continue", so a
        # half-finished selection is saved rather than flagged.
        self.context = context or {}
        self.partial = partial
        super().__init__(*args, **kwargs)
        self.build_fields()
        # Suggested answers for questions not answered yet: shown ticked, and saved with the
        # rest of the step when the patient saves it (she can untick them first).
        self.suggested = self.suggested_answers()
        if self.suggested:
            stored = self.context.get("answers", {})
            self.suggested = {k: v for k, v in self.suggested.items() if k not in stored}
        if self.suggested:
            self.initial = {**self.initial, **self.suggested}
        for name, value in self.locked_fields().items():
            # The team's value: shown ticked and disabled; a disabled field ignores what the
            # browser sends and keeps this value.
            self.fields[name].disabled = True
            self.initial[name] = value
        if partial:
            for form_field in self.fields.values():
                form_field.required = False

    def build_fields(self) -> None:
        """Dynamic steps add their fields here."""

    def locked_fields(self) -> dict[str, Any]:
        """Fields whose value the team has set: {name: value}."""
        return {}

    def suggested_answers(self) -> dict[str, Any]:
        """Answers to show ticked until the patient answers: {name: value}."""
        return {}

    def get_initial_for_field(self, field: forms.Field, field_name: str) -> Any:
        value = super().get_initial_for_field(field, field_name)
        # Initial values include "_loaded", which the browser sends back: a list field's value
        # of any other shape (a tampered form) counts as nothing ticked, not a server error.
        if isinstance(field, forms.MultipleChoiceField) and not isinstance(value, list | None):
            return []
        return value

    def answer(self, name: str) -> Any:
        """One cleaned answer, in the form it is stored (JSON)."""
        return _jsonable(self.cleaned_data.get(name))

    def answers_to_save(self) -> dict[str, Any]:
        """Valid values of the fields this tab changed (others are left alone)."""
        self.is_valid()
        names = [*self.changed_data, *(n for n in self.suggested if n not in self.changed_data)]
        return {
            name: self.answer(name)
            for name in names
            if name in self.cleaned_data and not self.fields[name].disabled
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class DateParts(forms.MultiWidget):
    """A date as three boxes, day, month and year (the NHS.UK date input pattern)."""

    def __init__(self) -> None:
        super().__init__({"day": forms.TextInput(), "month": forms.TextInput(),
                          "year": forms.TextInput()})  # fmt: skip

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, str) and value:
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DatePartsField(forms.Field):
    """A date typed as day, month and year (the NHS.UK date input), with messages that name it."""

    widget = DateParts
    no_autosave = True  # saved with "Save and continue": a half-typed date is not an error yet

    def __init__(self, *, label: str, what: str, required: bool = False, **kwargs: Any) -> None:
        super().__init__(label=label, required=required, **kwargs)
        self.what = what  # "Your next appointment", for messages
        self.error_messages["required"] = _("Enter %(what)s") % {"what": what.lower()}

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, str):
            value = DateParts().decompress(value)
        parts = [str(p).strip() if p is not None else "" for p in (value or [])]
        if not any(parts):
            return None
        if len(parts) != 3 or not all(parts):
            raise ValidationError(
                _("%(what)s must include a day, month and year") % {"what": self.what}
            )
        try:
            day, month, year = (int(p) for p in parts)
            if year < 100:
                year += 2000
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(_("%(what)s must be a real date") % {"what": self.what}) from None


class FutureDateField(DatePartsField):
    """An optional date, today or later, within a year."""

    def validate(self, value: datetime.date | None) -> None:
        super().validate(value)
        if value is not None and value < timezone.localdate():
            raise ValidationError(
                _("%(what)s must be today or in the future") % {"what": self.what}
            )
        if value is not None and value > timezone.localdate() + datetime.timedelta(days=366):
            raise ValidationError(_("%(what)s must be within the next year") % {"what": self.what})


class BirthDateField(DatePartsField):
    """A date of birth: a real date in the past, of someone no older than 120."""

    def validate(self, value: datetime.date | None) -> None:
        super().validate(value)
        today = timezone.localdate()
        if value is not None and value >= today:
            raise ValidationError(_("%(what)s must be in the past") % {"what": self.what})
        if value is not None and value.year < today.year - 120:
            raise ValidationError(
                _("%(what)s must be after %(year)s") % {"what": self.what, "year": today.year - 121}
            )


class YourDecisionForm(StepForm):
    """Issue 15 item 1: when the decision needs to be made (the date of her next appointment)."""

    def build_fields(self) -> None:
        self.fields["next_appointment"] = FutureDateField(
            label=_("When is your next appointment with your team?"),
            what=_("The date of your next appointment"),
            help_text=_("If you know it. For example, 27 1 2027. You can leave this blank."),
        )


def exclusive_checkboxes(value: list[str], exclusive: tuple[str, ...], message: str) -> list[str]:
    # With JavaScript the exclusive boxes untick the others; without it, say what to fix.
    if len(value) > 1 and set(value) & set(exclusive):
        raise ValidationError(message)
    return value


class AboutYourCancerForm(StepForm):
    # Optional follow-ups shown straight after a marker's question (blank means unknown).
    FOLLOW_UPS = {
        "pdl1": (
            "pdl1_test",
            gettext_lazy("If your cancer is PD-L1 positive, which test showed it?"),
            gettext_lazy(
                "The two immunotherapy drugs each need their own PD-L1 test. "
                "Leave this blank if your cancer is not PD-L1 positive."
            ),
            q.PDL1_TEST_CHOICES,
        ),
        "brca": (
            "brca_type",
            gettext_lazy("If you have a BRCA change, how was it found?"),
            gettext_lazy(
                "Some drugs are only for a BRCA change you were born with (inherited). "
                "Leave this blank if you do not have a BRCA change."
            ),
            q.BRCA_TYPE_CHOICES,
        ),
    }

    # Shown together under "Other test results": not every cancer is tested for these, so they
    # may be left blank (blank means "I don't know"; no option is ever hidden for it).
    OTHER_TESTS = ("pdl1", "brca", "pik3ca", "akt1_pten", "esr1")
    MAIN_MARKERS = ("er", "pr", "her2")

    def build_fields(self) -> None:
        for question in q.MARKER_QUESTIONS:
            optional = question.key in self.OTHER_TESTS
            self.fields[question.key] = self.question_field(question, required=not optional)
            if question.key in self.FOLLOW_UPS:
                name, label, hint, options = self.FOLLOW_UPS[question.key]
                self.fields[name] = radio(
                    label, options, hint=hint, required=False,
                    required_message=_("Select an answer, or leave it blank"),
                )  # fmt: skip
        self.fields["menopause"] = radio(
            _("Have you been through the menopause?"),
            q.MENOPAUSE_CHOICES,
            hint=_(
                "When periods stop for good. If they stopped because of cancer treatment, choose "
                "‘I don't know’."
            ),
            required_message=_(
                "Select whether you have been through the menopause, or ‘I don't know’"
            ),
        )
        self.fields["spread"] = checkboxes(
            _("Where has the cancer spread to?"),
            (*q.SPREAD_CHOICES, q.Choice(*q.DONT_KNOW)),
            hint=_("Select all that apply."),
            required=True,
            required_message=_("Select where the cancer has spread to, or ‘I don't know’"),
            exclusive=("unknown",),
        )
        self.fields["problems"] = checkboxes(
            _("Do you have any of these problems?"),
            (
                *q.PROBLEM_CHOICES,
                q.Choice(q.NONE_OF_THESE, _("None of these")),
                q.Choice(*q.DONT_KNOW),
            ),
            hint=_("Select all that apply."),
            required=True,
            required_message=_("Select any problems you have, ‘None of these’ or ‘I don't know’"),
            exclusive=(q.NONE_OF_THESE, "unknown"),
        )
        for question in q.HISTORY_QUESTIONS:
            self.fields[question.key] = self.question_field(question)

    def sections(self) -> list[tuple[str, list[str], bool]]:
        """The page's parts: (heading, field names, shown inside a "details" that may close)."""
        names = list(self.fields)
        other = [n for n in names if n in self.OTHER_TESTS or n in {"pdl1_test", "brca_type"}]
        history = [question.key for question in q.HISTORY_QUESTIONS]
        where = ["menopause", "spread", "problems"]
        return [
            (_("Test results"), list(self.MAIN_MARKERS), False),
            (_("Other test results, if you have them"), other, True),
            (_("Where the cancer is"), where, False),
            (_("Treatment since the cancer spread"), history, False),
        ]

    def other_tests_open(self) -> bool:
        """Open the other test results when any has an answer other than "I don't know", or
        has an error."""
        other = self.sections()[1][1]
        answered = any(self[name].value() not in (None, "", [], "unknown") for name in other)
        return answered or any(name in self.errors for name in other)

    @staticmethod
    def question_field(question: q.Question, required: bool = True) -> forms.ChoiceField:
        """A question with its hint and 'I don't know' (where to find answers is said once, at
        the top of the page)."""
        return radio(
            question.label,
            question.choices,
            hint=question.hint,
            required=required,
            required_message=_("Select an answer for ‘%(question)s’, or ‘I don't know’")
            % {"question": question.label},
        )

    def locked_fields(self) -> dict[str, Any]:
        team = self.context.get("team_profile", {})
        # The profile's empty list means "none of these", which the form spells "none".
        return {
            key: (value if value != [] else [q.NONE_OF_THESE])
            for key, value in team.items()
            if key in self.fields
        }

    def clean_spread(self) -> list[str]:
        return exclusive_checkboxes(
            self.cleaned_data["spread"], ("unknown",),
            _("Select where the cancer has spread to, or ‘I don't know’, not both"),
        )  # fmt: skip

    def clean_problems(self) -> list[str]:
        return exclusive_checkboxes(
            self.cleaned_data["problems"], ("unknown", q.NONE_OF_THESE),
            _("Select problems you have, or ‘None of these’ or ‘I don't know’ on its own"),
        )  # fmt: skip


class WhatMattersForm(StepForm):
    def build_fields(self) -> None:
        for item in q.MATTERS_ITEMS:
            self.fields[f"matters_{item.key}"] = radio(
                item.label,
                q.IMPORTANCE_CHOICES,
                required_message=_("Select how much ‘%(item)s’ matters to you")
                % {"item": item.label.lower()},
            )
        self.fields["tradeoff"] = radio(
            _("If you had to choose, which would matter more to you now?"),
            q.TRADE_OFF_CHOICES,
            hint=_(
                "There is no right answer, and it is fine to find this hard. You can leave "
                "this blank."
            ),
            required=False,
            required_message=_("Select an answer, or leave it blank"),
        )
        self.fields["matters_most"] = free_text(
            _("What matters most to you?"), _("In your own words. You can leave this blank.")
        )
        self.fields["coming_months"] = free_text(
            _("What do you want to be able to do in the coming months?"),
            _("For example, a family event, a trip, work or a hobby. You can leave this blank."),
        )


class GettingToHospitalForm(StepForm):
    def build_fields(self) -> None:
        self.fields["journey_minutes"] = forms.IntegerField(
            label=_("How long does it take you to get to hospital, in minutes?"),
            help_text=_("One way, door to door. Your best guess is fine."),
            min_value=0,
            max_value=600,
            error_messages={
                "required": _("Enter how many minutes it takes you to get to hospital"),
                "invalid": _("Enter the journey time as a number of minutes, like 45"),
                "min_value": _("Journey time must be 0 minutes or more"),
                "max_value": _("Journey time must be 600 minutes (10 hours) or less"),
            },
            widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
        )
        self.fields["travel_mode"] = radio(
            _("How do you usually get there?"),
            q.TRAVEL_CHOICES,
            required_message=_("Select how you usually get to hospital"),
        )
        self.fields["journey_hard"] = radio(
            _("Is the journey hard for you?"),
            q.JOURNEY_HARD_CHOICES,
            hint=_("For example, because of pain, tiredness, cost or finding someone to take you."),
            required_message=_("Select whether the journey is hard for you"),
        )
        self.fields["cost_per_trip"] = forms.DecimalField(
            label=_("How much does a trip there and back cost you, in pounds? (optional)"),
            help_text=_("Include fuel, fares and parking. You can leave this blank."),
            required=False,
            min_value=Decimal("0"),
            max_value=Decimal("1000"),
            decimal_places=2,
            error_messages={
                "invalid": _("Enter the cost in pounds, like 12.50"),
                "min_value": _("Cost must be £0 or more"),
                "max_value": _("Cost must be £1,000 or less"),
                "max_decimal_places": _("Enter the cost in pounds and pence, like 12.50"),
            },
            widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-5"}),
        )


def _option_choices(options) -> list[q.Choice]:
    return [q.Choice(o.slug, o.short_name) for o in options]


class YourOptionsForm(StepForm):
    """The shortlist: options the patient wants to look at more closely."""

    def build_fields(self) -> None:
        options = self.context["fitting_options"]
        self.fields["shortlist"] = checkboxes(
            _("Which options would you like to look at more closely?"),
            tuple(_option_choices(options)),
            hint=_("Choose up to 4 to compare. Hospital trips are for the first 12 weeks."),
        )

    def clean_shortlist(self) -> list[str]:
        value = self.cleaned_data["shortlist"]
        if len(value) > 4 and not self.partial:
            raise ValidationError(_("Choose 4 options or fewer to look at closely"))
        return value


class CompareForm(StepForm):
    def build_fields(self) -> None:
        self.fields["compare"] = checkboxes(
            _("Which options do you want to compare?"),
            tuple(_option_choices(self.context["shortlist_options"])),
            hint=_("Choose 2 to 4 options."),
            required=True,
            required_message=_("Choose 2 to 4 options to compare"),
        )

    def suggested_answers(self) -> dict[str, Any]:
        # The options she chose to look at closely are the ones she compares (review M8).
        shortlist = [o.slug for o in self.context["shortlist_options"]]
        return {"compare": shortlist} if 2 <= len(shortlist) <= 4 else {}

    def clean_compare(self) -> list[str]:
        value = self.cleaned_data["compare"]
        if not 2 <= len(value) <= 4 and not self.partial:
            raise ValidationError(_("Choose 2 to 4 options to compare"))
        return value


class WeighUpForm(StepForm):
    def build_fields(self) -> None:
        for option in self.context["shortlist_options"]:
            self.fields[f"pros_{option.slug}"] = free_text(
                _("What do you like about %(option)s?") % {"option": option.short_name},
            )
            self.fields[f"cons_{option.slug}"] = free_text(
                _("What worries you about %(option)s?") % {"option": option.short_name},
            )


class KnowledgeForm(StepForm):
    def build_fields(self) -> None:
        for item in self.context["statements"]:
            self.fields[f"knowledge_{item.key}"] = radio(
                item.statement,
                q.KNOWLEDGE_CHOICES,
                required=False,
                required_message=_("Select true, false or I'm not sure"),
            )


class LeaningForm(StepForm):
    def build_fields(self) -> None:
        options = tuple(_option_choices(self.context["leaning_options"]))
        self.fields["leaning"] = radio(
            _("Where are you leaning at the moment?"),
            q.LEANING_CHOICES,
            hint=_("This is not a final decision. You can change your mind at any time."),
            required_message=_("Select where you are leaning, or ‘I am not sure yet’"),
        )
        self.fields["leaning_options"] = checkboxes(
            _("Which options are you leaning towards?"),
            options,
            hint=_("If you are leaning towards any, choose them here."),
        )
        for key, label in q.SURE_QUESTIONS:
            self.fields[key] = radio(
                label,
                q.YES_NO,
                required_message=_("Select yes or no for ‘%(question)s’") % {"question": label},
            )
        self.fields["decide_how"] = radio(
            _("How would you like to make the decision?"),
            q.DECIDE_HOW_CHOICES,
            required_message=_("Select how you would like to make the decision"),
        )
        self.fields["survival_talk"] = radio(
            _(
                "How much would you like to hear about what treatment may mean for how long "
                "you live?"
            ),
            q.SURVIVAL_TALK_CHOICES,
            hint=_(
                "People feel differently about this. There is no right answer. "
                "You can leave this blank."
            ),
            required=False,
            required_message=_("Select how much you would like to hear about this"),
        )
        self.fields["others_involved"] = free_text(
            _("Who else would you like to be involved in the decision?"),
            _("For example, your partner, a family member or a friend. You can leave this blank."),
        )
        self.fields["would_help"] = checkboxes(
            _("What would help you decide?"), q.WOULD_HELP_CHOICES, hint=_("Select all that apply.")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.partial:
            return data
        leaning, chosen = data.get("leaning"), data.get("leaning_options") or []
        if leaning == "one" and len(chosen) != 1:
            self.add_error("leaning_options", _("Choose the one option you are leaning towards"))
        if leaning == "some" and len(chosen) < 2:
            self.add_error("leaning_options", _("Choose the options you are deciding between"))
        return data


class QuestionsForm(StepForm):
    def build_fields(self) -> None:
        self.fields["questions_selected"] = checkboxes(
            _("Which questions would you like to ask your team?"),
            tuple(q.Choice(s.key, s.text) for s in self.context["suggested"]),
            hint=_(
                "These are suggested from your answers. We have ticked up to 5 that fit what "
                "you told us. Untick any you do not want, and tick others you do."
            ),
        )
        self.fields["questions_own"] = free_text(
            _("Your own questions"), _("Write one question on each line. You can leave this blank.")
        )

    def suggested_answers(self) -> dict[str, Any]:
        return {"questions_selected": [s.key for s in self.context["preselected"]]}


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Enter your access code"),
        help_text=gettext_lazy(
            "It is 10 letters and numbers, for example ABCDE-FGH23. You can paste it."
        ),
        max_length=40,
        error_messages={"required": gettext_lazy("Enter your access code")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "nhsuk-input--width-10"}
        ),
    )


class SendToTeamForm(forms.Form):
    """Sending answers she started on her own (issue 16 item 1): which hospital team, and what
    that team needs to match them to her notes. Never logged; kept only as long as the record."""

    team = forms.ModelChoiceField(
        label=gettext_lazy("Which hospital team looks after you?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Choose the hospital team that looks after you"),
            "invalid_choice": gettext_lazy("Choose the hospital team that looks after you"),
        },
    )
    full_name = forms.CharField(
        label=gettext_lazy("Your full name"),
        max_length=120,
        error_messages={
            "required": gettext_lazy("Enter your full name"),
            "max_length": gettext_lazy("Your full name must be 120 characters or fewer"),
        },
    )
    nhs_number = forms.CharField(
        label=gettext_lazy("Your NHS number (optional)"),
        help_text=gettext_lazy(
            "10 digits, for example 485 777 3456. It is on letters from the NHS and in the NHS App."
        ),
        required=False,
        max_length=20,
    )
    hospital_number = forms.CharField(
        label=gettext_lazy("Your hospital number (optional)"),
        help_text=gettext_lazy("It is on letters from your hospital, if you have one to hand."),
        required=False,
        max_length=30,
        error_messages={
            "max_length": gettext_lazy("Your hospital number must be 30 characters or fewer")
        },
    )

    def __init__(self, *args: Any, teams=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = _team_label
        self.fields["date_of_birth"] = BirthDateField(
            label=_("Your date of birth"),
            what=_("Your date of birth"),
            required=True,
            help_text=_("For example, 31 3 1961"),
        )
        self.order_fields(["team", "full_name", "date_of_birth", "nhs_number", "hospital_number"])

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise ValidationError(_("Enter your full name"))
        return name

    def clean_nhs_number(self) -> str:
        digits = identity.nhs_number_digits(self.cleaned_data["nhs_number"])
        if digits and not identity.nhs_number_is_valid(digits):
            raise ValidationError(
                _("Check your NHS number: it is 10 digits, and these are not a real NHS number")
            )
        return digits

    def clean_hospital_number(self) -> str:
        value = self.cleaned_data["hospital_number"].strip()
        if value and not all(c.isalnum() or c in " -/" for c in value):
            raise ValidationError(_("Your hospital number can only have letters, numbers and -"))
        return value


def _team_label(team) -> str:
    return f"{team.name}, {team.hospital}" if team.hospital else team.name
