"""Every query for patient data on the clinic side goes through here, scoped to the user's
teams. Views never query patient models directly. Anything outside the user's teams is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404

from decision_aid.core.models import AuditEvent, Membership, Role, Team
from decision_aid.journey.models import DecisionRecord

PAGE_SIZE = 25
SORTS = {
    "activity": ("-last_activity_at", "-pk"),
    "mdt": ("case__mdt_date", "-last_activity_at", "-pk"),
    "status": ("status", "-last_activity_at", "-pk"),
    "reference": ("case__reference", "-pk"),
}


def teams_for(user) -> QuerySet[Team]:
    return Team.objects.filter(memberships__user=user).order_by("name")


def team_for(user, slug: str | None) -> Team:
    teams = teams_for(user)
    team = teams.filter(slug=slug).first() if slug else teams.first()
    if team is None:
        raise Http404
    return team


def team_for_request(request) -> Team:
    """The team a clinic page is about: ``?team=<slug>`` (or a posted ``team``), else the
    user's first team. Never a team the user is not in."""
    return team_for(request.user, request.GET.get("team") or request.POST.get("team"))


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
    # A record with a team always has a case file (invitation and claim make both together),
    # so no join is needed to count them.
    records = DecisionRecord.objects.filter(team=team).select_related("case")
    if filters.status:
        records = records.filter(status=filters.status)
    if filters.mdt_date:
        records = records.filter(case__mdt_date=filters.mdt_date)
    if filters.flagged:
        records = records.filter(sure_score__lte=3)
    if filters.reference:
        records = records.filter(case__reference__istartswith=filters.reference)
    records = records.order_by(*SORTS.get(filters.sort, SORTS["activity"]))
    paginator = Paginator(records, PAGE_SIZE)
    return paginator.get_page(filters.page)


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
