"""The director state's row: one prepared statement for a job and its prompt record.

The director state is what the studio polls while a job moves. This replaces the
ORM's `VisionJob.objects.for_user(user).select_related("prompt_record").get(pk=pk)`
with the same SELECT ... LEFT JOIN, written out once and prepared once per
connection on PostgreSQL (`studio_project.db.statement_cursor`): building and
planning that query anew on every poll cost more than running it. It yields the
same model instances, the record (or its absence) cached on the job as
`select_related` would.

It stays because it earns its keep: measured against the ORM get on the director
state route in the same run, see benchmarks/RESULTS.md ("Stand-ins for the ORM and
reverse()"). tests/director/test_director_state_row.py compares its answer with
the ORM's. If a change to the models makes it wrong or the ratio falls under 1.3x,
go back to the ORM get (`self.get_object()` in the view).
"""

from functools import cache

from django.core.exceptions import ValidationError
from django.db import connections

from director.models import PromptRecord, VisionJob
from studio_project.db import columns, instance_from_row, statement_cursor

USING = "default"


@cache
def _job_with_record_sql(alias):
    connection = connections[alias]
    qn = connection.ops.quote_name
    job, record = VisionJob._meta, PromptRecord._meta
    return (
        f"SELECT {columns(VisionJob, 'j', connection)}, {columns(PromptRecord, 'r', connection)} "
        f"FROM {qn(job.db_table)} j LEFT JOIN {qn(record.db_table)} r "
        f"ON r.{qn(record.get_field('job').column)} = j.{qn(job.pk.column)} "
        f"WHERE j.{qn(job.pk.column)} = %(pk)s AND j.{qn(job.get_field('user').column)} = %(user)s"
    )


def job_with_record(user, pk):
    """`user`'s job `pk` with its prompt record (or its absence) cached on it; None if the user has no such job."""
    connection = connections[USING]
    try:
        job_id = VisionJob._meta.pk.get_db_prep_value(pk, connection)
    except (TypeError, ValueError, ValidationError):  # not an id at all: no such job, as get_object_or_404 says
        return None
    params = {"pk": job_id, "user": VisionJob._meta.get_field("user").get_db_prep_value(user.pk, connection)}
    with statement_cursor(connection) as cursor:
        cursor.execute(_job_with_record_sql(USING), params)
        row = cursor.fetchone()
    if row is None:
        return None
    job, record_values = instance_from_row(VisionJob, connection, row)
    record = None
    if record_values[PromptRecord._meta.concrete_fields.index(PromptRecord._meta.pk)] is not None:
        record, _ = instance_from_row(PromptRecord, connection, record_values)
        PromptRecord._meta.get_field("job").set_cached_value(record, job)
    VisionJob.prompt_record.related.set_cached_value(job, record)
    return job
