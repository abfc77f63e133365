"""The simulation and the generated admin data build pitches by the roster's rules, not a copy of them."""

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from director.directors import DIMENSIONS, ROSTER, biased_scores, objective_recommendation, recommended_engine
from learning import simulate
from learning.models import LearningEvent

# Raw scores as The Eye gives them (one decimal, as simulate.random_raw draws them) and as any float.
one_decimal = st.integers(min_value=0, max_value=100).map(lambda n: n / 10)
any_score = st.floats(min_value=0, max_value=10, allow_nan=False)
raws = st.fixed_dictionaries({dim: st.one_of(one_decimal, any_score) for dim in DIMENSIONS})


@settings(max_examples=300, derandomize=True)
@given(raw=raws)
def test_the_simulations_pitches_equal_the_rosters_for_every_director(raw):
    pitches = {p["director_id"]: p for p in simulate.build_pitches(raw)}

    assert list(pitches) == list(ROSTER)
    for ident, director in ROSTER.items():
        pitch = pitches[ident]
        assert pitch["biased_scores"] == biased_scores(director, raw), ident
        assert pitch["recommended_engine"] == recommended_engine(director, pitch["biased_scores"]), ident
        assert pitch["risk"] == director.risk, ident
        assert pitch["objective_pick"] == (ident == objective_recommendation(raw)), ident


def test_a_score_the_old_one_decimal_copy_rounded_differently_is_the_rosters():
    # 3.3 x 1.5 = 4.95: the roster keeps two decimals, a one-decimal copy said 5.0 (or 4.9)
    newtonian = next(p for p in simulate.build_pitches({"physics": 3.3, "vibe": 5.0, "logic": 5.0}))
    assert newtonian["director_id"] == "newtonian"
    assert newtonian["biased_scores"]["physics"] == 4.95


@pytest.mark.postgres
def test_generated_learning_events_carry_the_rosters_pitches(postgres):
    call_command("generate_learning_events", users=5, events=60, weeks=2, verbosity=0)
    events = list(LearningEvent.objects.all())
    assert len(events) == 60
    for event in events:
        for pitch in event.director_pitches:
            director = ROSTER[pitch["directorId"]]
            expected = biased_scores(director, event.raw_scores)
            # within a cent: PostgreSQL rounds a numeric half up, Python rounds the float nearest to it
            assert pitch["biasedScores"] == pytest.approx(expected, abs=0.011), pitch["directorId"]
            assert pitch["recommendedEngine"] == recommended_engine(director, pitch["biasedScores"])
            assert pitch["risk"] == director.risk
            assert pitch["objectivePick"] == (director.id == objective_recommendation(event.raw_scores))
    call_command("generate_learning_events", remove=True, verbosity=0)
