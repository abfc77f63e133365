"""The director state's row: one prepared statement for a job and its prompt record.

The director state is what the studio polls while a job moves. This replaces the
ORM's `VisionJob.objects.for_user(user).select_related("prompt_record").get(pk=pk)`
with the same SELECT ... LEFT JOIN, written out once and prepared once per
connection on PostgreSQL (`studio_project.db.statement_cursor`): building and
planning that query anew on every poll cost more than running it. It yields the
same model instances, the record (or its absence) cached on the job as
`select_related` would.

The write routes that answer with the director state (select-director, scene
review) read their job with it too, and choosing a director locks the job's row
and its owner's with the same statement (`lock=True`: `FOR UPDATE OF` the job and
the user, the record read with them, not locked) in place of the ORM's
`select_for_update(of=("self", "user")).select_related("prompt_record", "user")`;
SQLite has no row locks, and there it is the plain read, as `select_for_update`
is there.

It stays because it earns its keep: measured against the ORM get on the director
state route in the same run, see benchmarks/RESULTS.md ("Stand-ins for the ORM and
reverse()"). tests/director/test_director_state_row.py compares its answer with
the ORM's. If a change to the models makes it wrong or the ratio falls under 1.3x,
go back to the ORM get (`self.get_object()` in the view).
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connections

from director.models import PromptRecord, VisionJob
from studio_project.db import columns, instance_from_row, statement_cursor

USING = "default"


@cache
def _job_with_record_sql(alias, lock=False):
    connection = connections[alias]
    qn = connection.ops.quote_name
    job, record, user = VisionJob._meta, PromptRecord._meta, get_user_model()._meta
    user_fk = f"j.{qn(job.get_field('user').column)}"
    sql = f"SELECT {columns(VisionJob, 'j', connection)}, {columns(PromptRecord, 'r', connection)}"
    if lock:
        sql += f", {columns(get_user_model(), 'u', connection)}"
    sql += (
        f" FROM {qn(job.db_table)} j LEFT JOIN {qn(record.db_table)} r "
        f"ON r.{qn(record.get_field('job').column)} = j.{qn(job.pk.column)}"
    )
    if lock:
        sql += f" JOIN {qn(user.db_table)} u ON u.{qn(user.pk.column)} = {user_fk}"
    sql += f" WHERE j.{qn(job.pk.column)} = %(pk)s AND {user_fk} = %(user)s"
    if lock and connection.features.has_select_for_update_of:
        sql += " FOR UPDATE OF j, u"
    return sql


def job_with_record(user, pk, *, lock=False):
    """`user`'s job `pk` with its prompt record (or its absence) cached on it; None if the user has no such job.

    With `lock` (inside a transaction) the job's row and the user's are locked until the commit, the user's row
    cached on the job (`job.user`, as `select_related("user")` would). The record is read, not locked.
    """
    connection = connections[USING]
    try:
        job_id = VisionJob._meta.pk.get_db_prep_value(pk, connection)
    except (TypeError, ValueError, ValidationError):  # not an id at all: no such job, as get_object_or_404 says
        return None
    params = {"pk": job_id, "user": VisionJob._meta.get_field("user").get_db_prep_value(user.pk, connection)}
    with statement_cursor(connection) as cursor:
        cursor.execute(_job_with_record_sql(USING, lock), params)
        row = cursor.fetchone()
    if row is None:
        return None
    job, rest = instance_from_row(VisionJob, connection, row)
    record_width = len(PromptRecord._meta.concrete_fields)
    record_values, rest = rest[:record_width], rest[record_width:]
    if lock:
        owner, _ = instance_from_row(get_user_model(), connection, rest)
        VisionJob._meta.get_field("user").set_cached_value(job, owner)
    record = None
    if record_values[PromptRecord._meta.concrete_fields.index(PromptRecord._meta.pk)] is not None:
        record, _ = instance_from_row(PromptRecord, connection, record_values)
        PromptRecord._meta.get_field("job").set_cached_value(record, job)
    VisionJob.prompt_record.related.set_cached_value(job, record)
    return job
