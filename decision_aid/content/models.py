"""The treatment catalogue.

The tables below are the *editable* catalogue: content editors change them in the admin. What
patients see is never read from them directly: every change publishes an immutable
:class:`ContentRelease` holding a snapshot of the whole catalogue, and each patient record pins
the release it was shown (see ``releases.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Route(models.TextChoices):
    TABLET = "tablet", _("Tablet or capsule")
    INJECTION_SKIN = "injection_skin", _("Injection under the skin")
    INJECTION_MUSCLE = "injection_muscle", _("Injection into a muscle")
    DRIP = "drip", _("Drip into a vein")
    RADIOTHERAPY = "radiotherapy", _("Radiotherapy")
    OPERATION = "operation", _("Operation")
    PROCEDURE = "procedure", _("Procedure")
    NONE = "none", _("No treatment given")


class Setting(models.TextChoices):
    HOME = "home", _("at home")
    GP_COMMUNITY = "gp_community", _("at your GP surgery or by a community nurse")
    HOSPITAL_DAY_UNIT = "hospital_day_unit", _("in a hospital day unit")
    HOSPITAL_STAY = "hospital_stay", _("in hospital, staying overnight")


class ScheduleKind(models.TextChoices):
    CYCLES = "cycles", _("Repeating cycles")
    CONTINUOUS = "continuous", _("Every day, with no break")
    COURSE = "course", _("A short course")
    ONE_OFF = "one_off", _("Once")
    AS_NEEDED = "as_needed", _("When needed")


class Frequency(models.TextChoices):
    COMMON = "common", _("Common")
    LESS_COMMON = "less_common", _("Less common")
    RARE_SERIOUS = "rare_serious", _("Rare but serious")


class Band(models.TextChoices):
    """How often a side effect happens with one treatment, in the bands UK medicine leaflets use
    (SmPC section 4.8; Cancer Research UK's side-effect pages use the same cut-offs). Issue 15
    item 3: shown in words beside every side effect; where no primary UK source has been
    checked, "not known" (she is told to ask her team), never a guess."""

    VERY_COMMON = "very_common", _("very common, more than 1 in 10 people")
    COMMON = "common", _("common, up to 1 in 10 people")
    UNCOMMON = "uncommon", _("uncommon, up to 1 in 100 people")
    # Not checked in a primary UK source yet: she is told to ask, never given a guess.
    NOT_KNOWN = "not_known", _("ask your team how many people get it")


class HairLoss(models.TextChoices):
    NONE = "none", _("Hair loss is not expected")
    THINNING = "thinning", _("Hair may thin")
    LIKELY = "likely", _("Hair loss is likely")


class TestPlace(models.TextChoices):
    HOSPITAL = "hospital", _("At hospital")
    GP_COMMUNITY = "gp_community", _("At your GP surgery")
    HOME = "home", _("At home")


class MattersTag(models.TextChoices):
    """The "what matters to you" items a side effect can touch (used to highlight it)."""

    HAIR_LOSS = "hair_loss", _("Avoiding hair loss")
    FEELING_SICK = "feeling_sick", _("Avoiding feeling sick")
    ENERGY = "energy", _("Keeping energy for things I enjoy")
    WORK_CARING = "work_caring", _("Keeping working or caring for others")
    TESTS = "tests", _("Fewer tests and scans")
    FAMILY_TIME = "family_time", _("Time with family and friends")


def validate_day_list(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(d, int) and d >= 1 for d in value):
        raise ValidationError(_("Enter a list of day numbers, each 1 or more, e.g. [1, 8]."))


def validate_on_days(value: object) -> None:
    """Day numbers within the 12-week window, in order, each once (a test's ``on_days``)."""
    if (
        not isinstance(value, list)
        or not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 84 for d in value)
        or value != sorted(set(value))
    ):
        raise ValidationError(
            _("Enter day numbers from 1 to 84, in order, each once, e.g. [15, 43].")
        )


def validate_settings_list(value: object) -> None:
    allowed = set(Setting.values)
    if not isinstance(value, list) or not value or not set(value) <= allowed:
        raise ValidationError(
            _("Enter a list of one or more of: %(allowed)s."),
            params={"allowed": ", ".join(sorted(allowed))},
        )


def validate_matters_tags(value: object) -> None:
    allowed = set(MattersTag.values)
    if not isinstance(value, list) or not set(value) <= allowed:
        raise ValidationError(
            _("Enter a list drawn from: %(allowed)s."),
            params={"allowed": ", ".join(sorted(allowed))},
        )


class TreatmentGroup(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(help_text=_("Shown to patients above the group's options."))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name


class SideEffect(models.Model):
    key = models.SlugField(unique=True)
    name = models.CharField(max_length=100, help_text=_("Plain name, e.g. “Feeling sick”."))
    explanation = models.TextField(help_text=_("What it is, in one or two short sentences."))
    what_helps = models.TextField()
    matters_tags = models.JSONField(default=list, blank=True, validators=[validate_matters_tags])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Option(models.Model):
    slug = models.SlugField(unique=True, help_text=_("Stable public identifier. Never change it."))
    name = models.CharField(max_length=150)
    group = models.ForeignKey(TreatmentGroup, on_delete=models.PROTECT, related_name="options")
    order = models.PositiveSmallIntegerField(default=0)
    summary = models.TextField(help_text=_("What it is."))
    who_for = models.TextField(help_text=_("Who it is usually for, in plain words."))
    route = models.CharField(max_length=20, choices=Route.choices)
    settings = models.JSONField(
        validators=[validate_settings_list], help_text=_("Where it is given.")
    )
    how_given = models.TextField()
    living_physical = models.TextField(_("What it is like: physical"))
    living_emotional = models.TextField(_("What it is like: emotional"))
    living_social = models.TextField(_("What it is like: social"))
    few_side_effects = models.BooleanField(default=False)
    hair_loss = models.CharField(max_length=10, choices=HairLoss.choices)
    hair_loss_text = models.TextField()
    stopping = models.TextField(help_text=_("That it can be stopped, and what stopping means."))
    pregnancy = models.TextField(
        blank=True,
        help_text=_(
            "Pregnancy, contraception and breastfeeding: this option's own detail, shown under "
            "the shared general text. Required for drug treatments and electrochemotherapy."
        ),
    )
    evidence = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            "What it can do, with a number only where a primary UK source gives one: kind "
            "(proportion, time or none), statement, per_100 and per_100_label (proportion), "
            "compared_with, source {citation, url}, quote (the source's words; never shown). "
            "See decision_aid/content/catalogue/README.md."
        ),
    )
    reviewed_on = models.DateField()
    next_review = models.DateField()
    reviewer = models.CharField(max_length=150)
    notes_for_team = models.TextField(blank=True, help_text=_("Never shown to patients."))
    side_effects = models.ManyToManyField(SideEffect, through="OptionSideEffect")

    class Meta:
        ordering = ["group__order", "order", "slug"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.reviewed_on and self.next_review and self.next_review <= self.reviewed_on:
            raise ValidationError({"next_review": _("The next review must be after the last one.")})


class Schedule(models.Model):
    option = models.OneToOneField(Option, on_delete=models.CASCADE, related_name="schedule")
    kind = models.CharField(max_length=12, choices=ScheduleKind.choices)
    summary = models.TextField(help_text=_("How often, in plain words."))
    cycle_days = models.PositiveSmallIntegerField(default=0, help_text=_("Length of one cycle."))
    treatment_days = models.JSONField(default=list, blank=True, validators=[validate_day_list])
    loading_days = models.JSONField(default=list, blank=True, validators=[validate_day_list])
    first_cycle_day = models.PositiveSmallIntegerField(default=1)
    course_days = models.JSONField(default=list, blank=True, validators=[validate_day_list])
    given_at_hospital = models.BooleanField(
        help_text=_("Does each treatment day need a trip to hospital?")
    )
    hours_at_hospital = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    stay_nights = models.PositiveSmallIntegerField(default=0)
    review_every_days = models.PositiveSmallIntegerField(
        default=0, help_text=_("Clinic reviews every this many days (0 for none).")
    )

    def __str__(self) -> str:
        return _("Schedule of %(option)s") % {"option": self.option}

    def clean(self) -> None:
        if self.kind == ScheduleKind.CYCLES and not (self.cycle_days and self.treatment_days):
            raise ValidationError(
                _("A repeating schedule needs a cycle length and treatment days.")
            )
        if self.kind in {ScheduleKind.COURSE, ScheduleKind.ONE_OFF} and not self.course_days:
            raise ValidationError(_("A course or one-off treatment needs the days it is given."))


class Drug(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="drugs")
    name = models.CharField(max_length=100)
    brand = models.CharField(max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.brand})" if self.brand else self.name


