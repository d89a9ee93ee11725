"""The authoring source of the catalogue (``catalogue/*.yaml``) and the fixture built from it.

``build_fixture_records`` validates the YAML and turns it into Django fixture records with stable
primary keys; ``manage.py build_catalogue`` writes them to ``fixtures/catalogue.json``, which
``make install`` loads (``manage.py load_catalogue``).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from decision_aid.content.models import (
    Band,
    Frequency,
    HairLoss,
    MattersTag,
    Route,
    ScheduleKind,
    Setting,
    TestPlace,
)
from decision_aid.content.question_bank import PARTS as BANK_PARTS
from decision_aid.content.question_bank import bank_problems
from decision_aid.content.types import EVIDENCE_KINDS, EVIDENCE_PUBLIC_KEYS

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
FIXTURE_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "catalogue.json"
REQUIRED_OPTION_KEYS = {
    "slug", "name", "group", "drugs", "summary", "who_for", "route", "settings", "how_given",
    "schedule", "tests", "benefits", "living_with", "side_effects", "few_side_effects",
    "hair_loss", "hair_loss_text", "stopping", "sources", "reviewed_on", "next_review", "reviewer",
}  # fmt: skip
GENERAL_TEXT_KEYS = {
    "clinical_trials_prompt", "stopping_any_treatment", "no_treatment_still_care",
    "about_this_information", "update_policy", "pregnancy_general",
    "decision_about_secondary", "decision_without_treatment", "decision_the_choice",
}  # fmt: skip
# The catalogue holds the options of ../shared/content/treatment-facts.yaml's slug_index (42) and,
# since content release 2, exactly these NICE-recommended options the seed pages lacked.
FACT_BASE_OPTION_COUNT = 42
ADDITIONAL_SLUGS = frozenset({"capivasertib-fulvestrant", "elacestrant", "talazoparib"})
# Sources: no blog, staging, internal, mirror or closed site (a host that is, or ends with, one
# of these, or contains one of the fragments)...
BLOCKED_SOURCE_HOSTS = (
    "blogspot.com", "umbraco.io", "int.cruk.org", "breastcancercare.org.uk", "docslib.org",
)  # fmt: skip
BLOCKED_SOURCE_HOST_FRAGMENTS = ("preview", "staging", "uat.", "mimsdev")
# ...and every option cites at least one primary UK source: NICE, the SmPC (emc), or the
# patient pages of Macmillan, Cancer Research UK or Breast Cancer Now.
PRIMARY_UK_SOURCE_HOSTS = (
    "nice.org.uk", "medicines.org.uk", "macmillan.org.uk", "cancerresearchuk.org",
    "breastcancernow.org",
)  # fmt: skip
# About the shipped catalogue, not texts for patients: general.yaml's ``edition`` (a whole number,
# raised when a new edition must reach existing installs) and its one-line ``edition_summary``.
# They travel in the fixture as two catalogue-text records that ``load_catalogue`` reads (see
# ``shipped_edition``) and removes again, so they are never published as patient text.
EDITION_KEYS = {"edition", "edition_summary"}
EDITION_TEXT_KEYS = {key.replace("_", "-") for key in EDITION_KEYS}
# Review SC2: every systemic option says what it means for pregnancy, contraception and
# breastfeeding (its own detail, shown under the shared ``pregnancy_general`` text).
PREGNANCY_REQUIRED_GROUPS = {"hormonal", "targeted", "chemotherapy", "immunotherapy", "bone"}
PREGNANCY_REQUIRED_SLUGS = {"electrochemotherapy"}


# Issue 15 item 3: every option says what it can do, with a number only where a primary UK
# source gives one (see _evidence_problems).
EVIDENCE_REQUIRED = True


class CatalogueError(ValueError):
    """The authoring source is invalid; the message lists every problem found."""


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        try:
            return yaml.safe_load(handle)
        except yaml.YAMLError as error:
            raise CatalogueError(f"{path.name} is not valid YAML: {error}") from None


def _text(value: Any) -> str:
    return " ".join(str(value).split())


def read_source(directory: Path | None = None) -> dict[str, Any]:
    directory = directory or CATALOGUE_DIR
    return {
        "groups": _load(directory / "groups.yaml"),
        "general": _load(directory / "general.yaml"),
        "side_effects": [_load(p) for p in sorted((directory / "side_effects").glob("*.yaml"))],
        "options": [_load(p) for p in sorted((directory / "options").glob("*.yaml"))],
        # The question bank and knowledge statements (question_bank.py): in every release.
        **{part: _load(directory / f"{part}.yaml") for part, _kind, _label in BANK_PARTS},
    }


def validate_source(source: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    group_slugs = {g["slug"] for g in source["groups"]}
    side_effect_keys = [s["key"] for s in source["side_effects"]]
    if len(side_effect_keys) != len(set(side_effect_keys)):
        problems.append("side effect keys are not unique")
    for effect in source["side_effects"]:
        if not set(effect.get("matters_tags") or []) <= set(MattersTag.values):
            problems.append(f"side effect {effect['key']}: unknown matters_tags")
        for key in ("name", "explanation", "what_helps"):
            if not effect.get(key):
                problems.append(f"side effect {effect['key']}: missing {key}")
    general = source["general"] or {}
    missing_texts = GENERAL_TEXT_KEYS - set(general)
    if missing_texts:
        problems.append(f"general.yaml: missing {sorted(missing_texts)}")
    edition = general.get("edition")
    if not isinstance(edition, int) or isinstance(edition, bool) or edition < 1:
        problems.append("general.yaml: edition must be a whole number, 1 or more")
    if not _text(general.get("edition_summary") or ""):
        problems.append("general.yaml: missing edition_summary (one line for staff)")
    slugs = [o.get("slug") for o in source["options"]]
    if len(slugs) != len(set(slugs)):
        problems.append("option slugs are not unique")
    for option in source["options"]:
        problems.extend(_option_problems(option, group_slugs, set(side_effect_keys)))
    if any(part in source for part, _kind, _label in BANK_PARTS):
        problems.extend(bank_problems(source, group_slugs, set(slugs)))
    return problems


def _option_problems(option: dict[str, Any], groups: set[str], effects: set[str]) -> list[str]:
    slug = option.get("slug", "?")
    problems = [f"{slug}: missing {k}" for k in sorted(REQUIRED_OPTION_KEYS - set(option))]
    if problems:
        return problems

    def check(condition: bool, message: str) -> None:
        if not condition:
            problems.append(f"{slug}: {message}")

    check(option["group"] in groups, f"unknown group {option['group']!r}")
    check(option["route"] in Route.values, f"unknown route {option['route']!r}")
    check(set(option["settings"]) <= set(Setting.values) and option["settings"], "bad settings")
    check(option["hair_loss"] in HairLoss.values, "bad hair_loss")
    check(bool(option["benefits"]), "needs at least one benefit")
    check(
        bool(option["side_effects"]) or option["few_side_effects"],
        "needs side effects or few_side_effects: true",
    )
    living = option["living_with"] or {}
    check(all(living.get(k) for k in ("physical", "emotional", "social")), "living_with incomplete")
    check(
        bool(option["sources"])
        and all(s.get("url", "").startswith("http") for s in option["sources"]),
        "needs at least one source, each with an address",
    )
    problems.extend(f"{slug}: {p}" for p in _source_problems(option["sources"] or []))
    check(option["next_review"] > option["reviewed_on"], "next_review must follow reviewed_on")
    if option["group"] in PREGNANCY_REQUIRED_GROUPS or slug in PREGNANCY_REQUIRED_SLUGS:
        check(
            bool(_text(option.get("pregnancy") or "")),
            "needs pregnancy (pregnancy, contraception and breastfeeding)",
        )
    if "evidence" in option or EVIDENCE_REQUIRED:
        problems.extend(f"{slug}: {p}" for p in _evidence_problems(option.get("evidence")))
    schedule = option["schedule"]
    check(schedule.get("kind") in ScheduleKind.values, "bad schedule kind")
    if schedule.get("kind") == ScheduleKind.CYCLES:
        check(
            schedule.get("cycle_days", 0) > 0 and schedule.get("treatment_days"), "cycles need days"
        )
    if schedule.get("kind") in {ScheduleKind.COURSE, ScheduleKind.ONE_OFF}:
        check(bool(schedule.get("course_days")), "course/one-off needs course_days")
    for test in option["tests"]:
        check(test.get("where") in TestPlace.values, f"test {test.get('name')}: bad where")
        problems.extend(f"{slug}: test {test.get('name')}: {p}" for p in _on_days_problems(test))
    source_urls = {str(s.get("url")) for s in option["sources"]}
    for link in option["side_effects"]:
        check(link["key"] in effects, f"unknown side effect {link['key']!r}")
        check(link["frequency"] in Frequency.values, f"bad frequency for {link['key']}")
        problems.extend(f"{slug}: {link['key']}: {p}" for p in _band_problems(link, source_urls))
    return problems


SIDE_EFFECT_LINK_KEYS = {"key", "frequency", "band", "band_source"}


def _band_problems(link: dict[str, Any], source_urls: set[str]) -> list[str]:
    """Issue 15 item 3: every side effect says how often, from one of the option's own sources,
    or says plainly that it is not known."""
    problems = []
    unknown = set(link) - SIDE_EFFECT_LINK_KEYS
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    band = link.get("band")
    if band not in Band.values:
        return [*problems, f"band must be one of {', '.join(Band.values)}"]
    frequency = link.get("frequency")
    if band == Band.VERY_COMMON and frequency != Frequency.COMMON:
        problems.append("more than 1 in 10 people get it: its frequency is common")
    if band == Band.UNCOMMON and frequency == Frequency.COMMON:
        problems.append("up to 1 in 100 people get it: its frequency is not common")
    url = link.get("band_source")
    if band == Band.NOT_KNOWN:
        if url:
            problems.append("a band that is not known has no band_source")
    elif url not in source_urls:
        problems.append("band_source must be one of the option's sources")
    elif not any(_is_or_under(_host(url), d) for d in PRIMARY_UK_SOURCE_HOSTS):
        problems.append("band_source must be a primary UK source")
    return problems


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def _is_or_under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _source_problems(sources: list[dict[str, Any]]) -> list[str]:
    problems = []
    hosts = []
    for src in sources:
        url = str(src.get("url") or "")
        host = _host(url)
        hosts.append(host)
        if not url.startswith("https://"):
            problems.append(f"source {url} must be an https address")
        if any(_is_or_under(host, blocked) for blocked in BLOCKED_SOURCE_HOSTS) or any(
            fragment in host for fragment in BLOCKED_SOURCE_HOST_FRAGMENTS
        ):
            problems.append(
                f"source {url} is on a blocked host ({host}): no blog, staging, internal, "
                "mirror or closed site"
            )
    if sources and not any(
        _is_or_under(host, primary) for host in hosts for primary in PRIMARY_UK_SOURCE_HOSTS
    ):
        problems.append(
            "needs at least one primary UK source (a url on "
            + ", ".join(PRIMARY_UK_SOURCE_HOSTS)
            + f"); it cites only {', '.join(str(s.get('url')) for s in sources)}"
        )
    return problems


def _evidence(evidence: dict[str, Any] | None) -> dict[str, Any]:
    """The evidence block with its texts folded to one line (the quote stays for the team)."""
    if not evidence:
        return {}
    texts = ("statement", "per_100_label", "compared_with", "quote")
    return {k: (_text(v) if k in texts else v) for k, v in evidence.items() if v is not None}


def _evidence_problems(evidence: Any) -> list[str]:
    """Issue 15 item 3: a number only with a primary UK source and the source's own words."""
    if not isinstance(evidence, dict):
        return ["needs evidence (what it can do: kind, statement, and a source for a number)"]
    problems = []
    kind = evidence.get("kind")
    if kind not in EVIDENCE_KINDS:
        problems.append(f"evidence: kind must be one of {', '.join(EVIDENCE_KINDS)}")
    if not _text(evidence.get("statement") or ""):
        problems.append("evidence: needs a statement")
    unknown = set(evidence) - {*EVIDENCE_PUBLIC_KEYS, "quote"}
    if unknown:
        problems.append(f"evidence: unknown keys {sorted(unknown)}")
    per_100 = evidence.get("per_100")
    if kind == "proportion":
        if not (isinstance(per_100, int) and 0 < per_100 <= 100):
            problems.append("evidence: a proportion needs per_100, a whole number from 1 to 100")
        if not _text(evidence.get("per_100_label") or ""):
            problems.append("evidence: a proportion needs per_100_label")
    elif per_100 is not None:
        problems.append("evidence: per_100 is only for kind proportion")
    if kind in {"proportion", "time"}:
        source = evidence.get("source") or {}
        if not (source.get("citation") and str(source.get("url", "")).startswith("https://")):
            problems.append("evidence: a number needs its source (citation and url)")
        elif not any(_is_or_under(_host(source["url"]), d) for d in PRIMARY_UK_SOURCE_HOSTS):
            problems.append("evidence: a number's source must be a primary UK source")
        if not _text(evidence.get("quote") or ""):
            problems.append("evidence: a number needs the source's own words in quote")
    return problems


