"""Turn a record (answers + pinned catalogue) into what the pages and PDFs show.

Presenters format once; the web pages, check-answers page and PDFs all use them, so a summary
can never say one thing on screen and another on paper.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from decision_aid.content import burden as burden_calc
from decision_aid.content.eligibility import Fit
from decision_aid.content.models import Band, HairLoss, Route, Setting
from decision_aid.content.overview import overview_sections
from decision_aid.content.services import AssessedOption
from decision_aid.content.types import Catalogue, OptionContent, SideEffectContent
from decision_aid.journey import questions as q

ROUTE_LABELS = dict(Route.choices)
SETTING_LABELS = dict(Setting.choices)
FREQUENCY_ORDER = {"common": 0, "less_common": 1, "rare_serious": 2}
BAND_WORDS = dict(Band.choices)
COMPARE_SIDE_EFFECTS = 4  # in tables and copies, the first few common ones (all on its page)


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def number(value: float) -> str:
    """A count or an amount as the pages show it: 3, 2.5 (never 3.0)."""
    return f"{value:g}"


def plural_n(value: float) -> int:
    """The whole number that chooses a message's plural form for ``value``.

    gettext's plural rules take whole numbers. A fraction reads as plural in English ("1.5
    hours", "0.5 hours"), so it chooses by the next whole number up, and never the singular.
    """
    if float(value).is_integer():
        return int(value)
    return max(2, math.ceil(value))


@dataclass(frozen=True)
class DayCell:
    day: int
    hospital: bool
    stay: bool


@dataclass(frozen=True)
class Timeline:
    weeks: tuple[tuple[DayCell, ...], ...]
    description: str  # the text equivalent of the picture


def timeline(burden: burden_calc.Burden) -> Timeline:
    return _timeline(burden.hospital_days, burden.stay_days, get_language())


@lru_cache(maxsize=1024)
def _timeline(
    hospital_days: tuple[int, ...], stay_days: tuple[int, ...], language: str | None
) -> Timeline:
    """The picture of a set of hospital days: a pure function of them (and of the language its
    description is written in), so each is made once."""
    trips, stays = set(hospital_days), set(stay_days)
    weeks = tuple(
        tuple(DayCell(d, d in trips, d in stays) for d in range(w * 7 + 1, w * 7 + 8))
        for w in range(burden_calc.WEEKS)
    )
    if not trips and not stays:
        description = _("No hospital days in the first 12 weeks.")
    else:
        per_week = []  # each item a whole message; the list of weeks is data
        for w in range(burden_calc.WEEKS):
            days = [d for d in range(w * 7 + 1, w * 7 + 8) if d in trips or d in stays]
            if days:
                per_week.append(
                    ngettext("week %(week)s: %(days)s day", "week %(week)s: %(days)s days",
                             len(days)) % {"week": w + 1, "days": len(days)}
                )  # fmt: skip
        description = _("Hospital days in the first 12 weeks: %(weeks)s.") % {
            "weeks": "; ".join(per_week)
        }
    return Timeline(weeks, description)


@dataclass(frozen=True)
class OptionCard:
    option: OptionContent
    fit: Fit
    reasons: tuple[str, ...]
    group_name: str
    how: str
    where: str
    burden: burden_calc.Burden
    timeline: Timeline
    side_effects: tuple[SideEffectContent, ...]
    highlighted: frozenset[str]  # side-effect keys touching what the patient said matters
    in_shortlist: bool

    @property
    def slug(self) -> str:
        return self.option.slug

    @property
    def common_side_effects(self) -> tuple[SideEffectContent, ...]:
        return tuple(s for s in self.side_effects if s.frequency == "common")

    @property
    def other_side_effects(self) -> tuple[SideEffectContent, ...]:
        return tuple(s for s in self.side_effects if s.frequency == "less_common")

    @property
    def serious_side_effects(self) -> tuple[SideEffectContent, ...]:
        return tuple(s for s in self.side_effects if s.frequency == "rare_serious")

    @staticmethod
    def how_often(effect: SideEffectContent) -> str:
        """How many people get one side effect, in words ("more than 1 in 10 people"), or ""
        for a release from before bands were kept."""
        return str(BAND_WORDS.get(effect.band, ""))

    @property
    def band_sources(self) -> tuple[str, ...]:
        """The citations the bands come from, in the option's own order of sources."""
        urls = {e.band_source for e in self.side_effects if e.band_source}
        return tuple(s.citation for s in self.option.sources if s.url in urls)

    @property
    def common_effects_text(self) -> str:
        """The first few common side effects, and how many more (each is on its own page)."""
        names = [s.name for s in self.common_side_effects]
        if not names:
            return _("Few side effects")
        shown = ", ".join(names[:COMPARE_SIDE_EFFECTS])
        more = len(names) - COMPARE_SIDE_EFFECTS
        if more <= 0:
            return shown
        return ngettext(
            "%(effects)s, and %(count)s more listed on its page",
            "%(effects)s, and %(count)s more listed on its page",
            more,
        ) % {"effects": shown, "count": more}

    @property
    def how_and_where(self) -> str:
        """How it is given and where, in one phrase: "Tablet or capsule, at home"."""
        return f"{self.how}, {SETTING_LABELS[self.option.settings[0]]}"

    @property
    def visits_text(self) -> str:
        trips = self.burden.trips_12_weeks
        return ngettext("%(count)s hospital trip", "%(count)s hospital trips", plural_n(trips)) % {
            "count": number(trips)
        }


