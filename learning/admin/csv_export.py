"""The learning-event list as CSV: the same rows the filtered changelist shows, streamed in chunks."""

import csv
import datetime

from django.http import StreamingHttpResponse

HEADERS = [
    "id",
    "created_at",
    "username",
    "email",
    "job_id",
    "selected_director_id",
    "was_override",
    "surprise",
    "chosen_probability",
    "objective_winner",
    "subjective_choice",
]
COLUMNS = [
    "pk",
    "created_at",
    "user__username",
    "user__email",
    "job_id",
    "selected_director_id",
    "learning_delta__wasOverride",
    "learning_delta__surprise",
    "learning_delta__chosenProbability",
    "learning_delta__objectiveWinner",
    "learning_delta__subjectiveChoice",
]


class _Echo:
    """csv.writer's file: each row is handed back instead of written, to be streamed."""

    def write(self, value):
        return value


def csv_response(queryset, filename="learning-events.csv"):
    rows = queryset.values_list(*COLUMNS)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(HEADERS)
        for row in rows.iterator(chunk_size=2000):
            yield writer.writerow(
                [value.isoformat() if isinstance(value, datetime.datetime) else value for value in row]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
