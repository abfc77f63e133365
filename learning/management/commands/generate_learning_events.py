"""Fill PostgreSQL with many generated users, vision jobs and learning events, fast (INSERT ... SELECT).

For measuring admin and queries at scale. Generated users are marked (username ``gen-<n>``, email at
``generated.invalid``, unusable password) so ``--remove`` deletes exactly them, their jobs and their events.

Every event carries the card-layout experiment's facts as a live one does (learning.services.experiment_facts):
``arm`` (arm_of its user), ``headPick`` (the chosen pitch is the one marked recommended) and ``loungeMs``. The
arms differ by construction, so the dashboard's comparison has something to find: in recommended_first a share
(HEAD_PICK_NUDGE) of the choices go to the recommended pitch instead, and the time from the Lounge to the choice
is lognormal with the arm's mean (LOUNGE_MEAN_MS); a share of events (UNTIMED) has no time, as a choice made
without the Lounge served.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from director.directors import DIMENSIONS, DIRECTOR_DIMENSION, DIRECTOR_IDS, ENGINE_ALIASES, ROSTER
from learning.experiments import ALL_CARDS, RECOMMENDED_FIRST, arm_of
from learning.features import FEATURES

USER_PREFIX = "gen-"
EMAIL_DOMAIN = "generated.invalid"
PLACEHOLDER_IMAGE = "uploads/generated/placeholder.png"
EVENTS_PER_JOB = 10
BATCH = 100_000
RAW_COLUMNS = {"physics": "p", "vibe": "v", "logic": "l"}  # the raw scores' columns in EVENTS_SQL
HEAD_PICK_NUDGE = 0.15  # recommended_first: this share of choices goes to the recommended pitch
LOUNGE_MEAN_MS = {ALL_CARDS: 9000, RECOMMENDED_FIRST: 6500}
LOUNGE_SIGMA = 0.6  # of the time's logarithm
UNTIMED = 0.05  # events whose Lounge opening was not seen: loungeMs null


def _biased(director, dim):
    """The roster's biased score (directors.biased_scores) as SQL over the raw columns."""
    multiplier = director.multipliers.get(dim, 1.0)
    return f"round(least(10, greatest(0, {RAW_COLUMNS[dim]} * {multiplier}))::numeric, 2)"


def _engine(director):
    """The roster's recommended engine (directors.recommended_engine) as SQL."""
    if director.engine is None:
        return f"CASE WHEN {_biased(director, 'physics')} > {_biased(director, 'vibe')} THEN 'kling' ELSE 'luma' END"
    return f"'{ENGINE_ALIASES.get(director.engine, director.engine)}'"


GENERATED_USERS = f"username LIKE '{USER_PREFIX}%' AND email LIKE '%@{EMAIL_DOMAIN}'"  # run without params


def _random_object(keys, centre=0.0, spread=1.0):
    pairs = ", ".join(f"'{k}', round(({centre} + {spread} * (random() - 0.5))::numeric, 4)" for k in keys)
    return f"jsonb_build_object({pairs})"


def _pitch(index, ident):
    director = ROSTER[ident]
    scores = ", ".join(f"'{dim}', {_biased(director, dim)}" for dim in DIMENSIONS)
    return (
        f"jsonb_build_object('directorId', '{ident}', 'biasedScores', jsonb_build_object({scores}), "
        f"'recommendedEngine', {_engine(director)}, "
        f"'risk', jsonb_build_object('label', '{director.risk_label}', 'value', {director.risk_value}), "
        f"'rank', 1 + mod({index} + rot, 4), "
        f"'probability', round((CASE WHEN director = '{ident}' THEN pc ELSE (1 - pc) / 3 END)::numeric, 4), "
        f"'recommended', mod({index} + rot, 4) = 0, 'exploration', false, "
        f"'objectivePick', objective_director = '{ident}')"
    )


_OWN_DIMENSION = " ".join(f"WHEN '{ident}' THEN '{dim}'" for ident, dim in DIRECTOR_DIMENSION.items())
_ROSTER_ARRAY = "ARRAY[{}]".format(", ".join(f"'{ident}'" for ident in DIRECTOR_IDS))
# Pitch i is shown at rank 1 + (i + rot) mod 4 and the rank-1 pitch is the recommended one (see _pitch).
_CHOSEN_RANK = f"1 + mod(array_position({_ROSTER_ARRAY}, director) - 1 + rot, 4)"
_RECOMMENDED = f"({_ROSTER_ARRAY})[1 + mod(4 - rot, 4)]"
# The arm's lognormal time: exp(mu + sigma z), mu = ln(mean) - sigma^2 / 2, z a Box-Muller normal deviate.
_LOUNGE_MS = (
    f"CASE WHEN u0 < {UNTIMED} THEN NULL ELSE round(exp(ln(CASE arm "
    + " ".join(f"WHEN '{arm}' THEN {ms}" for arm, ms in LOUNGE_MEAN_MS.items())
    + f" END) - {LOUNGE_SIGMA**2 / 2} + {LOUNGE_SIGMA} * sqrt(-2 * ln(1 - u1)) * cos(2 * pi() * u2)))::int END"
)


