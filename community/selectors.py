from django.utils.translation import get_language

from community import fragments

from .models import Page

FOOTER_CACHE_SECONDS = 300


def footer_key() -> str:
    return f"footer-pages:{get_language()}"


def footer_pages() -> list[dict]:
    """Titles and links of the pages in the footer, cached per language: every page shows them."""
    key = footer_key()
    pages = fragments.get(key)
    if pages is None:
        pages = [
            {"title": page.title, "url": page.get_absolute_url()}
            for page in Page.objects.filter(show_in_footer=True).only("slug", "title_en", "title_de")
        ]
        fragments.keep(key, pages, FOOTER_CACHE_SECONDS)
    return pages


def page_detail(slug: str) -> Page:
    return Page.objects.get(slug=slug)
