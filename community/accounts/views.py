from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from . import profile as profile_sections
from . import selectors, services
from .forms import ProfileForm
from .models import User


def profile(request: HttpRequest, handle: str) -> HttpResponse:
    try:
        person = selectors.profile(handle)
    except User.DoesNotExist:
        raise Http404 from None
    if person.handle != handle:
        return redirect(person, permanent=True)
    return render(
        request, "accounts/profile.html", {"person": person, "sections": profile_sections.sections(request, person)}
    )


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    """The settings page: name, handle, picture, language and time zone."""
    user = request.user
    form = ProfileForm(request.POST or None, request.FILES or None, instance=User.objects.get(pk=user.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(user=user, by=user, **form.changed_profile_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            translation.activate(user.language)  # the confirmation speaks the language just chosen
            messages.success(request, _("Your settings are saved."))
            return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})
