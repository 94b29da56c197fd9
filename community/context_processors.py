from django.conf import settings


def site(request) -> dict:
    """What every page needs: the footer's pages, the site's name and address, whether company login is on."""
    from .selectors import footer_pages

    return {
        "footer_pages": footer_pages(),
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "SOCIAL_LOGIN": bool(settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]),
    }
