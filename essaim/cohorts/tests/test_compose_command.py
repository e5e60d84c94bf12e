"""python manage.py compose_cohorts: JSON in, proposal JSON out, French errors (no database)."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from essaim.composition.generate import generate_candidates


def instance(count=12, **options):
    candidates = [
        {
            "id": c.id,
            "theme": c.theme,
            "need": c.need,
            "sectors": list(c.sectors),
            "value_chain": list(c.value_chain),
            "department": c.department,
            "group": c.group,
            "pin": c.pin,
        }
        for c in generate_candidates(count)
    ]
    return {"candidates": candidates, "options": {"time_limit": 5, **options}}


def run(*args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    call_command("compose_cohorts", *args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def test_prints_the_proposal_as_json(tmp_path):
    path = tmp_path / "candidats.json"
    path.write_text(json.dumps(instance(keep_apart=[["C001", "C004"]])), encoding="utf-8")
    out, _ = run(str(path))
    proposal = json.loads(out)
    assert proposal["status"] == "optimal"
    assert len(proposal["cohorts"]) == 2
    members = [m for c in proposal["cohorts"] for m in c["members"]]
    assert sorted(members) == [f"C{i:03d}" for i in range(1, 13)]
    assert proposal["options"]["keep_apart"] == [["C001", "C004"]]
    assert "é" in out  # ensure_ascii=False: French reasons stay readable
    assert out.startswith('{\n  "status"')  # indent 2


def test_reads_standard_input():
    out, _ = run("-", stdin=io.StringIO(json.dumps(instance())))
    assert json.loads(out)["objective"] > 0


def test_infeasible_input_fails_with_a_french_message(tmp_path):
    data = instance(13)
    path = tmp_path / "trop.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run(str(path))
    assert str(caught.value) == (
        "composition impossible : 13 candidats ne peuvent pas former des cohortes de 5 à 6 : "
        "il en faudrait au moins 3 pour ne pas dépasser 6, et au plus 2 pour atteindre 5."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "JSON invalide (ligne 1, colonne 2)."),
        ('{"candidates": []}', "« candidates » : une liste non vide de candidats est attendue."),
        ('{"candidates": [{"id": "a"}], "options": {"speed": 1}}', "options inconnues : speed."),
    ],
)
def test_bad_input_fails_with_a_french_message(text, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run("-", stdin=io.StringIO(text))


def test_missing_file():
    with pytest.raises(CommandError, match="impossible de lire /nonexistent/candidats.json"):
        run("/nonexistent/candidats.json")
