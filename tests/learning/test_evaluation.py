import json
from io import StringIO

from django.core.management import call_command

from learning import simulate
from learning.evaluation import calibrate, goals
from learning.management.commands.evaluate_studio_head import HEADING


def test_the_studio_head_beats_every_baseline_on_a_simulated_population():
    scores = simulate.evaluate(simulate.simulate_population(users=80, choices=30, seed=11))
    head, popularity = scores["studio_head"], scores["popularity"]

    assert head.accuracy((21, 30)) - popularity.accuracy((21, 30)) >= 0.15
    for baseline in ("uniform", "popularity", "user_frequency", "objective_rule"):
        assert head.log_loss() < scores[baseline].log_loss(), baseline
        assert head.log_loss((21, 30)) < scores[baseline].log_loss((21, 30)), baseline
    # converged within 10 choices: choices 6-10 already reach 90% of the accuracy of choices 21-30
    assert head.accuracy((6, 10)) >= 0.9 * head.accuracy((21, 30))
    assert all(ok for _, _, ok in goals(scores))


def test_the_evaluation_is_reproducible_from_its_seed():
    def table(seed):
        return simulate.report_table(simulate.evaluate(simulate.simulate_population(users=20, choices=12, seed=seed)))

    assert table(3) == table(3)
    assert table(3) != table(4)


def test_the_objective_rule_is_the_originals_six_rules():
    cases = [
        ((7, 9, 9), "provocateur"),  # 1. vibe > 8 and physics > 6
        ((5, 6, 8), "minimalist"),  # 2. logic > 7 and strictly highest
        ((8, 8, 8), "newtonian"),  # 3. physics highest, ties included (rules 1-2 don't match)
        ((4, 6, 5), "visionary"),  # 4. vibe > logic
        ((4, 6, 6), "minimalist"),  # 5. logic >= 6
        ((3, 4, 4), "visionary"),  # 6. otherwise
    ]
    for (physics, vibe, logic), expected in cases:
        assert simulate.objective_recommendation({"physics": physics, "vibe": vibe, "logic": logic}) == expected


def test_the_command_prints_the_table_stores_it_and_records_it(tmp_path, settings):
    settings.STUDIO_EVALUATION_FILE = tmp_path / "evaluation" / "studio_head.json"
    results = tmp_path / "RESULTS.md"
    out = StringIO()

    call_command(
        "evaluate_studio_head", users=20, choices=12, seed=5, record=True, results_file=str(results), stdout=out
    )

    printed = out.getvalue()
    assert "| studio_head |" in printed and "| popularity |" in printed
    recorded = results.read_text()
    assert recorded.count(HEADING) == 1
    assert "20 simulated users x 12 choices, seed 5" in recorded
    assert " cores, " in recorded
    stored = json.loads(settings.STUDIO_EVALUATION_FILE.read_text())
    assert (stored["users"], stored["choices"], stored["seed"]) == (20, 12, 5)
    assert set(stored["predictors"]) == {*simulate.PREDICTORS, simulate.CEILING}
    assert f"| studio_head | {stored['predictors']['studio_head']['top-1']:.3f} |" in printed
    assert [goal["label"] for goal in stored["goals"]] == [label for label, _, _ in goals_of(20, 12, 5)]
    assert stored["goals"][-1]["label"].startswith("confidence after 10 choices")
    assert stored["calibration"]["heldOutChoices"] == 10 * 2  # 10 odd users x choices 11 and 12
    assert stored["calibrationTable"] in printed and stored["calibrationTable"] in recorded


def test_the_command_stores_where_it_is_told(tmp_path, settings):
    settings.STUDIO_EVALUATION_FILE = tmp_path / "default.json"
    call_command(
        "evaluate_studio_head", users=5, choices=5, seed=1, output=str(tmp_path / "other.json"), stdout=StringIO()
    )
    assert json.loads((tmp_path / "other.json").read_text())["seed"] == 1
    assert not settings.STUDIO_EVALUATION_FILE.exists()


def goals_of(users, choices, seed):
    records = []
    scores = simulate.evaluate(simulate.simulate_population(users=users, choices=choices, seed=seed), records)
    return goals(scores, calibrate(records))
