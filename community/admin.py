from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from . import fragments, handoffs
from .models import AuditEntry, Handoff, Page


class ForgetsOnChange:
    """An admin whose rows show on pages or steer checks: after every save and delete, `changed()` says so
    (renderings or limits are computed afresh), including a bulk delete from the list."""

    def changed(self) -> None:
        raise NotImplementedError

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        self.changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        self.changed()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        self.changed()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that the app writes and an admin only reads (the audit log, articles, suspensions)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "show_in_footer", "order", "updated_at"]
    list_editable = ["show_in_footer", "order"]
    prepopulated_fields = {"slug": ["title_en"]}

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        fragments.forget(*[f"footer-pages:{code}" for code in ("de", "en")])


@admin.register(Handoff)
class HandoffAdmin(admin.ModelAdmin):
    """What waits for the worker; a hand-off that kept failing can be sent again once its cause is fixed."""

    list_display = ["key", "task", "created_at", "attempts", "started_at", "done_at"]
    list_filter = [("done_at", admin.EmptyFieldListFilter), "task"]
    search_fields = ["key"]
    readonly_fields = [field.name for field in Handoff._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send to the worker again"))
    def send_again(self, request, queryset) -> None:
        sent = handoffs.send_again(queryset.filter(done_at__isnull=True))
        self.message_user(
            request,
            ngettext("%(count)d hand-off sent again.", "%(count)d hand-offs sent again.", sent) % {"count": sent},
            messages.SUCCESS,
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read only, for everyone: an entry is written with the action it records and never changed or removed."""

    list_display = ["created_at", "actor", "action", "subject", "note"]
    list_filter = ["action"]
    list_select_related = ["actor", "subject"]
    search_fields = ["actor__handle", "actor__display_name", "subject__handle", "subject__display_name", "note"]
    date_hierarchy = "created_at"