EVENTS_SQL = f"""
INSERT INTO learning_events
    (id, user_id, job_id, raw_scores, director_pitches, selected_director_id, learning_delta, created_at)
SELECT gen_random_uuid(), user_id, job_id,
    jsonb_build_object('physics', p, 'vibe', v, 'logic', l),
    jsonb_build_array({", ".join(_pitch(i, d) for i, d in enumerate(DIRECTOR_IDS))}),
    director,
    jsonb_build_object(
        'objectiveWinner', objective, 'subjectiveChoice', subjective, 'wasOverride', objective <> subjective,
        'step', step, 'learningRate', round((0.6 / (1 + (step - 1) / 5.0))::numeric, 6), 'priorPull', 0.02,
        'chosenProbability', round(pc::numeric, 6), 'surprise', round((-ln(pc))::numeric, 6),
        'shownRank', {_CHOSEN_RANK}, 'exploration', false,
        'gradient', {_random_object(FEATURES)},
        'weightsBefore', {_random_object(FEATURES, 0.05, 0.4)},
        'weightsAfter', {_random_object(FEATURES, 0.05, 0.4)},
        'directorBiasGradient', {_random_object(DIRECTOR_IDS)},
        'directorBiasBefore', {_random_object(DIRECTOR_IDS, 0.0, 0.3)},
        'directorBiasDelta', {_random_object(DIRECTOR_IDS, 0.0, 0.1)},
        'biasVectorDelta', {_random_object(DIMENSIONS, 0.0, 0.3)},
        'arm', arm, 'headPick', {_CHOSEN_RANK} = 1, 'loungeMs', {_LOUNGE_MS}
    ),
    created_at
FROM (
    SELECT b.*,
        CASE director {_OWN_DIMENSION}
            ELSE CASE WHEN p >= v THEN 'physics' ELSE 'vibe' END END AS subjective,
        CASE WHEN p >= v AND p >= l THEN 'physics' WHEN v >= l THEN 'vibe' ELSE 'logic' END AS objective,
        CASE WHEN v > 8 AND p > 6 THEN 'provocateur' WHEN l > 7 AND l > p AND l > v THEN 'minimalist'
            WHEN p >= v AND p >= l THEN 'newtonian' WHEN v > l THEN 'visionary' WHEN l >= 6 THEN 'minimalist'
            ELSE 'visionary' END AS objective_director
    FROM (
        SELECT a.*,
            CASE WHEN arm = '{RECOMMENDED_FIRST}' AND nudge < {HEAD_PICK_NUDGE} THEN {_RECOMMENDED}
                 WHEN r < 0.34 - 0.14 * t THEN 'newtonian'
                 WHEN r < 0.52 + 0.02 * t THEN 'visionary'
                 WHEN r < 0.80 - 0.02 * t THEN 'minimalist'
                 ELSE 'provocateur' END AS director
        FROM (
            SELECT e, j.id AS job_id, j.user_id, j.arm, j.physics_score AS p, j.vibe_score AS v, j.logic_score AS l,
                e::float / %(total)s AS t, random() AS r, 0.08 + 0.8 * random() AS pc, e %% 4 AS rot,
                random() AS nudge, random() AS u0, random() AS u1, random() AS u2,
                1 + e %% 30 AS step,
                %(end)s - (%(total)s - e) * %(spacing)s * interval '1 second'
                    - random() * %(spacing)s * interval '1 second' AS created_at
            FROM generate_series(%(first)s, %(last)s) AS e
            JOIN generated_jobs j ON j.n = 1 + (e - 1) %% %(jobs)s
        ) a
    ) b
) c
"""


