"""Share links: a finished video played without signing in, until the link expires or its owner revokes it.

The URL's token is the link's random id signed with the site's key (django.core.signing), so a token can't be
guessed or made up; whether it still plays is the row's to say (revoked_at, expires_at), so revoking is
immediate and a deleted job takes its links with it.
"""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.models import AuditAction
from director.errors import NotFound, StageConflict
from director.models import RecordStatus, ShareLink, record_of
from director.stages import stage_of

SALT = "director.share-link"
DEFAULT_EXPIRES_IN = 7 * 24 * 3600
MIN_EXPIRES_IN, MAX_EXPIRES_IN = 60, 30 * 24 * 3600
GONE = "This share link has expired, was revoked, or never existed."


def _signer():
    return signing.Signer(salt=SALT)


def share_token(link):
    return _signer().sign(link.pk.hex)


def create_link(*, job, expires_in=DEFAULT_EXPIRES_IN, request=None):
    """A new link to the job's finished video, audited with it; StageConflict (409) while there is none."""
    record = record_of(job)
    if record is None or record.status != RecordStatus.COMPLETED or not record.video:
        stage = stage_of(job, record)
        raise StageConflict(f"Only a finished video can be shared: the job is in stage {stage}.", stage=stage)
    now = timezone.now()
    with transaction.atomic():
        link = ShareLink.objects.create(job=job, created_at=now, expires_at=now + timedelta(seconds=expires_in))
        audit.record(
            AuditAction.SHARE_LINK_CREATE,
            user=job.user_id,
            entity=link,
            details={"job_id": str(job.pk), "expires_at": link.expires_at.isoformat()},
            request=request,
        )
    return link


def revoke_link(*, job, link_id, request=None):
    """Revoke one of the job's links (again is a no-op, not audited twice); NotFound for a link of another job or
    none."""
    link = ShareLink.objects.filter(job=job, pk=link_id).first()
    if link is None:
        raise NotFound("This job has no share link with that id.")
    with transaction.atomic():
        if ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
            audit.record(
                AuditAction.SHARE_LINK_REVOKE,
                user=job.user_id,
                entity=link,
                details={"job_id": str(job.pk)},
                request=request,
            )
    link.refresh_from_db()
    return link


def live_link(token):
    """The link a token names, with its job and record, while it plays; NotFound (404) otherwise."""
    try:
        raw = _signer().unsign(token)
    except signing.BadSignature:
        raise NotFound(GONE) from None
    link = ShareLink.objects.live(timezone.now()).select_related("job", "job__prompt_record").filter(pk=raw).first()
    record = record_of(link.job) if link else None
    if record is None or not record.video:
        raise NotFound(GONE)
    return link, record


def poster_name(record):
    """The stored image the share page shows before it plays: the first scene's keyframe, else the source."""
    scenes = sorted(record.scenes_data or [], key=lambda s: s.get("sequence_index") or 0)
    if scenes and scenes[0].get("preview_path"):
        return scenes[0]["preview_path"], "image/jpeg"
    if record.is_remastered and record.remastered_image:
        return record.remastered_image.name, "image/png"
    return record.job.image.name, record.job.mime_type