@dataclass(frozen=True)
class OverviewLine:
    """One option on the overview: its name, its fit and one line of key facts."""

    option: OptionContent
    fit: Fit
    facts: str
    in_shortlist: bool

    @property
    def slug(self) -> str:
        return self.option.slug


@dataclass(frozen=True)
class OptionsOverview:
    """The options overview (issue 15 item 2): one line per option, in the nurse's order."""

    journey_minutes: int | None
    usually_first: tuple[OverviewLine, ...]
    other: tuple[OverviewLine, ...]
    ask: tuple[OverviewLine, ...]
    alongside: tuple[OverviewLine, ...]
    no_treatment: OverviewLine | None
    not_suitable_count: int
    first_is_chemotherapy: bool
    hormone_sensitive: bool
    clinical_trials_prompt: str
    stopping_any_treatment: str
    no_treatment_still_care: str


# Given by a nurse at hospital: the opposite of "tablets at home" (what matters to her).
HOSPITAL_ROUTES = {Route.DRIP, Route.INJECTION_MUSCLE}

# The overview's words for how and where: short, as a nurse would say them.
OVERVIEW_HOW = {
    Route.TABLET: gettext_lazy("Tablets"),
    Route.INJECTION_SKIN: gettext_lazy("Injections"),
    Route.INJECTION_MUSCLE: gettext_lazy("Injections"),
    Route.DRIP: gettext_lazy("A drip"),
    Route.RADIOTHERAPY: gettext_lazy("Radiotherapy"),
    Route.OPERATION: gettext_lazy("An operation"),
    Route.PROCEDURE: gettext_lazy("A procedure"),
}
OVERVIEW_WHERE = {
    Setting.HOME: gettext_lazy("at home"),
    Setting.GP_COMMUNITY: gettext_lazy("near home"),
    Setting.HOSPITAL_DAY_UNIT: gettext_lazy("at hospital"),
    Setting.HOSPITAL_STAY: gettext_lazy("with a hospital stay"),
}


def key_facts(option: OptionContent, burden: burden_calc.Burden) -> str:
    """The overview's one line: how and where it is given, and hospital trips in 12 weeks."""
    if option.route == Route.NONE:
        return _("Care for symptoms and support, at home or near it.")
    how = {
        "how": OVERVIEW_HOW.get(option.route, option.route),
        "where": OVERVIEW_WHERE[option.settings[0]],
    }
    trips = burden.trips_12_weeks
    if not trips:
        return _("%(how)s %(where)s. No regular hospital trips.") % how
    return ngettext(
        "%(how)s %(where)s. About %(count)s hospital trip.",
        "%(how)s %(where)s. About %(count)s hospital trips.",
        plural_n(trips),
    ) % {**how, "count": number(trips)}


