"""``make profile PAGE=/steps/your-options``: save a pyinstrument profile of one request.

The page is requested in-process as a patient with a full set of answers (for /clinic/ pages,
as a nurse), after one warm-up request. The profile is written to var/profile.html.
"""

from __future__ import annotations

import sys

from benchmarks.run import ROOT, prepare, setup_django


def main(page: str) -> int:
    prepare()
    setup_django()
    from django.test import Client
    from pyinstrument import Profiler

    from benchmarks.scenarios import FULL_ANSWERS, _full_record, _signed_in, _team_with_nurse
    from decision_aid.journey.models import DecisionRecord
    from decision_aid.journey.services import save_answers

    client = Client()
    if page.startswith("/clinic"):
        team, nurse = _team_with_nurse("profile")
        _full_record(team, "PROFILE-1", author=nurse)
        _signed_in(client, nurse)
    else:
        client.post("/start/new")
        save_answers(DecisionRecord.objects.latest("created_at"), FULL_ANSWERS)
    client.get(page)
    profiler = Profiler()
    with profiler:
        response = client.get(page)
    out = ROOT / "var" / "profile.html"
    out.write_text(profiler.output_html(), encoding="utf-8")
    print(profiler.output_text(unicode=True, color=False, show_all=False)[:4000])
    print(f"{page}: HTTP {response.status_code}; profile saved to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/steps/your-options"))
