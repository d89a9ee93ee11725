"""The steps of the journey, in order, and what each needs to show its form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from decision_aid.content.overview import overview_sections
from decision_aid.content.releases import catalogue_for, current_catalogue
from decision_aid.content.services import assess_catalogue
from decision_aid.journey import bank, forms, presenters, services
from decision_aid.journey import questions as q
from decision_aid.journey.models import DecisionRecord

TOTAL_STEPS = 12
NO_TREATMENT = "supportive-care-only"  # step 1 is starting (or resuming) with an access code


@dataclass(frozen=True)
class Step:
    slug: str  # in addresses and answer keys: never translated
    number: int
    # Shown in the active language. Left out of == and hash(), which would otherwise depend on
    # the language; use str(step.title) for JSON, hashing or an f-string.
    title: str | Promise = field(compare=False)
    form_class: type[forms.StepForm] | None
    template: str
    field_template: str = "journey/_autosave_field.jinja"

    @property
    def done_key(self) -> str:
        return f"done_{self.slug.replace('-', '_')}"


STEPS = (
    Step("your-decision", 2, _("Your decision"), forms.YourDecisionForm, "your_decision"),
    Step("about-your-cancer", 3, _("About your cancer"), forms.AboutYourCancerForm,
         "about_your_cancer"),
    Step("what-matters", 4, _("What matters to you"), forms.WhatMattersForm, "what_matters"),
    Step("getting-to-hospital", 5, _("Getting to hospital"), forms.GettingToHospitalForm, "step"),
    Step("your-options", 6, _("Your options"), forms.YourOptionsForm, "your_options",
         "journey/_shortlist_field.jinja"),
    Step("compare", 7, _("Compare your options"), forms.CompareForm, "compare"),
    Step("weigh-up", 8, _("Weigh up your options"), forms.WeighUpForm, "weigh_up"),
    Step("check-what-you-know", 9, _("Check what you know"), forms.KnowledgeForm, "knowledge",
         "journey/_knowledge_field.jinja"),
    Step("where-you-are-leaning", 10, _("Where you are leaning"), forms.LeaningForm, "step"),
    Step("questions", 11, _("Questions for your team"), forms.QuestionsForm, "step"),
    Step("check-answers", 12, _("Check your answers"), None, "check_answers"),
)  # fmt: skip
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def previous_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index else None


def next_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def first_unfinished(answers: dict[str, Any]) -> Step:
    for step in STEPS:
        if step.form_class is not None and not answers.get(step.done_key):
            return step
    return STEPS[-1]


class JourneyState:
    """Everything a step page needs about one record, worked out at most once per request."""

    def __init__(self, record: DecisionRecord, answers: dict[str, Any] | None = None) -> None:
        self.record = record
        self.answers = services.load_answers(record) if answers is None else answers

    @classmethod
    def as_sent(cls, record: DecisionRecord) -> JourneyState:
        """What her team sees: the answers she last sent (none before she sends), with the
        values the team entered. Never her unsent changes (issue 16 item 5)."""
        return cls(record, services.sent_answers(record))

    def after_saving(self, values: dict[str, Any]) -> JourneyState:
        """The state once ``values`` are saved (as ``services.save_answers`` stores them: None
        removes an answer), without reading the answers again."""
        answers = {**self.answers, **values}
        return JourneyState(self.record, {k: v for k, v in answers.items() if v is not None})

    @cached_property
    def catalogue(self):
        return catalogue_for(self.record.content_release_id)

    @cached_property
    def profile(self):
        return services.profile_for(self.record, self.answers)

    @cached_property
    def assessed(self):
        """Every option with its fit: cheap (rules only, no burden or timelines)."""
        return assess_catalogue(self.catalogue, self.profile)

    @cached_property
    def overview(self) -> presenters.OptionsOverview:
        """The options overview: one line per option that may fit."""
        return presenters.options_overview(
            self.catalogue, self.assessed, self.answers, self.profile
        )

    @cached_property
    def fitting_options(self):
        """Options that may fit (and no cancer treatment), in the overview's order."""
        return [a.option for a in overview_sections(self.assessed).may_suit]

    def option_card(self, slug: str) -> presenters.OptionCard | None:
        """One option's card, whatever its fit (its page says why it may not suit her)."""
        cards = self.cards_for([slug])
        return cards[0] if cards else None

    @cached_property
    def not_suitable_cards(self) -> list[presenters.OptionCard]:
        slugs = [a.option.slug for a in overview_sections(self.assessed).not_suitable]
        return self.cards_for(slugs)

    def cards_for(self, slugs) -> list[presenters.OptionCard]:
        return presenters.cards_for_slugs(self.catalogue, self.assessed, self.answers, slugs)

    @cached_property
    def shortlist_cards(self) -> list[presenters.OptionCard]:
        return self.cards_for(self.answers.get("shortlist") or [])

    @cached_property
    def leaning_options(self):
        """Her shortlist and no cancer treatment (always a choice); every option that may fit
        if she has not shortlisted any."""
        shortlist = [c.option for c in self.shortlist_cards]
        if not shortlist:
            return self.fitting_options
        none = [o for o in self.catalogue.options if o.slug == NO_TREATMENT]
        return shortlist + [o for o in none if o not in shortlist]

    @cached_property
    def compare_cards(self) -> list[presenters.OptionCard]:
        chosen = self.answers.get("compare") or [c.slug for c in self.shortlist_cards]
        return self.cards_for(chosen)[:4]

    @cached_property
    def decision_texts(self) -> dict[str, str]:
        """The texts that frame the decision, from her pinned release; a record pinned to a
        release from before they existed (content release 2 or earlier) gets the current ones
        rather than empty paragraphs."""
        keys = ("decision-about-secondary", "decision-without-treatment", "decision-the-choice")
        texts = {key: self.catalogue.texts.get(key, "") for key in keys}
        if not all(texts.values()):
            current = current_catalogue().texts
            texts = {key: texts[key] or current.get(key, "") for key in keys}
        return texts

    @property
    def tradeoff_label(self) -> str:
        """Her answer to the trade-off question, as she chose it (blank if not answered)."""
        labels = {c.value: str(c.label) for c in q.TRADE_OFF_CHOICES}
        return labels.get(self.answers.get("tradeoff") or "", "")

    @property
    def next_appointment(self) -> presenters.Appointment | None:
        return presenters.appointment(self.answers.get("next_appointment"))

    @property
    def journey_minutes(self) -> int | None:
        return presenters.journey_of(self.answers)[0]

    @cached_property
    def situation(self) -> bank.Situation:
        return bank.situation(
            self.answers, self.profile.as_dict(), [c.option for c in self.shortlist_cards]
        )

    @cached_property
    def statements(self):
        """Her knowledge statements, from her pinned release (so her score never moves)."""
        return bank.knowledge_statements(self.situation, self.catalogue.bank)

    @cached_property
    def suggested(self):
        """Her suggested questions, from her pinned release."""
        return bank.suggested_questions(self.situation, self.catalogue.bank)

    @cached_property
    def compare_rows(self) -> list[presenters.CompareRow]:
        return presenters.compare_rows(self.compare_cards, self.journey_minutes)

    @cached_property
    def weigh_up_lines(self) -> dict[str, list[presenters.WeighUpLine]]:
        return presenters.weigh_up(self.shortlist_cards, self.answers)

    def form_context(self) -> FormContext:
        return FormContext(self)

    @cached_property
    def option_names(self) -> dict[str, str]:
        return {o.slug: o.short_name for o in self.catalogue.options}


class FormContext(Mapping):
    """What the step forms may need, each worked out only if a form asks for it."""

    KEYS = {
        "team_profile": lambda s: s.record.team_profile or {},
        "fitting_options": lambda s: s.fitting_options,
        "shortlist_options": lambda s: [c.option for c in s.shortlist_cards],
        "leaning_options": lambda s: s.leaning_options,
        "preselected": lambda s: bank.preselected_questions(s.suggested),
        "answers": lambda s: s.answers,
        "statements": lambda s: s.statements,
        "suggested": lambda s: s.suggested,
    }

    def __init__(self, state: JourneyState) -> None:
        self.state = state

    def __getitem__(self, key: str) -> Any:
        return self.KEYS[key](self.state)

    def __iter__(self):
        return iter(self.KEYS)

    def __len__(self) -> int:
        return len(self.KEYS)
