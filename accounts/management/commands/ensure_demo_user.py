import os

from django.core.management.base import BaseCommand

from accounts.models import User


class Command(BaseCommand):
    help = "Create (or reset) the demo staff user for a local run and print its credentials."

    def handle(self, *args, **options):
        username = os.environ.get("DEMO_USERNAME", "demo")
        password = os.environ.get("DEMO_PASSWORD", "studio-demo-pass")
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
        user.is_staff = True
        user.is_superuser = True
        user.learning_consent = True
        user.set_password(password)
        user.save()
        verb = "Created" if created else "Reset"
        self.stdout.write(self.style.SUCCESS(f"{verb} demo staff user: username={username} password={password}"))
