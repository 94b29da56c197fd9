from modeltranslation.translator import TranslationOptions, register

from .models import Rank


@register(Rank)
class RankTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "de")
