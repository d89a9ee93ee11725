"""Turn a record (answers + pinned catalogue) into what the pages and PDFs show.

Presenters format once; the web pages, check-answers page and PDFs all use them, so a summary
can never say one thing on screen and another on paper.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from decision_aid.content import burden as burden_calc
from decision_aid.content.eligibility import Fit
from decision_aid.content.models import HairLoss, Route, Setting
from decision_aid.content.services import AssessedOption, assess_catalogue
from decision_aid.content.types import Catalogue, OptionContent, SideEffectContent
from decision_aid.journey import questions as q

ROUTE_LABELS = dict(Route.choices)
SETTING_LABELS = dict(Setting.choices)
FREQUENCY_ORDER = {"common": 0, "less_common": 1, "rare_serious": 2}


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

    @property
    def visits_text(self) -> str:
        trips = self.burden.trips_12_weeks
        return ngettext("%(count)s hospital trip", "%(count)s hospital trips", plural_n(trips)) % {
            "count": number(trips)
        }


@dataclass
class OptionsPage:
    journey_minutes: int | None
    travel_mode: str
    groups_suitable: list[tuple[str, list[OptionCard]]] = field(default_factory=list)
    groups_ask: list[tuple[str, list[OptionCard]]] = field(default_factory=list)
    unsuitable: list[OptionCard] = field(default_factory=list)
    clinical_trials_prompt: str = ""
    no_treatment_still_care: str = ""
    stopping_any_treatment: str = ""
    pregnancy_general: str = ""  # above each option's own pregnancy text

    @property
    def cards(self) -> list[OptionCard]:
        return [c for _, cards in self.groups_suitable + self.groups_ask for c in cards]


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


def options_page(
    catalogue: Catalogue, profile, answers: dict[str, Any], assessed=None
) -> OptionsPage:
    minutes, mode = journey_of(answers)
    page = OptionsPage(
        journey_minutes=minutes,
        travel_mode=mode,
        clinical_trials_prompt=catalogue.texts.get("clinical-trials-prompt", ""),
        no_treatment_still_care=catalogue.texts.get("no-treatment-still-care", ""),
        stopping_any_treatment=catalogue.texts.get("stopping-any-treatment", ""),
        pregnancy_general=catalogue.texts.get("pregnancy-general", ""),
    )
    tags = important_tags(answers)
    by_fit: dict[Fit, dict[str, list[OptionCard]]] = {Fit.SUITABLE: {}, Fit.ASK: {}}
    for item in assessed if assessed is not None else assess_catalogue(catalogue, profile):
        card = option_card(item, catalogue, answers, tags)
        if item.fit is Fit.UNSUITABLE:
            page.unsuitable.append(card)
        else:
            by_fit[item.fit].setdefault(card.group_name, []).append(card)
    page.groups_suitable = list(by_fit[Fit.SUITABLE].items())
    page.groups_ask = list(by_fit[Fit.ASK].items())
    return page


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


def compare_rows(cards: list[OptionCard], journey_minutes: int | None) -> list[CompareRow]:
    def row(label: str, fn) -> CompareRow:
        return CompareRow(label, tuple(str(fn(c)) for c in cards))

    rows = [
        row(_("How it is given"), lambda c: c.how),
        row(_("Where"), lambda c: c.where),
        row(_("How often"), lambda c: c.option.schedule.summary),
        row(_("Hospital trips in 12 weeks"), lambda c: str(c.burden.trips_12_weeks)),
    ]
    if journey_minutes is not None:
        rows.append(
            row(
                _("Hours travelling in 12 weeks"),
                lambda c: number(c.burden.travel_hours_12_weeks),
            )
        )
    rows += [
        row(_("Tests"), lambda c: ", ".join(t.name for t in c.option.tests) or _("None needed")),
        row(
            _("Common side effects"),
            lambda c: ", ".join(s.name for s in c.common_side_effects) or _("Few side effects"),
        ),
        row(_("Hair loss"), lambda c: HAIR_LOSS_WORDS.get(c.option.hair_loss, "")),
        row(_("What it can do"), lambda c: " ".join(c.option.benefits)),
    ]
    return rows


# --- Weigh up ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeighUpLine:
    matters: str
    text: str


def _is_fewest(value: float, all_values: list[float]) -> bool:
    """The lowest of the options compared (said only when there are several)."""
    return len(all_values) > 1 and value == min(all_values)


def weigh_up(cards: list[OptionCard], answers: dict[str, Any]) -> dict[str, list[WeighUpLine]]:
    """For each option, one plain line per thing the patient said matters. Never a score."""
    trips = [c.burden.trips_12_weeks for c in cards]
    hours = [c.burden.travel_hours_12_weeks for c in cards]
    hospital_tests = [sum(1 for t in c.option.tests if t.where == "hospital") for c in cards]
    items = [i for i in q.MATTERS_ITEMS if answers.get(f"matters_{i.key}") in q.IMPORTANT]
    out: dict[str, list[WeighUpLine]] = {}
    for card, n_tests in zip(cards, hospital_tests, strict=True):
        lines = []
        for item in items:
            text = _weigh_line(item.key, card, trips, hours, n_tests, hospital_tests)
            lines.append(WeighUpLine(str(item.label), text))
        out[card.slug] = lines
    return out


def _effect_line(card: OptionCard, key: str, name: str) -> str:
    for effect in card.side_effects:
        if effect.key == key:
            messages = {
                "common": _("%(effect)s is common with this treatment."),
                "less_common": _("%(effect)s is less common with this treatment."),
                "rare_serious": _("%(effect)s is rare with this treatment."),
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
        return _("Ask your team what this treatment may mean for how long you live.")
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
