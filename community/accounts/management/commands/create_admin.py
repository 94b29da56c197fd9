"""Create the first admin: `manage.py create_admin --email a@b.c --password ...` for scripts, or interactively."""

import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from community.accounts import services


class Command(BaseCommand):
    help = "Create an admin (the admin role and the technical admin flag). Asks for what is not given."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email")
        parser.add_argument("--name", default="", help="Display name (default: Admin).")
        parser.add_argument("--password", help="Better: set PEERDESK_ADMIN_PASSWORD, which no process list shows.")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="Never ask; fail instead.")

    def handle(self, *args, email=None, name="", password=None, noinput=False, **options) -> None:
        password = password or os.environ.get("PEERDESK_ADMIN_PASSWORD")
        interactive = not noinput
        if not email:
            if not interactive:
                raise CommandError("--email is required with --noinput.")
            email = input("Email: ").strip()
        if not name and interactive:
            name = input("Display name [Admin]: ").strip()
        name = name or "Admin"
        if not password:
            if not interactive:
                raise CommandError("Give --password or PEERDESK_ADMIN_PASSWORD with --noinput.")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        try:
            password_validation.validate_password(password)
            user = services.create_admin(email=email, password=password, display_name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Admin {user.email} (@{user.handle}) created."))
