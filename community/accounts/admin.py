from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Role, User


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Role.choices, required=False, label=_("Roles"), **kwargs)


class UserChangeForm(DjangoUserChangeForm):
    roles = RolesField()

    class Meta:
        model = User
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = sorted(self.instance.role_names)


class UserCreationForm(AdminUserCreationForm):
    roles = RolesField(initial=[Role.MEMBER.value])

    class Meta:
        model = User
        fields = ["email", "display_name", "handle"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Admins assign roles here; the roles are saved through accounts.services.set_roles."""

    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["-date_joined"]
    list_display = ["display_name", "handle", "email", "roles_list", "is_active", "date_joined"]
    list_filter = ["groups", "is_active", "is_claimed", "language"]
    search_fields = ["email", "display_name", "handle"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "handle", "bio", "avatar", "language", "time_zone"]}),
        (_("Roles"), {"fields": ["roles", "is_active", "is_claimed"]}),
        (_("Technical admin"), {"classes": ["collapse"], "fields": ["is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "display_name", "handle", "password1", "password2", "roles"]}),
    ]
    filter_horizontal = []

    @admin.display(description=_("Roles"))
    def roles_list(self, user: User) -> str:
        return ", ".join(str(Role(name).label) for name in sorted(user.role_names) if name in Role.values)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        services.set_roles(user=form.instance, roles=set(form.cleaned_data["roles"]), by=request.user)