def options_overview(
    catalogue: Catalogue, assessed: list[AssessedOption], answers: dict[str, Any], profile
) -> OptionsOverview:
    minutes, mode = journey_of(answers)
    shortlist = set(answers.get("shortlist") or [])

    def line(item: AssessedOption) -> OverviewLine:
        option = item.option
        burden = burden_calc.calculate(option.schedule, option.tests, minutes or 0, mode)
        return OverviewLine(option, item.fit, key_facts(option, burden), option.slug in shortlist)

    sections = overview_sections(assessed)
    return OptionsOverview(
        journey_minutes=minutes,
        usually_first=tuple(map(line, sections.usually_first)),
        other=tuple(map(line, sections.other)),
        ask=tuple(map(line, sections.ask)),
        alongside=tuple(map(line, sections.alongside)),
        no_treatment=line(sections.no_treatment) if sections.no_treatment else None,
        not_suitable_count=len(sections.not_suitable),
        first_is_chemotherapy=sections.first_is_chemotherapy,
        hormone_sensitive=profile.value("er") == "positive" or profile.value("pr") == "positive",
        clinical_trials_prompt=catalogue.texts.get("clinical-trials-prompt", ""),
        stopping_any_treatment=catalogue.texts.get("stopping-any-treatment", ""),
        no_treatment_still_care=catalogue.texts.get("no-treatment-still-care", ""),
    )


@dataclass(frozen=True)
class Appointment:
    """Her next appointment (issue 15 item 1): when the decision needs to be made."""

    on: date
    days_away: int

    @property
    def text(self) -> str:
        when = formats.date_format(self.on, "l j F Y")
        if self.days_away == 0:
            return _("Your next appointment is today, %(date)s.") % {"date": when}
        return ngettext(
            "Your next appointment is on %(date)s. That is %(days)s day away.",
            "Your next appointment is on %(date)s. That is %(days)s days away.",
            self.days_away,
        ) % {"date": when, "days": self.days_away}


def appointment(stored: str | None, today: date | None = None) -> Appointment | None:
    """Her next appointment from its stored answer (an ISO date), if it is still to come."""
    try:
        on = date.fromisoformat(stored) if stored else None
    except ValueError:
        return None
    today = today or timezone.localdate()
    if on is None or on < today:
        return None
    return Appointment(on, (on - today).days)


def important_tags(answers: dict[str, Any]) -> frozenset[str]:
    return frozenset(
        item.side_effect_tag
        for item in q.MATTERS_ITEMS
        if item.side_effect_tag and answers.get(f"matters_{item.key}") in q.IMPORTANT
    )


def journey_of(answers: dict[str, Any]) -> tuple[int | None, str]:
    minutes = answers.get("journey_minutes")
    return (int(minutes) if minutes is not None else None), answers.get("travel_mode") or "car"


def option_card(
    item: AssessedOption, catalogue: Catalogue, answers: dict[str, Any], tags: frozenset[str]
) -> OptionCard:
    option = item.option
    minutes, mode = journey_of(answers)
    burden = burden_calc.calculate(option.schedule, option.tests, minutes or 0, mode)
    groups = {g.slug: g.name for g in catalogue.groups}
    effects = tuple(sorted(option.side_effects, key=lambda s: FREQUENCY_ORDER[s.frequency]))
    return OptionCard(
        option=option,
        fit=item.fit,
        reasons=item.assessment.reasons,
        group_name=groups.get(option.group, option.group),
        how=str(ROUTE_LABELS.get(option.route, option.route)),
        # A list of places (each a label of its own), not a sentence built from pieces.
        where=_sentence_case(", ".join(str(SETTING_LABELS[s]) for s in option.settings)),
        burden=burden,
        timeline=timeline(burden),
        side_effects=effects,
        highlighted=frozenset(s.key for s in effects if set(s.matters_tags) & tags),
        in_shortlist=option.slug in (answers.get("shortlist") or []),
    )


