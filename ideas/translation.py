from modeltranslation.translator import TranslationOptions, register

from .models import ProductArea


@register(ProductArea)
class ProductAreaTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"default": ("name",)}
