from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import ProductArea


@admin.register(ProductArea)
class ProductAreaAdmin(TranslationAdmin):
    """Admins manage the product areas ideas are filed under; ideas themselves change through the site."""

    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}
