"""Every query for patient data on the clinic side goes through here, scoped to the user's
teams. Views never query patient models directly. Anything outside the user's teams is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.core.validators import slug_re
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.functional import cached_property

from decision_aid.core.models import AuditEvent, Membership, Role, Team
from decision_aid.journey import scoring
from decision_aid.journey.models import DecisionRecord

PAGE_SIZE = 25
# The queue counts at most this many matches ("more than 1,000 patients"): an exact count of a
# large team reads every row, so the page would slow down as the team grows.
COUNT_LIMIT = 1000
SORTS = {
    "activity": ("-last_activity_at", "-pk"),
    "mdt": ("case__mdt_date", "case__reference", "case__id"),
    "status": ("status", "-last_activity_at", "-pk"),
    "reference": ("case__reference", "-pk"),
}


def teams_for(user) -> QuerySet[Team]:
    return Team.objects.filter(memberships__user=user).order_by("name")


def team_for(user, slug: str | None) -> Team:
    if slug and not slug_re.match(slug):
        raise Http404  # not a slug, so no team (and PostgreSQL refuses NUL in a query)
    teams = teams_for(user)
    team = teams.filter(slug=slug).first() if slug else teams.first()
    if team is None:
        raise Http404
    return team


def team_for_request(request) -> Team:
    """The team a clinic page is about: ``?team=<slug>`` (or a posted ``team``), else the
    user's first team. Never a team the user is not in."""
    return team_for(request.user, request.GET.get("team") or request.POST.get("team"))


def members(team: Team) -> QuerySet[Membership]:
    return Membership.objects.filter(team=team).select_related("user").order_by("user__username")


def member_of(team: Team, user_id: int):
    """A user who is a member of ``team``, or None (nothing about anyone else)."""
    membership = Membership.objects.filter(team=team, user_id=user_id).select_related("user")
    found = membership.first()
    return found.user if found is not None else None


def is_lead(user, team: Team) -> bool:
    return Membership.objects.filter(user=user, team=team, role=Role.LEAD).exists()


def records_for(user) -> QuerySet[DecisionRecord]:
    return DecisionRecord.objects.filter(team__memberships__user=user).select_related(
        "case", "team"
    )


def record_for(user, record_id) -> DecisionRecord:
    record = records_for(user).filter(pk=record_id).first()
    if record is None:
        raise Http404
    return record


# --- Answers sent by patients who started on their own, not yet matched (issue 16) ------------

UNMATCHED_SHOWN = 25


def _unmatched(teams) -> QuerySet[DecisionRecord]:
    return DecisionRecord.objects.filter(
        requested_team__in=teams, team__isnull=True, not_matched_at__isnull=True,
        submitted_version__gt=0, identity__isnull=False,
    )  # fmt: skip


def unmatched(team: Team) -> tuple[list[DecisionRecord], int]:
    """The newest answers sent to the team and not yet matched (at most ``UNMATCHED_SHOWN``),
    and how many there are in all: two queries on one index, whatever the team's size."""
    records = _unmatched([team]).select_related("identity").order_by("-last_activity_at")
    return list(records[:UNMATCHED_SHOWN]), _unmatched([team]).count()


def unmatched_for(user, record_id) -> DecisionRecord:
    """One record sent to a team of the user's and not yet matched; anything else is a 404."""
    record = (
        _unmatched(teams_for(user)).select_related("identity", "requested_team")
        .filter(pk=record_id).first()
    )  # fmt: skip
    if record is None:
        raise Http404
    return record


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``COUNT_LIMIT + 1``: constant work for any team size.
    ``capped`` says there are more matches than were counted (pages stop at the cap).
    ``count_of``: the same rows as a cheaper query to count (e.g. without a join)."""

    limit = COUNT_LIMIT

    def __init__(self, object_list, per_page, count_of: QuerySet | None = None) -> None:
        super().__init__(object_list, per_page)
        self.count_of = object_list if count_of is None else count_of

    @cached_property
    def count(self) -> int:
        return self.count_of.order_by()[: self.limit + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.limit


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    mdt_date: date | None = None
    flagged: bool = False
    reference: str = ""
    sort: str = "activity"
    page: int = 1


def queue(team: Team, filters: QueueFilters) -> Page:
    """One page of the team's records: two queries (count and page) whatever the team's size."""

    def matching(records: QuerySet[DecisionRecord]) -> QuerySet[DecisionRecord]:
        if filters.status:
            records = records.filter(status=filters.status)
        if filters.mdt_date:
            records = records.filter(case__mdt_date=filters.mdt_date)
        if filters.flagged:
            # Unsure, as scoring.is_unsure says (the stored score is NULL when not answered).
            records = records.filter(sure_score__lte=scoring.UNSURE_AT_MOST)
        if filters.reference:
            records = records.filter(case__reference__istartswith=filters.reference)
        return records

    # A record with a team always has a case file of the same team (invitation and claim make
    # both together). So the count needs no join, and the MDT-date order is read in order from
    # the case files' (team, MDT date, reference) index instead of sorting the whole team.
    of_team = matching(DecisionRecord.objects.filter(team=team))
    listed = (
        matching(DecisionRecord.objects.filter(case__team=team))
        if filters.sort == "mdt"
        else of_team
    )
    listed = listed.select_related("case").order_by(*SORTS.get(filters.sort, SORTS["activity"]))
    return CappedPaginator(listed, PAGE_SIZE, count_of=of_team).get_page(filters.page)


def audit_trail(team: Team, page: int) -> Page:
    """The team's events, and the sign-ins and sign-outs of its members (which have no team)."""
    members = Membership.objects.filter(team=team).values("user")
    events = (
        AuditEvent.objects.filter(Q(team=team) | Q(team__isnull=True, actor__in=members))
        .select_related("actor")
        .order_by("-at", "-id")
    )
    return Paginator(events, 50).get_page(page)


def mdt_dates(team: Team) -> list[date]:
    return list(
        DecisionRecord.objects.filter(team=team, case__mdt_date__isnull=False)
        .order_by("case__mdt_date")
        .values_list("case__mdt_date", flat=True)
        .distinct()[:50]
    )