class Command(BaseCommand):
    help = "Generate users, vision jobs and learning events in PostgreSQL for measuring at scale (or --remove them)."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=1000)
        parser.add_argument("--events", type=int, default=10_000)
        parser.add_argument("--weeks", type=int, default=52, help="Spread the events over this many weeks to now.")
        parser.add_argument("--seed", type=float, default=0.42, help="PostgreSQL setseed() value in [-1, 1].")
        parser.add_argument("--remove", action="store_true", help="Delete every generated user, job and event.")

    def handle(self, *args, users, events, weeks, seed, remove, verbosity=1, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_learning_events needs PostgreSQL (it uses generate_series).")
        self.verbosity = verbosity
        if remove:
            self.remove()
            return
        if users < 1 or events < 0:
            raise CommandError("--users must be at least 1 and --events at least 0.")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [seed])
            first_user = self.generated_user_count(cursor) + 1
            with transaction.atomic():
                cursor.execute(
                    f"""
                    INSERT INTO users (id, password, last_login, is_superuser, username, first_name, last_name, email,
                        is_staff, is_active, date_joined, plan, credits_remaining, creative_profile,
                        learning_consent, updated_at)
                    SELECT gen_random_uuid(), '!', NULL, false, '{USER_PREFIX}' || i, '', '',
                        '{USER_PREFIX}' || i || '@{EMAIL_DOMAIN}', false, true,
                        now() - random() * interval '1 day' * %s, 'free', 10, NULL, true, now()
                    FROM generate_series(%s, %s) AS i
                    """,
                    [weeks * 7, first_user, first_user + users - 1],
                )
            self.say(f"{users:,} users")
            jobs = max(1, -(-events // EVENTS_PER_JOB)) if events else 0
            if jobs:
                self.insert_jobs(cursor, jobs, weeks, first_user, users)
                self.say(f"{jobs:,} vision jobs")
                self.insert_events(cursor, events, jobs, weeks)
            cursor.execute("ANALYZE users; ANALYZE vision_jobs; ANALYZE learning_events")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {users:,} users, {jobs:,} vision jobs and {events:,} learning events "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )

    def say(self, message):
        if self.verbosity > 1:
            self.stdout.write(message)

    @staticmethod
    def generated_user_count(cursor):
        cursor.execute(f"SELECT count(*) FROM users WHERE {GENERATED_USERS}")
        return cursor.fetchone()[0]

    def insert_jobs(self, cursor, jobs, weeks, first_user, users):
        cursor.execute("DROP TABLE IF EXISTS generated_jobs; DROP TABLE IF EXISTS generated_users")
        with transaction.atomic():
            cursor.execute(
                f"""
                CREATE TEMP TABLE generated_users AS
                SELECT id, i - %s + 1 AS n FROM generate_series(%s, %s) AS i
                JOIN users ON users.username = '{USER_PREFIX}' || i
                """,
                [first_user, first_user, first_user + users - 1],
            )
            cursor.execute("CREATE UNIQUE INDEX ON generated_users (n)")
            # The arm as live events store it: djb2 of the id's text, computed here once per user.
            cursor.execute("SELECT id FROM generated_users")
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute("ALTER TABLE generated_users ADD COLUMN arm text")
            cursor.execute(
                "UPDATE generated_users g SET arm = a.arm FROM unnest(%s::uuid[], %s::text[]) AS a(id, arm) "
                "WHERE g.id = a.id",
                [ids, [arm_of(i) for i in ids]],
            )
            cursor.execute(
                """
                CREATE TEMP TABLE generated_jobs AS
                SELECT j AS n, gen_random_uuid() AS id, u.id AS user_id, u.arm,
                    round((10 * random())::numeric, 2)::float AS physics_score,
                    round((10 * random())::numeric, 2)::float AS vibe_score,
                    round((10 * random())::numeric, 2)::float AS logic_score,
                    now() - random() * interval '1 day' * %s AS ts
                FROM generate_series(1, %s) AS j
                JOIN generated_users u ON u.n = 1 + (j::bigint * 2654435761) %% %s
                """,
                [weeks * 7, jobs, users],
            )
            cursor.execute("CREATE UNIQUE INDEX ON generated_jobs (n)")
            cursor.execute(
                f"""
                INSERT INTO vision_jobs (id, user_id, image, original_filename, mime_type, file_size, file_hash,
                    width, height, status, analysis_data, pitches, physics_score, vibe_score, logic_score,
                    integrity_score, quality_score, error_message, retry_count, processed_at, created_at, updated_at)
                SELECT id, user_id, '{PLACEHOLDER_IMAGE}', 'generated-' || n || '.png', 'image/png',
                    1024, encode(sha256(n::text::bytea), 'hex'), 1280, 720, 'completed', NULL, NULL,
                    physics_score, vibe_score, logic_score, round((0.5 + 0.5 * random())::numeric, 2),
                    round((5 + 5 * random())::numeric, 2), '', 0, ts, ts, ts
                FROM generated_jobs ORDER BY n
                """
            )

    def insert_events(self, cursor, events, jobs, weeks):
        span_seconds = weeks * 7 * 24 * 3600
        spacing = span_seconds / max(events, 1)
        cursor.execute("SELECT now()")
        end = cursor.fetchone()[0]
        done = 0
        while done < events:
            last = min(done + BATCH, events)
            with transaction.atomic():
                cursor.execute(
                    EVENTS_SQL,
                    {"first": done + 1, "last": last, "total": events, "jobs": jobs, "spacing": spacing, "end": end},
                )
            done = last
            self.say(f"{done:,} / {events:,} learning events")
        cursor.execute("DROP TABLE IF EXISTS generated_jobs; DROP TABLE IF EXISTS generated_users")

    def remove(self):
        generated = f"SELECT id FROM users WHERE {GENERATED_USERS}"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM learning_events WHERE user_id IN ({generated})")
            events = cursor.rowcount
            cursor.execute(f"DELETE FROM vision_jobs WHERE user_id IN ({generated})")
            jobs = cursor.rowcount
            cursor.execute(f"DELETE FROM users WHERE {GENERATED_USERS}")
            users = cursor.rowcount
        self.stdout.write(
            self.style.SUCCESS(f"Removed {users:,} generated users, {jobs:,} vision jobs and {events:,} events.")
        )
