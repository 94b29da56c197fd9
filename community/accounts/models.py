import hashlib
import zoneinfo
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.db.models.query_utils import DeferredAttribute
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.privacy import DELETED_MEMBER


class Role(models.TextChoices):
    """The community roles. Each is a Group of this name; Django's is_superuser is not a role."""

    MEMBER = "member", _("Member")
    SUPER_USER = "super user", _("Super user")
    AGENT = "agent", _("Agent")
    MODERATOR = "moderator", _("Moderator")
    ADMIN = "admin", _("Admin")


# The handle an erased person's row gets (deleted-<random>): the audit log's only name for them.
ERASED_HANDLE_PREFIX = "deleted-"

handle_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,28}[A-Za-z0-9_]$",
    _("3 to 30 letters, digits, dots, dashes or underscores; starting with a letter or digit."),
    code="invalid_handle",
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class _NameOrDeleted(DeferredAttribute):
    """Reads an erased person's empty name as "Deleted member" in the reader's language.

    Only an erased person's saved row has an empty name (forms and the services require one). When the row
    was read without `erased_at` (a list's `.only()`), the empty name alone tells, so no query is added per
    author. A data descriptor (it has __set__), so every read goes through it, also of a loaded value; the
    value itself stays in the instance's __dict__ under the field's name, where Django looks for it.
    """

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None or value or instance.pk is None:
            return value
        if instance.__dict__.get("erased_at", _NOT_READ) is None:
            return value  # a live person's row without a name: validation says so
        return DeletedName(DELETED_MEMBER)

    def __set__(self, instance, value) -> None:
        # The shown word copied back (refresh_from_db does so) stays the empty name it stands for.
        instance.__dict__[self.field.attname] = "" if isinstance(value, DeletedName) else value


class DeletedName(str):
    """How an erased person's name reads: "Deleted member" in the reader's language; stored, it is empty."""


_NOT_READ = object()


class DisplayNameField(models.CharField):
    """A person's name; empty only for an erased person, whose posts then show "Deleted member"."""

    descriptor_class = _NameOrDeleted

    def pre_save(self, model_instance, add):
        return model_instance.__dict__.get(self.attname, "")  # what is stored, never the reader's word

    def value_from_object(self, obj):
        return obj.__dict__.get(self.attname, "")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **fields):
        if not email:
            raise ValueError("A person who signs in needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        """The technical admin account (manage.py createsuperuser); create_admin also gives the admin role."""
        fields["is_superuser"] = True
        return self._create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    # Nullable: people imported from another community have no address until they claim the account.
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    handle = models.CharField(
        _("handle"),
        max_length=30,
        unique=True,
        validators=[handle_validator],
        help_text=_("Others mention you with @handle."),
    )
    display_name = DisplayNameField(_("display name"), max_length=60)
    avatar = models.ImageField(_("picture"), upload_to="avatars/%Y/%m/", blank=True)
    bio = models.TextField(_("about me"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_claimed = models.BooleanField(
        _("claimed"),
        default=True,
        help_text=_("Imported people cannot sign in until they claim their account."),
    )
    date_joined = models.DateTimeField(_("member since"), default=timezone.now)
    # Set when the person deleted their account: the row stays (their posts point at it), without personal data.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name", "handle"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            # @Anna and @anna are the same person to a reader.
            models.UniqueConstraint(Lower("handle"), name="accounts_user_handle_ci_unique"),
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.handle

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", args=[self.handle])

    def get_short_name(self) -> str:
        return self.display_name

    def get_full_name(self) -> str:
        return self.display_name

    @cached_property
    def role_names(self) -> frozenset[str]:
        """Names of this person's roles; one query, then cached on the instance."""
        if not self.pk:
            return frozenset()
        if hasattr(self, "_group_names_cache"):  # filled by rules.is_group_member
            return frozenset(self._group_names_cache)
        self._group_names_cache = set(self.groups.values_list("name", flat=True))
        return frozenset(self._group_names_cache)

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_names

    @property
    def is_staff(self) -> bool:
        """May open the Django admin: the admin role, or the technical admin account."""
        return self.is_active and (self.is_superuser or self.has_role(Role.ADMIN))

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def initials(self) -> str:
        words = (self.display_name or self.handle or "?").split()
        return "".join(word[0] for word in words[:2]).upper()

    @property
    def avatar_colour(self) -> int:
        """One of eight palette colours for the initials avatar, stable per person."""
        return int(hashlib.sha256((self.handle or "").encode()).hexdigest(), 16) % 8


class DataExport(models.Model):
    """A copy of all of a person's data, asked for in the settings: built by a task, downloaded once.

    The zip lies in the private storage (never served as a file: only the download view reads it) under a
    name nobody can guess, and is deleted once downloaded, when its link expires, or when the person is erased.
    """

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        READY = "ready", _("Ready to download")
        DOWNLOADED = "downloaded", _("Downloaded")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREPARING)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        indexes = [models.Index(fields=["status", "expires_at"], name="accounts_export_open")]

    def __str__(self) -> str:
        return f"export {self.pk} for {self.user_id} ({self.status})"
