"""Atom feeds of new questions per category and per tag, for feed readers and integrations."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from taggit.models import Tag

from .. import selectors
from ..models import Category, Question


class _QuestionFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item: Question) -> str:
        return item.title

    def item_description(self, item: Question) -> str:
        return item.body_html

    def item_pubdate(self, item: Question):
        return item.created_at

    def item_updateddate(self, item: Question):
        return item.edited_at or item.created_at

    def item_author_name(self, item: Question) -> str:
        return item.author.display_name

    def item_categories(self, item: Question):
        return [item.category.name]


class CategoryFeed(_QuestionFeed):
    def get_object(self, request, slug: str) -> Category:
        category = selectors.feed_category(slug)
        if category is None:
            raise Http404
        return category

    def title(self, obj: Category) -> str:
        return _("New questions in %(name)s") % {"name": obj.name}

    def link(self, obj: Category) -> str:
        return obj.get_absolute_url()

    def subtitle(self, obj: Category) -> str:
        return obj.description

    def items(self, obj: Category):
        return selectors.feed_questions(category=obj)


class TagFeed(_QuestionFeed):
    def get_object(self, request, slug: str) -> Tag:
        tag = selectors.tag_or_none(slug)
        if tag is None:
            raise Http404
        return tag

    def title(self, obj: Tag) -> str:
        return _("New questions tagged %(name)s") % {"name": obj.name}

    def link(self, obj: Tag) -> str:
        return f"/tags/{obj.slug}/"

    def items(self, obj: Tag):
        return selectors.feed_questions(tag=obj)