def cards_for_slugs(
    catalogue: Catalogue,
    assessed: list[AssessedOption],
    answers: dict[str, Any],
    slugs: Iterable[str],
) -> list[OptionCard]:
    """Cards for just these options, in the order given (unknown slugs are skipped)."""
    by_slug = {item.option.slug: item for item in assessed}
    tags = important_tags(answers)
    return [option_card(by_slug[s], catalogue, answers, tags) for s in slugs if s in by_slug]


# --- Compare -----------------------------------------------------------------------------------

HAIR_LOSS_WORDS = {
    HairLoss.NONE: gettext_lazy("Not expected"),
    HairLoss.THINNING: gettext_lazy("Hair may thin"),
    HairLoss.LIKELY: gettext_lazy("Hair loss is likely"),
}


@dataclass(frozen=True)
class CompareRow:
    label: str
    values: tuple[str, ...]


NO_TREATMENT_SIDE_EFFECTS = gettext_lazy(
    "No treatment side effects. As the cancer grows, it may cause symptoms such as pain, "
    "tiredness or breathlessness. Your team can help ease them."
)


def what_it_can_do(card: OptionCard) -> str:
    """The option's evidence statement: the same place and wording kind for every option."""
    if card.option.evidence:
        return card.option.evidence.statement
    return " ".join(card.option.benefits[:1])


def compare_rows(cards: list[OptionCard], journey_minutes: int | None) -> list[CompareRow]:
    """The comparison table: the same rows for every option, no treatment included (its
    downsides sit in the same rows as every other option's, review M4)."""

    def row(label: str, fn) -> CompareRow:
        return CompareRow(label, tuple(str(fn(c)) for c in cards))

    def side_effects(card: OptionCard) -> str:
        if card.option.route == Route.NONE:
            return str(NO_TREATMENT_SIDE_EFFECTS)
        return card.common_effects_text

    rows = [
        row(_("How and where"), lambda c: c.how_and_where),
        row(_("Hospital trips in 12 weeks"), lambda c: number(c.burden.trips_12_weeks)),
    ]
    if journey_minutes is not None:
        rows.append(
            row(
                _("Hours travelling in 12 weeks"),
                lambda c: number(c.burden.travel_hours_12_weeks),
            )
        )
    rows += [
        row(_("What it can do"), what_it_can_do),
        row(_("Common side effects"), side_effects),
        row(_("Hair loss"), lambda c: HAIR_LOSS_WORDS.get(c.option.hair_loss, "")),
    ]
    return rows


# --- Weigh up ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeighUpLine:
    matters: str
    text: str
    effect: str = ""  # HELPS, COSTS or "" (it depends, or nothing to say): never a score


HELPS, COSTS = "helps", "costs"


def _is_fewest(value: float, all_values: list[float]) -> bool:
    """The lowest of the options compared (said only when there are several)."""
    return len(all_values) > 1 and value == min(all_values)


def weigh_up(cards: list[OptionCard], answers: dict[str, Any]) -> dict[str, list[WeighUpLine]]:
    """For each option, one plain line per thing the patient said matters. Never a score."""
    trips = [c.burden.trips_12_weeks for c in cards]
    hours = [c.burden.travel_hours_12_weeks for c in cards]
    hospital_tests = [sum(1 for t in c.option.tests if t.where == "hospital") for c in cards]
    items = [i for i in q.MATTERS_ITEMS if answers.get(f"matters_{i.key}") in q.IMPORTANT]
    # Which treatments help or cost is judged among the treatments (no cancer treatment has no
    # trips or tests of its own, so it would make every treatment "cost" them).
    treatments = [c.option.route != Route.NONE for c in cards]

    def among(values: list[float]) -> list[float]:
        return [v for v, t in zip(values, treatments, strict=True) if t]

    out: dict[str, list[WeighUpLine]] = {}
    for card, n_tests in zip(cards, hospital_tests, strict=True):
        lines = []
        for item in items:
            text = _weigh_line(item.key, card, trips, hours, n_tests, hospital_tests)
            effect = weigh_effect(
                item.key, card, among(trips), among(hours), n_tests, among(hospital_tests)
            )
            lines.append(WeighUpLine(str(item.label), text, effect))
        out[card.slug] = lines
    return out


