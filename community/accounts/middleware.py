import zoneinfo

from django.utils import timezone, translation


class PersonalPreferencesMiddleware:
    """A signed-in person's saved language and time zone win over the browser's.

    Runs after AuthenticationMiddleware; LocaleMiddleware has already picked the language from the
    cookie of the language switch or from Accept-Language for everyone else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
