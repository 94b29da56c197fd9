"""The knowledge base: browse by category and tag, read an article, say whether it helped, edit it."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import done, token_or_same_origin
from community.page_cache import kept_for_readers, repeat_on_hit

from .. import selectors, services
from ..forms import ArticleForm
from ..kernel.views import edit_page
from ..models import Article


def _article_or_404(request, pk: int) -> Article:
    article = selectors.article_detail(request.user, pk)
    if article is None:
        raise Http404
    return article


def client_id(request: HttpRequest) -> str:
    """A signed-out reader's device: a keyed hash of the address allauth takes as the client's (it honours
    the trusted-proxy settings), so the address itself is never stored."""
    return salted_hmac("forum.client", get_adapter(request).get_client_ip(request)).hexdigest()


@kept_for_readers
def knowledge_base(request: HttpRequest) -> HttpResponse:
    categories = list(selectors.visible_categories(request.user))
    chosen = next((c for c in categories if c.slug == request.GET.get("category")), None)
    tag = selectors.tag_or_none(request.GET.get("tag", ""))
    articles = selectors.articles(request.user, category=chosen, tag=tag)
    page = Paginator(articles, 20).get_page(request.GET.get("page"))
    context = {"page": page, "articles": page.object_list, "categories": categories, "chosen": chosen, "tag": tag}
    return render(request, "forum/knowledge_base.html", context)


@kept_for_readers
def article_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    article = _article_or_404(request, pk)
    if not article.is_published and not request.user.has_perm("forum.edit_article", article):
        return render(request, "forum/article_retired.html", {"article": article}, status=410)
    if slug != slugify(article.title)[:80]:
        return redirect(article, permanent=True)
    repeat_on_hit(request, services.record_article_view, article.pk)
    own = selectors.own_article_feedback(request.user, article)
    return render(request, "forum/article_detail.html", {"article": article, "own_feedback": own})


@token_or_same_origin
@require_POST
def article_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(request, pk)
    choice = request.POST.get("helpful")
    if choice not in {"yes", "no"}:
        return HttpResponseBadRequest(_("Please answer yes or no."))
    helpful = choice == "yes"
    client = "" if request.user.is_authenticated else client_id(request)
    rating = services.rate_article(article=article, by=request.user, helpful=helpful, client=client)
    if not rating.counted:
        message = _("You already answered today. Sign in to change your answer.")
    elif helpful:
        message = _("Thank you! Glad it helped.")
    else:
        message = _("Thank you. Ask the community if you need more help.")
    if request.htmx:
        context = {"article": rating.article, "answered": True, "own_feedback": helpful}
        return done(request, render(request, "forum/_article_feedback.html", context), message)
    messages.success(request, message)
    return redirect(article)


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(request, pk)
    return edit_page(
        request,
        article,
        permission="forum.edit_article",
        refused=_("Only super users and moderators can edit articles."),
        form=ArticleForm(request.POST or None, initial={"summary": article.summary}),
        write=lambda data: services.edit_article(article=article, by=request.user, **data),
        template="forum/article_edit.html",
        back_title=article.title,
        saved=_("The article is saved."),
    )


def article_revisions(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(request, pk)
    revisions = selectors.article_revision_history(article)
    return render(request, "forum/article_revisions.html", {"article": article, "revisions": revisions})
