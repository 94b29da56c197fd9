from modeltranslation.translator import TranslationOptions, register

from .models import Category


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"default": ("name",)}
