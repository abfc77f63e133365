"""Before usernames and emails become unique ignoring case (0004): report and resolve what would clash.

Usernames that differ only in case are reported and stop the migration: which one to rename is a
person's decision (rename in the admin, then migrate again). Emails take their one stored form
(accounts.models.canonical_email: NFKC, the domain in IDNA ASCII lower case; one that form refuses is
blanked and printed);
where several accounts share one email (ignoring case) the oldest account keeps it and the others'
is blanked, printed here, so they sign in with their username and can set a new email on me/.
"""

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Lower

from accounts.models import EmailRefused, canonical_email


def folded_duplicates(users, field):
    return (
        users.exclude(**{field: ""})
        .values(folded=Lower(field))
        .annotate(accounts=Count("pk"))
        .filter(accounts__gt=1)
        .order_by("folded")
        .values_list("folded", flat=True)
    )


def resolve(apps, schema_editor):
    users = apps.get_model("accounts", "User").objects.using(schema_editor.connection.alias)
    clashes = [
        sorted(users.annotate(folded=Lower("username")).filter(folded=folded).values_list("username", flat=True))
        for folded in folded_duplicates(users, "username")
    ]
    if clashes:
        listed = "; ".join(", ".join(names) for names in clashes)
        raise RuntimeError(
            f"Usernames differ only in case: {listed}. Rename all but one of each group "
            "(admin > Users), then run migrate again."
        )

    for pk, username, email in list(users.exclude(email="").values_list("pk", "username", "email")):
        try:
            normalized = canonical_email(email)
        except EmailRefused as refused:
            normalized = ""
            print(f"\n  email {email!r} of {username}: blanked ({refused})", end="")
        if normalized != email:
            users.filter(pk=pk).update(email=normalized)

    for folded in list(folded_duplicates(users, "email")):
        sharing = list(users.annotate(folded=Lower("email")).filter(folded=folded).order_by("date_joined", "pk"))
        kept, others = sharing[0], sharing[1:]
        users.filter(pk__in=[user.pk for user in others]).update(email="")
        names = ", ".join(user.username for user in others)
        print(f"\n  email {kept.email!r}: kept by {kept.username} (oldest account), blanked for {names}", end="")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_profile_reset_at")]

    operations = [migrations.RunPython(resolve, migrations.RunPython.noop, elidable=True)]
