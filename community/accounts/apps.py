from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "community.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from community import audit, privacy, staff

        from . import permissions, services  # noqa: F401  (registers the rules)
        from .privacy import data

        audit.register_action("privacy.export_requested", _("Copy of their data requested"))
        audit.register_action("privacy.export_downloaded", _("Copy of their data downloaded"))
        audit.register_action("privacy.account_erased", _("Account deleted"))
        staff.register(
            staff.StaffPage(
                code="administration",
                label=_("Administration"),
                url_name="admin:index",
                permission="accounts.open_administration",
                order=90,
            )
        )

        privacy.register_exporter("profile", data.profile)

        # Admins may change every model through the Django admin, including models of apps added later.
        post_migrate.connect(services.grant_admin_permissions, dispatch_uid="accounts.grant_admin_permissions")
