"""The real-choice evaluation's machinery, on a small seeded part of the Swissmetro panel (no network)."""

import csv
import math
import random

import pytest

from benchmarks import real_choices as rc


@pytest.fixture(scope="module")
def people():
    try:
        path = rc.data_file()
    except FileNotFoundError as missing:
        pytest.skip(str(missing))
    return rc.load_people(path), path


def test_the_panel_loads_from_the_installed_wheel_person_by_person(people):
    loaded, path = people
    with open(path, newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["CHOICE"] != "0"]
    assert sum(len(p["choices"]) for p in loaded) == len(rows)
    assert len(loaded) == len({r["ID"] for r in rows})
    modes = [rc.MODES[int(r["CHOICE"]) - 1] for r in rows]
    assert [c["chosen"] for p in loaded for c in p["choices"]] == modes
    for person in loaded:
        assert [c["index"] for c in person["choices"]] == list(range(1, len(person["choices"]) + 1))
        for choice in person["choices"]:
            assert choice["chosen"] in [mode for mode, _ in choice["alternatives"]]


def subset(loaded, size=80, seed=3):
    """A seeded sample of the people who were offered all three modes every time."""
    full = [p for p in loaded if all(len(c["alternatives"]) == 3 for c in p["choices"])]
    return random.Random(seed).sample(full, size)


def test_uniform_costs_ln_3_and_the_first_choice_is_the_population_prior(people):
    sample = subset(people[0])
    scores = rc.evaluate(sample, folds=4, seed=2)
    for index in range(1, rc.CHOICES + 1):
        assert scores["uniform"].log_loss(index) == pytest.approx(math.log(3), abs=1e-12)
        assert scores["uniform"].count(index) == len(sample)
    # before a person's first answer the Studio Head knows only the population: the pooled fit, exactly
    assert scores["studio_head"].log_loss(1) == pytest.approx(scores["pooled_logit"].log_loss(1), abs=1e-12)
    assert scores["studio_head"].top1(1) == scores["pooled_logit"].top1(1)
    # and after it, it has learned something of its own
    assert scores["studio_head"].log_loss(9) != scores["pooled_logit"].log_loss(9)
    assert scores["person_frequency"].log_loss(1) == pytest.approx(math.log(3), abs=1e-12)


def test_popularity_top1_on_its_training_part_is_the_majority_share(people):
    sample = subset(people[0], size=60, seed=5)
    counts = rc.popularity_of(sample)
    score = rc.Score()
    for person in sample:
        for choice in person["choices"]:
            score.add(choice["index"], rc.popular(counts, choice["alternatives"]), choice["chosen"])
    assert score.top1() == max(counts.values()) / sum(counts.values())
    assert score.count() == 60 * rc.CHOICES


def test_the_pooled_fit_recovers_a_known_logit():
    rng = random.Random(11)
    weights, bias = (-1.2, -0.8, -0.5), {"train": -0.4, "swissmetro": 0.0, "car": 0.6}
    people = []
    for n in range(600):
        choices = []
        for index in range(1, rc.CHOICES + 1):
            alternatives = [(mode, tuple(rng.uniform(0, 2) for _ in rc.FEATURES)) for mode in rc.MODES]
            p = rc.logit(weights, bias, alternatives)
            pick, chosen = rng.random(), rc.MODES[-1]
            for mode in rc.MODES:
                pick -= p[mode]
                if pick <= 0:
                    chosen = mode
                    break
            choices.append({"index": index, "alternatives": alternatives, "chosen": chosen})
        people.append({"id": str(n), "choices": choices})
    fitted_w, fitted_b = rc.fit_pooled(people)
    assert fitted_w == pytest.approx(weights, abs=0.15)
    assert fitted_b["train"] == pytest.approx(bias["train"], abs=0.15)
    assert fitted_b["car"] == pytest.approx(bias["car"], abs=0.15)
    assert fitted_b["swissmetro"] == 0.0


def test_folds_split_people_not_choices():
    people = [{"id": str(i), "choices": []} for i in range(23)]
    groups = rc.folds_of(people, 5, seed=1)
    ids = [p["id"] for group in groups for p in group]
    assert sorted(ids) == sorted(p["id"] for p in people) and len(ids) == len(set(ids))
    assert {len(g) for g in groups} <= {4, 5}
    assert groups == rc.folds_of(people, 5, seed=1) != rc.folds_of(people, 5, seed=2)