def _relative(value: float, all_values: list[float]) -> str:
    """Among her shortlist: the least of them helps, the most of them costs (only when they
    differ, and only when there are several to set side by side)."""
    if len(all_values) < 2 or min(all_values) == max(all_values):
        return ""
    if value == min(all_values):
        return HELPS
    return COSTS if value == max(all_values) else ""


def _side_effect_weight(card: OptionCard, key: str) -> str:
    frequency = next((e.frequency for e in card.side_effects if e.key == key), None)
    if frequency is None:
        return HELPS
    return COSTS if frequency == "common" else ""


def weigh_effect(key, card, trips, hours, n_tests, all_tests) -> str:
    """Whether the option helps with, or costs her, one thing she said matters (issue 15 item
    4). Said only where the catalogue's facts show it; "" where it depends or is not known.
    No cancer treatment: the cancer is expected to grow, so it never "helps" living longer."""
    no_treatment = card.option.route == Route.NONE
    b = card.burden
    if key in {"fewer_visits", "family_time"}:
        return HELPS if no_treatment else _relative(b.trips_12_weeks, trips)
    if key == "less_travel":
        return HELPS if no_treatment else _relative(b.travel_hours_12_weeks, hours)
    if key == "fewer_tests":
        return HELPS if no_treatment else _relative(n_tests, all_tests)
    if key == "tablets_at_home":
        if no_treatment or card.option.route == Route.TABLET:
            return HELPS
        return COSTS if card.option.route in HOSPITAL_ROUTES else ""
    if key == "avoid_hair_loss":
        return {HairLoss.NONE: HELPS, HairLoss.LIKELY: COSTS}.get(card.option.hair_loss, "")
    if key == "avoid_feeling_sick":
        return "" if no_treatment else _side_effect_weight(card, "feeling-sick")
    if key == "keep_energy":
        return "" if no_treatment else _side_effect_weight(card, "tiredness")
    if key == "live_longer":
        return COSTS if no_treatment else ""
    return ""


def _effect_line(card: OptionCard, key: str, name: str) -> str:
    for effect in card.side_effects:
        if effect.key == key:
            messages = {
                "common": _("%(effect)s is common with this treatment."),
                "less_common": _("%(effect)s is less common with this treatment."),
                "rare_serious": _("%(effect)s is rare with this treatment."),
            }
            if effect.band and effect.band != Band.NOT_KNOWN:  # its band says more, in words
                return _("%(effect)s with this treatment: %(how_often)s.") % {
                    "effect": name,
                    "how_often": card.how_often(effect),
                }
            return messages[effect.frequency] % {"effect": name}
    return _("%(effect)s is not a listed side effect of this treatment.") % {"effect": name}