class Benefit(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="benefits")
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class MonitoringTest(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="tests")
    name = models.CharField(max_length=100)
    every_days = models.PositiveSmallIntegerField(help_text=_("0 = once, before starting."))
    on_days = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_on_days],
        help_text=_(
            "Only for checks at set times: the day numbers (1 to 84) they fall on, e.g. [15, 43]. "
            "Then set “every days” to 0."
        ),
    )
    where = models.CharField(max_length=20, choices=TestPlace.choices)
    with_treatment = models.BooleanField(help_text=_("Usually done on a treatment or review day."))
    detail = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.on_days and self.every_days:
            raise ValidationError(
                {"every_days": _("A test on set days needs “every days” set to 0.")}
            )


class OptionSideEffect(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="option_side_effects")
    side_effect = models.ForeignKey(SideEffect, on_delete=models.PROTECT)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    band = models.CharField(max_length=12, choices=Band.choices, default=Band.NOT_KNOWN)
    band_source = models.URLField(
        max_length=500,
        blank=True,
        help_text=_("The page that gives the band: one of this option's sources."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["option", "side_effect"], name="unique_option_side_effect"
            )
        ]

    def __str__(self) -> str:
        return f"{self.side_effect} ({self.get_frequency_display()})"

    def clean(self) -> None:
        if self.band == Band.NOT_KNOWN and self.band_source:
            raise ValidationError({"band_source": _("A band that is not known has no source.")})
        if self.band != Band.NOT_KNOWN and not self.band_source:
            raise ValidationError({"band_source": _("Give the page that says how many get it.")})


class Source(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="sources")
    citation = models.CharField(max_length=300)
    url = models.URLField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.citation


class CatalogueText(models.Model):
    """Keyed texts shown around the options, e.g. the clinical-trials prompt."""

    key = models.SlugField(unique=True)
    text = models.TextField()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class ContentRelease(models.Model):
    """An immutable, published snapshot of the whole catalogue."""

    created_at = models.DateTimeField(auto_now_add=True)
    summary = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    digest = models.CharField(max_length=64, help_text=_("SHA-256 of the snapshot."))
    edition = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "The shipped catalogue's edition (general.yaml) when loaded from the fixture; "
            "empty for releases published in the admin."
        ),
    )
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-id"]
        get_latest_by = "id"

    def __str__(self) -> str:
        return _("Release %(number)s (%(date)s): %(summary)s") % {
            "number": self.pk,
            "date": f"{self.created_at:%d %b %Y}",
            "summary": self.summary,
        }

    @property
    def label(self) -> str:
        return f"{self.pk}"
