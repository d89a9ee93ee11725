"""``manage.py options --profile``: every option, with fit and reasons, as JSON."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command


def run_options(profile_text: str, monkeypatch, tmp_path=None, use_file=False) -> dict:
    out = io.StringIO()
    if use_file:
        path = tmp_path / "profile.json"
        path.write_text(profile_text, encoding="utf-8")
        call_command("options", "--profile", str(path), stdout=out)
    else:
        monkeypatch.setattr("sys.stdin", io.StringIO(profile_text))
        call_command("options", "--profile", "-", stdout=out)
    return json.loads(out.getvalue())


def test_prints_every_option_with_fit_and_reasons(catalogue, monkeypatch, tmp_path):
    profile = {"er": "positive", "her2": "negative", "menopause": "post", "spread": ["bone"]}
    report = run_options(json.dumps(profile), monkeypatch, tmp_path, use_file=True)

    assert report["content_release"] == str(catalogue.release_id)
    assert [o["slug"] for o in report["options"]] == list(catalogue.slugs)
    assert all(set(o) == {"slug", "name", "group", "fit", "reasons"} for o in report["options"])
    fits = {o["slug"]: o for o in report["options"]}
    assert fits["aromatase-inhibitor"]["fit"] == "suitable"
    assert fits["ovarian-suppression"]["fit"] == "unsuitable"
    assert fits["trastuzumab"]["fit"] == "unsuitable"
    assert "HER2 negative" in fits["trastuzumab"]["reasons"][0]
    assert fits["denosumab"]["fit"] == "suitable"
    assert fits["olaparib"]["fit"] == "ask"
    assert fits["supportive-care-only"]["fit"] == "suitable"
    assert all(o["reasons"] for o in report["options"])


def test_reads_the_profile_from_stdin_and_an_empty_profile_rules_nothing_out(
    catalogue, monkeypatch
):
    report = run_options("{}", monkeypatch)
    assert {o["fit"] for o in report["options"]} <= {"suitable", "ask"}
    assert sum(o["fit"] == "ask" for o in report["options"]) > 20


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ('{"colour": "red"}', "Unknown profile key: colour"),
        ('{"er": "maybe"}', "Unknown value for er: 'maybe'"),
        ('{"spread": ["moon"]}', "Unknown value for spread: moon"),
        ('{"previous": "chemo"}', "previous must be a list"),
        ("[1, 2]", "must be a JSON object"),
        ("{not json", "not valid JSON"),
        ('{"chemo_for_secondary": "three"}', "Unknown value for chemo_for_secondary: 'three'"),
        ('{"pdl1_test": "22C3"}', "Unknown value for pdl1_test: '22C3'"),
        ('{"lines": 2}', "Unknown profile key: lines"),
    ],
)
def test_invalid_profiles_exit_2_naming_the_problem(catalogue, monkeypatch, profile, message):
    monkeypatch.setattr("sys.stdin", io.StringIO(profile))
    with pytest.raises(CommandError, match=message) as caught:
        call_command("options", "--profile", "-", stdout=io.StringIO())
    assert caught.value.returncode == 2


def test_a_missing_file_exits_2(catalogue):
    with pytest.raises(CommandError) as caught:
        call_command("options", "--profile", "/no/such/profile.json")
    assert caught.value.returncode == 2


def test_help_documents_every_key_and_value_of_the_contract(capsys):
    from decision_aid.content.profile import CHOICE_VALUES, LIST_VOCABULARIES

    with pytest.raises(SystemExit):
        call_command("options", "--help")
    text = " ".join(capsys.readouterr().out.split())
    for key, values in {**CHOICE_VALUES, **LIST_VOCABULARIES}.items():
        assert f"{key}:" in text
        for value in values:
            assert value in text, (key, value)


def test_accepts_every_answer_the_journey_can_produce(catalogue, monkeypatch):
    """Every choice of every question on 'About your cancer' (the patient's step) and of the
    team's profile form becomes a profile that the command accepts."""
    from decision_aid.clinic.forms import ProfileForm
    from decision_aid.journey.forms import AboutYourCancerForm
    from decision_aid.journey.models import DecisionRecord
    from decision_aid.journey.services import profile_data

    record = DecisionRecord()
    for form in (AboutYourCancerForm(), ProfileForm()):
        for name, field in form.fields.items():
            for value, _label in field.choices:
                if value in ("",):
                    continue
                answer = (
                    [value]
                    if hasattr(field.widget, "allow_multiple_selected")
                    and (field.widget.allow_multiple_selected)
                    else value
                )
                data = profile_data(record, {name: answer})
                report = run_options(json.dumps(data), monkeypatch)
                assert len(report["options"]) == len(catalogue.slugs), (name, value)


def test_lists_the_nice_options_the_seeds_lacked_and_sources_on_request(catalogue, monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO("{}"))
    call_command("options", "--profile", "-", "--sources", stdout=out)
    options = {o["slug"]: o for o in json.loads(out.getvalue())["options"]}
    for slug in ("capivasertib-fulvestrant", "elacestrant", "talazoparib"):
        assert options[slug]["fit"] == "ask"
    assert "TA952" in options["talazoparib"]["rule_source"]
    assert "TA1036" in options["elacestrant"]["rule_source"]
