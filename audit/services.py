"""Writing the audit log: one row per audited change, in the transaction that makes the change."""

from django.db import transaction
from django.utils import timezone

from audit.models import AuditLog
from ratelimit.clients import client_ip

USER_AGENT_MAX = 512


def _entity(entity):
    """(entity_type, entity_id) of a model instance, or of an (entity_type, id) pair for a row already gone."""
    if isinstance(entity, tuple):
        kind, ident = entity
        return kind, str(ident)
    return entity._meta.db_table, str(entity.pk)


def record(action, *, user, entity, details=None, request=None):
    """Write the row for `action` on `entity` (an instance or (type, id)), concerning `user` (or None).

    Must run inside the change's transaction, so the change and its row commit or roll back together. With a
    request, the client's address (as the rate limiter reads it, behind trusted proxies) and user agent are kept,
    and a signed-in caller other than `user` (staff) is named in details["by"].
    """
    assert transaction.get_connection().in_atomic_block, "audit.record must run inside the change's transaction"
    entity_type, entity_id = _entity(entity)
    user_id = getattr(user, "pk", user)
    details = dict(details or {})
    ip, agent = None, ""
    if request is not None:
        ip = client_ip(request)
        agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX]
        actor = getattr(request, "user", None)
        if actor is not None and actor.is_authenticated and str(actor.pk) != str(user_id):
            details["by"] = {"id": str(actor.pk), "username": actor.get_username()}  # staff acting for the user
    return AuditLog.objects.create(
        user_id=user_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        details=details,
        ip_address=ip,
        user_agent=agent,
        created_at=timezone.now(),  # the change's own moment: several in one transaction keep their order
    )
