from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuperusersConfig(AppConfig):
    name = "superusers"
    verbose_name = _("Reputation and super users")