def _on_days_problems(test: dict[str, Any]) -> list[str]:
    """``on_days``: optional set days (1-84, in order, each once) instead of ``every_days``."""
    on_days = test.get("on_days")
    if on_days is None or on_days == []:
        return []
    if (
        not isinstance(on_days, list)
        or not all(isinstance(d, int) and not isinstance(d, bool) for d in on_days)
        or not all(1 <= d <= 84 for d in on_days)
        or on_days != sorted(set(on_days))
    ):
        return [f"on_days must be day numbers from 1 to 84, in order, each once (got {on_days!r})"]
    if test.get("every_days"):
        return ["on_days needs every_days: 0"]
    return []


def build_fixture_records(source: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Validated fixture records for the whole catalogue, with stable primary keys."""
    source = source or read_source()
    problems = validate_source(source)
    if problems:
        raise CatalogueError("The catalogue source has problems:\n- " + "\n- ".join(problems))

    records: list[dict[str, Any]] = []

    def add(model: str, pk: int, **fields: Any) -> None:
        records.append({"model": f"content.{model}", "pk": pk, "fields": fields})

    group_pk = {}
    for order, group in enumerate(source["groups"], start=1):
        group_pk[group["slug"]] = order
        add(
            "treatmentgroup",
            order,
            slug=group["slug"],
            name=group["name"],
            description=_text(group["description"]),
            order=order,
        )

    effect_pk = {}
    for pk, effect in enumerate(sorted(source["side_effects"], key=lambda e: e["key"]), start=1):
        effect_pk[effect["key"]] = pk
        add(
            "sideeffect",
            pk,
            key=effect["key"],
            name=_text(effect["name"]),
            explanation=_text(effect["explanation"]),
            what_helps=_text(effect["what_helps"]),
            matters_tags=list(effect.get("matters_tags") or []),
        )

    for pk, key in enumerate(sorted(source["general"]), start=1):
        # The edition keys too (see EDITION_KEYS): load_catalogue reads and removes them.
        add("cataloguetext", pk, key=key.replace("_", "-"), text=_text(source["general"][key]))

    counters = {"drug": 0, "benefit": 0, "monitoringtest": 0, "optionsideeffect": 0, "source": 0}

    def child(model: str, **fields: Any) -> None:
        counters[model] += 1
        add(model, counters[model], **fields)

    options = sorted(source["options"], key=lambda o: o["slug"])
    for pk, option in enumerate(options, start=1):
        living = option["living_with"]
        add(
            "option",
            pk,
            slug=option["slug"],
            name=_text(option["name"]),
            group=group_pk[option["group"]],
            order=pk,
            summary=_text(option["summary"]),
            who_for=_text(option["who_for"]),
            route=option["route"],
            settings=list(option["settings"]),
            how_given=_text(option["how_given"]),
            living_physical=_text(living["physical"]),
            living_emotional=_text(living["emotional"]),
            living_social=_text(living["social"]),
            few_side_effects=bool(option["few_side_effects"]),
            hair_loss=option["hair_loss"],
            hair_loss_text=_text(option["hair_loss_text"]),
            stopping=_text(option["stopping"]),
            pregnancy=_text(option.get("pregnancy") or ""),
            evidence=_evidence(option.get("evidence")),
            reviewed_on=_iso(option["reviewed_on"]),
            next_review=_iso(option["next_review"]),
            reviewer=_text(option["reviewer"]),
            notes_for_team=_text(option.get("notes_for_team") or ""),
        )
        schedule = option["schedule"]
        add(
            "schedule",
            pk,
            option=pk,
            kind=schedule["kind"],
            summary=_text(schedule["summary"]),
            cycle_days=schedule.get("cycle_days") or 0,
            treatment_days=list(schedule.get("treatment_days") or []),
            loading_days=list(schedule.get("loading_days") or []),
            first_cycle_day=schedule.get("first_cycle_day") or 1,
            course_days=list(schedule.get("course_days") or []),
            given_at_hospital=bool(schedule.get("given_at_hospital")),
            hours_at_hospital=str(schedule.get("hours_at_hospital") or 0),
            stay_nights=schedule.get("stay_nights") or 0,
            review_every_days=schedule.get("review_every_days") or 0,
        )
        for order, drug in enumerate(option["drugs"] or []):
            child("drug", option=pk, name=drug["name"], brand=drug.get("brand") or "", order=order)
        for order, text in enumerate(option["benefits"]):
            child("benefit", option=pk, text=_text(text), order=order)
        for order, test in enumerate(option["tests"] or []):
            child(
                "monitoringtest",
                option=pk,
                name=_text(test["name"]),
                every_days=test.get("every_days") or 0,
                on_days=list(test.get("on_days") or []),
                where=test["where"],
                with_treatment=bool(test.get("with_treatment")),
                detail=_text(test.get("detail") or ""),
                order=order,
            )
        for order, link in enumerate(option["side_effects"] or []):
            child(
                "optionsideeffect",
                option=pk,
                side_effect=effect_pk[link["key"]],
                frequency=link["frequency"],
                band=link["band"],
                band_source=link.get("band_source") or "",
                order=order,
            )
        for order, src in enumerate(option["sources"]):
            child("source", option=pk, citation=_text(src["citation"]), url=src["url"], order=order)
    return records


def shipped_edition(records: list[dict[str, Any]]) -> tuple[int, str]:
    """(edition, edition summary) of a fixture built by ``build_fixture_records``.

    A fixture built before editions existed is edition 1.
    """
    texts = {
        r["fields"]["key"]: r["fields"]["text"]
        for r in records
        if r["model"] == "content.cataloguetext" and r["fields"]["key"] in EDITION_TEXT_KEYS
    }
    return int(texts.get("edition") or 1), texts.get("edition-summary", "")


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)
