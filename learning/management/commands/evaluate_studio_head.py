import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from learning import evaluation, simulate

HEADING = "## Studio Head evaluation"


class Command(BaseCommand):
    help = (
        "Measure the Studio Head against simple baselines on a simulated population with hidden tastes, and store "
        "the result for the learning dashboard (settings.STUDIO_EVALUATION_FILE)."
    )
    requires_system_checks = []  # pure computation: no database, no URLs

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=200)
        parser.add_argument("--choices", type=int, default=30)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--output", help="Store the result here instead of settings.STUDIO_EVALUATION_FILE.")
        parser.add_argument(
            "--record", action="store_true", help="Also append the table to the benchmark notes (--results-file)."
        )
        parser.add_argument("--results-file", default=str(settings.BASE_DIR / "benchmarks" / "RESULTS.md"))
        parser.add_argument(
            "--fit-prior", action="store_true", help="Also fit the population prior on this population and print it."
        )
        parser.add_argument(
            "--fit-confidence",
            action="store_true",
            help="Also fit the confidence scaling on every choice after the 10th of this population and print it.",
        )

    def handle(self, *args, users, choices, seed, output, record, results_file, fit_prior, fit_confidence, **options):
        result = evaluation.run(users=users, choices=choices, seed=seed)
        table = result["table"]
        summary = "\n".join(
            f"- {goal['label']}: {goal['value']} ({'met' if goal['met'] else 'NOT met'})" for goal in result["goals"]
        )
        header = f"{users} simulated users x {choices} choices, seed {seed}"
        confidence = f"Confidence shown after 10 choices, on the held-out half:\n\n{result['calibrationTable']}"
        self.stdout.write(f"{header}\n\n{table}\n\n{confidence}\n\n{summary}")
        stored = evaluation.store(result, output)
        self.stdout.write(f"\nStored for the learning dashboard in {stored}")
        if fit_prior:
            weights, bias = simulate.fit_prior(simulate.simulate_population(users=users, choices=choices, seed=seed))
            self.stdout.write(f"\nPRIOR_WEIGHTS = {weights}\nPRIOR_DIRECTOR_BIAS = {bias}")
        if fit_confidence:
            slope, offset = evaluation.fit_confidence(users=users, choices=choices, seed=seed)
            self.stdout.write(f"\nCONFIDENCE_SLOPE = {slope}\nCONFIDENCE_OFFSET = {offset}")
        if record:
            path = Path(results_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
            with open(path, "a") as results:
                results.write(
                    f"\n{HEADING}\n\n{stamp}, {result['machine']}. {header}.\n\n{table}\n\n{confidence}\n\n{summary}\n"
                )
            self.stdout.write(self.style.SUCCESS(f"\nAppended to {path}"))
