import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from learning import simulate
from studio_project.machine import machine

HEADING = "## Studio Head evaluation"


def goals(scores):
    """The evaluation's pass/fail lines: after 20 choices, log-loss, convergence within 10."""
    head, popularity = scores["studio_head"], scores["popularity"]
    late, early = simulate.BUCKETS[-1], (6, 10)
    lead = head.accuracy(late) - popularity.accuracy(late)
    baselines = [name for name in simulate.PREDICTORS if name != "studio_head"]
    below = all(head.log_loss() < scores[name].log_loss() for name in baselines)
    share = head.accuracy(early) / head.accuracy(late)
    return [
        ("top-1 after 20 choices, points above popularity (goal >= 15)", f"{100 * lead:.1f}", lead >= 0.15),
        ("mean log-loss below every baseline", "yes" if below else "no", below),
        ("top-1 on choices 6-10 as a share of choices 21-30 (goal >= 90%)", f"{100 * share:.0f}%", share >= 0.9),
    ]


class Command(BaseCommand):
    help = "Measure the Studio Head against simple baselines on a simulated population with hidden tastes."
    requires_system_checks = []  # pure computation: no database, no URLs

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=200)
        parser.add_argument("--choices", type=int, default=30)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--record", action="store_true", help="Append the table to the results file.")
        parser.add_argument("--results-file", default=str(settings.BASE_DIR / "benchmarks" / "RESULTS.md"))
        parser.add_argument(
            "--fit-prior", action="store_true", help="Also fit the population prior on this population and print it."
        )

    def handle(self, *args, users, choices, seed, record, results_file, fit_prior, **options):
        events = simulate.simulate_population(users=users, choices=choices, seed=seed)
        scores = simulate.evaluate(events)
        table = simulate.report_table(scores)
        checks = goals(scores)
        summary = "\n".join(f"- {label}: {value} ({'met' if ok else 'NOT met'})" for label, value, ok in checks)
        header = f"{users} simulated users x {choices} choices, seed {seed}"
        self.stdout.write(f"{header}\n\n{table}\n\n{summary}")
        if fit_prior:
            weights, bias = simulate.fit_prior(events)
            self.stdout.write(f"\nPRIOR_WEIGHTS = {weights}\nPRIOR_DIRECTOR_BIAS = {bias}")
        if record:
            path = Path(results_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
            with open(path, "a") as results:
                results.write(f"\n{HEADING}\n\n{stamp}, {machine()}. {header}.\n\n{table}\n\n{summary}\n")
            self.stdout.write(self.style.SUCCESS(f"\nAppended to {path}"))