def _weigh_line(key, card, trips, hours, n_tests, all_tests) -> str:
    # Each line is one whole message (with and without "the fewest of your choices"), so a
    # translator sees, and may reorder, the whole sentence.
    b = card.burden
    if key == "fewer_visits":
        count = {"count": number(b.trips_12_weeks)}
        if _is_fewest(b.trips_12_weeks, trips):
            return (
                ngettext(
                    "%(count)s hospital trip in 12 weeks – the fewest of your choices.",
                    "%(count)s hospital trips in 12 weeks – the fewest of your choices.",
                    plural_n(b.trips_12_weeks),
                )
                % count
            )
        return (
            ngettext(
                "%(count)s hospital trip in 12 weeks.",
                "%(count)s hospital trips in 12 weeks.",
                plural_n(b.trips_12_weeks),
            )
            % count
        )
    if key == "less_travel":
        count = {"count": number(b.travel_hours_12_weeks)}
        if _is_fewest(b.travel_hours_12_weeks, hours):
            return (
                ngettext(
                    "About %(count)s hour travelling in 12 weeks – the least of your choices.",
                    "About %(count)s hours travelling in 12 weeks – the least of your choices.",
                    plural_n(b.travel_hours_12_weeks),
                )
                % count
            )
        return (
            ngettext(
                "About %(count)s hour travelling in 12 weeks.",
                "About %(count)s hours travelling in 12 weeks.",
                plural_n(b.travel_hours_12_weeks),
            )
            % count
        )
    no_treatment = card.option.route == Route.NONE
    if key == "tablets_at_home":
        if card.option.route == Route.TABLET:
            return _("You take it as tablets or capsules at home.")
        if no_treatment:
            return _(
                "There is no cancer treatment to have. Medicines for symptoms are often tablets."
            )
        return _("It is not taken as tablets. How it is given: %(route)s.") % {"route": card.how}
    if key == "avoid_hair_loss":
        return card.option.hair_loss_text
    # No cancer treatment has no side effects of its own, but the cancer is expected to grow
    # (its own option text): say both, in the same rows as every other option (review M4).
    if key == "avoid_feeling_sick":
        if no_treatment:
            return _(
                "No treatment side effects. As the cancer grows it may make you feel sick, and "
                "your team can help ease it."
            )
        return _effect_line(card, "feeling-sick", _("Feeling sick"))
    if key == "keep_energy":
        if no_treatment:
            return _(
                "No treatment side effects. As the cancer grows it may make you tired, and your "
                "team can help ease it."
            )
        return _effect_line(card, "tiredness", _("Tiredness"))
    if key == "work_or_caring":
        return card.option.living_social
    if key == "live_longer":
        if no_treatment:
            return _(
                "Without cancer treatment the cancer is expected to grow. Ask your team what this "
                "may mean for how long you live."
            )
        # What the evidence says (a number only where a trustworthy source gives one, review
        # M3), then where to ask about her own case.
        return _("%(evidence)s Ask your team what it may mean for you.") % {
            "evidence": what_it_can_do(card)
        }
    if key == "control_symptoms":
        return card.option.benefits[0]
    if key == "fewer_tests":
        count = {"count": number(n_tests)}
        if _is_fewest(n_tests, all_tests):
            return (
                ngettext(
                    "%(count)s kind of test at hospital – the fewest of your choices.",
                    "%(count)s kinds of test at hospital – the fewest of your choices.",
                    plural_n(n_tests),
                )
                % count
            )
        return (
            ngettext(
                "%(count)s kind of test at hospital.",
                "%(count)s kinds of test at hospital.",
                plural_n(n_tests),
            )
            % count
        )
    if key == "family_time":
        return ngettext(
            "%(days)s day with a hospital trip in 12 weeks, and about %(hours)s hours at hospital.",
            "%(days)s days with a hospital trip in 12 weeks, and about %(hours)s hours at "
            "hospital.",
            plural_n(b.trips_12_weeks),
        ) % {"days": number(b.trips_12_weeks), "hours": number(b.hours_at_hospital_12_weeks)}
    return ""


# --- What the team is looking at (issue 16 item 5) ---------------------------------------------


def sent_version_text(record) -> str:
    """Which of her answers the team is looking at, in one line: the patient page, the MDT
    page and the pack say the same."""
    if not record.submitted_version:
        return str(_("Not sent yet. Her answers show here once she sends them."))
    if record.changed_since_submission:
        return _("Version %(version)s, as she sent it. She has changed some answers since.") % {
            "version": record.submitted_version
        }
    return _("Version %(version)s, as she sent it.") % {"version": record.submitted_version}


def knowledge_text(scores) -> str:
    """The knowledge check as the team reads it, on the patient page, the MDT page and the pack:
    '4 of 6 right, 2 not answered', never a score that hides what was left blank; or 'Not
    answered yet' when she has answered none of it."""
    if not scores.knowledge_answered:
        return str(_("Not answered yet"))
    return _("%(right)s of %(total)s right, %(blank)s not answered") % {
        "right": scores.knowledge_correct,
        "total": scores.knowledge_total,
        "blank": scores.knowledge_unanswered,
    }
