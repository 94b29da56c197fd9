import pytest
from django.urls import reverse

from community.accounts.models import Role
from forum import services
from forum.models import AskSession, Question, SearchDocument, SearchPosting
from forum.search import similar
from forum.search.engine import rank
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory, QuestionFactory, ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def solved(title, body, answer_text, *, category=None, tags=("router",), language="en", committed=None):
    with committed():
        question = ask(
            title=title, body=body, category=category or CategoryFactory(), tags=list(tags), language=language
        )
    with committed():
        answer = services.post_answer(question=question, by=UserFactory(), body=answer_text)
    with committed():
        services.accept_answer(answer=answer, by=question.author)
    return question, answer


# The index follows the posts


def test_a_question_is_indexed_with_weights_on_write_and_leaves_when_deleted(committed):
    with committed():
        question = ask(title="Router reboots every night", body="My router restarts itself at 3 am.", tags=["router"])
    document = SearchDocument.objects.get(kind="question", object_id=question.pk)
    assert "'reboot':" in document.vector and "A" in document.vector
    assert SearchPosting.objects.filter(document=document, lexeme="reboot", tf_a=1).exists()
    with committed():
        answer = services.post_answer(question=question, by=UserFactory(), body="Disable the firmware autoupdate.")
    assert "autoupd" in SearchDocument.objects.get(pk=document.pk).vector
    with committed():
        services.accept_answer(answer=answer, by=question.author)
    assert SearchDocument.objects.get(pk=document.pk).is_solved
    with committed():
        services.delete_question(question=question, by=question.author)
    assert not SearchDocument.objects.filter(kind="question", object_id=question.pk).exists()


def test_german_posts_are_stemmed_in_german(committed):
    with committed():
        ask(title="Die Rechnungen kommen doppelt", body="Ich bekomme jede Rechnung zweimal.", language="de")
    hits = rank("doppelte Rechnung", language="de")
    assert hits and hits[0].title == "Die Rechnungen kommen doppelt"


def test_the_reindex_command_rebuilds_everything(committed):
    from django.core.management import call_command

    with committed():
        question = ask(title="Printer offline after update")
    SearchDocument.objects.all().delete()
    call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SearchDocument.objects.filter(kind="question", object_id=question.pk).exists()


# The search page


def test_search_ranks_highlights_and_escapes(client, committed):
    with committed():
        ask(title="Router loses Wi-Fi at night", body="The router drops the connection if signal < 3 & night.")
        ask(title="Invoice shows a wrong address", body="The address on my invoice is old.")
    html = client.get("/search/", {"q": "router night"}).content.decode()
    assert html.index("Router loses Wi-Fi at night") > 0
    assert "Invoice" not in html.split('class="results"')[1]
    assert "<mark>router</mark>" in html  # the words found are marked
    assert "&lt; 3 &amp;" in html  # and the post's own text stays text


def test_web_search_syntax_phrase_exclusion_and_or(client, committed):
    with committed():
        ask(title="Router firmware update failed", body="Firmware update stops at 50 percent.")
        ask(title="Router password forgotten", body="I forgot the admin password of the router.")
        ask(title="App password reset mail", body="The reset mail never arrives.")
    results = lambda q: client.get("/search/", {"q": q}).content.decode().split('class="results"')[-1]  # noqa: E731
    assert "firmware update failed" in results('"firmware update"').lower()
    assert "password forgotten" not in results('"firmware update"').lower()
    page = results("router -password")
    assert "Router firmware" in page and "Router password" not in page
    page = results("firmware or reset")
    assert "Router firmware" in page and "App password" in page


def test_search_filters_by_category_solved_and_date(client, committed):
    billing = CategoryFactory(slug="billing")
    with committed():
        ask(title="Open question about the router in general", category=CategoryFactory(slug="devices"))
    solved(
        "Solved question about the router",
        "Text of the solved question.",
        "Restart it.",
        category=billing,
        committed=committed,
    )
    page = client.get("/search/", {"q": "router", "category": "billing"}).content.decode()
    assert "Solved question" in page and "Open question" not in page
    page = client.get("/search/", {"q": "router", "solved": "no"}).content.decode()
    assert "Open question" in page and "Solved question about" not in page
    page = client.get("/search/", {"q": "router", "from": "2999-01-01"}).content.decode()
    assert "Nothing found" in page


def test_did_you_mean_corrects_a_typo(client, committed):
    with committed():
        ask(title="Router firmware update failed", body="The firmware update stops.")
    html = client.get("/search/", {"q": "firmwre"}).content.decode()
    assert "Did you mean" in html and "firmware" in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "the and of",
        "!!! ??? ***",
        "x" * 10_000,
        '"unbalanced quote',
        "router\x00x",
        "'; DROP TABLE x; --",
        "-",
        "or",
        '"',
        "a" * 50,
    ],
)
def test_odd_queries_get_a_page_never_an_error(client, query, committed):
    with committed():
        ask(title="Router firmware update failed")
    response = client.get("/search/", {"q": query})
    assert response.status_code == (400 if "\x00" in query else 200)  # a NUL is refused before any view


def test_stop_words_only_and_long_queries_explain_themselves(client, committed):
    with committed():
        ask(title="Router firmware update failed")
    assert "more specific words" in client.get("/search/", {"q": "the and of"}).content.decode()
    assert "first 300 characters" in client.get("/search/", {"q": "router " * 2000}).content.decode()


@pytest.mark.parametrize("page", ["999", "abc", "-1", "0"])
def test_any_page_number_gives_a_page(client, page, committed):
    with committed():
        ask(title="Router firmware update failed")
    assert client.get("/search/", {"q": "router", "page": page}).status_code == 200


def test_hidden_categories_stay_out_of_search(client, committed):
    from forum.models import Category

    hidden = CategoryFactory(audience=Category.Audience.STAFF)
    with committed():
        ask(title="Internal router escalation list", by=UserFactory(roles=[Role.AGENT]), category=hidden)
    assert "Internal router" not in client.get("/search/", {"q": "router escalation"}).content.decode()


def test_suggestions_as_you_type(client, committed):
    with committed():
        ask(title="Router firmware update failed")
    html = client.get("/search/suggest/", {"q": "firmware upd"}).content.decode()
    assert "Router firmware update failed" in html


def test_the_search_page_query_count_does_not_grow(client, committed, django_assert_max_num_queries):
    category = CategoryFactory()
    for n in range(30):
        with committed():
            ask(title=f"Router problem number {n} with the firmware", category=category)
    with django_assert_max_num_queries(12):
        assert client.get("/search/", {"q": "router firmware"}).status_code == 200


# Similar questions while asking, and deflection


def test_similar_solved_questions_and_articles_appear_while_asking(client, committed):
    question, _ = solved(
        "How do I reset my router password?", "I forgot it and cannot sign in.", "Hold reset 10 s.", committed=committed
    )
    with committed():
        ask(title="How do I reset my router settings?")  # open: not suggested
    found = similar.suggestions("reset router password", category_ids=None)
    assert [s.title for s in found] == [question.title]
    assert found[0].kind == "article"  # the article stands for the solved thread, above it

    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("forum:ask"))
    key = page.context["ask_session"]
    # The ask page posts what is typed (with the visit's key), so the suggestions it shows are counted.
    html = client.post(reverse("forum:ask-similar"), {"title": "reset my router password", "ask_session": key})
    assert question.title in html.content.decode()
    session = AskSession.objects.get(key=key)
    assert session.shown == 1
    link = reverse("forum:ask-similar-open", args=[found[0].document_id])
    response = client.post(link, {"ask_session": key})
    assert response.status_code == 302 and "/knowledge-base/" in response.url
    assert AskSession.objects.get(key=key).clicked_id == found[0].document_id


def test_posting_after_suggestions_is_recorded(client):
    category = CategoryFactory()
    client.force_login(UserFactory())
    key = client.get(reverse("forum:ask")).context["ask_session"]
    client.post(
        reverse("forum:ask"),
        {
            "title": "A brand new question about my router",
            "body": "Details " * 5,
            "category": category.pk,
            "tags": "",
            "language": "en",
            "ask_session": key,
        },
    )
    assert AskSession.objects.get(key=key).question == Question.objects.get()


def test_short_titles_suggest_nothing():
    assert similar.suggestions("hi") == []


def test_a_repeated_search_is_served_from_the_cache_until_the_index_changes(
    client, committed, django_assert_max_num_queries
):
    with committed():
        ask(title="Router reboots every night", body="My router restarts itself at 3 am.")
    first = client.get("/search/?q=router")
    assert "Router reboots every night" in first.text
    with django_assert_max_num_queries(5):  # categories, then the page of results: no ranking again
        again = client.get("/search/?q=router")
    assert "Router reboots every night" in again.text
    with committed():
        ask(title="New router drops the Wi-Fi", body="Since the new router arrived the Wi-Fi drops hourly.")
    assert "New router drops the Wi-Fi" in client.get("/search/?q=router").text


# Over HTTP


@pytest.mark.parametrize("query", ["", "   ", "x" * 10_000, '"unbalanced', "a\x00b", "' OR 1=1 --", "%", "_"])
def test_search_never_fails_on_odd_input(client, query):
    QuestionFactory(title="Router keeps dropping the connection")
    assert client.get("/search/", {"q": query}).status_code == (400 if "\x00" in query else 200)


def test_search_finds_questions_by_their_words(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(title="Router keeps dropping the connection")
        ask(title="Invoice has the wrong address")
    html = client.get("/search/", {"q": "router connection"}).content.decode()
    assert "Router keeps dropping" in html and "Invoice" not in html


def test_evidence_says_how_much_of_a_query_a_document_answers(committed):
    from forum.search.engine import evidence

    router, _ = solved(
        "Router reboots every night",
        "It restarts at 3 am, every single night.",
        "Turn off auto updates.",
        committed=committed,
    )
    printer, _ = solved(
        "Printer prints blank pages",
        "Only white paper comes out of it.",
        "Replace the cartridge.",
        tags=("printer",),
        committed=committed,
    )
    documents = dict(
        SearchDocument.objects.filter(kind="question", object_id__in=[router.pk, printer.pk]).values_list(
            "object_id", "pk"
        )
    )
    found = evidence("router reboots", list(documents.values()), language="en")
    assert found[documents[router.pk]].coverage == pytest.approx(1.0)
    assert found[documents[printer.pk]].coverage == 0 and found[documents[printer.pk]].bm25 == 0
    half = evidence("router toaster", [documents[router.pk]], language="en")[documents[router.pk]]
    assert 0 < half.coverage < 1 and 0 < half.bm25 < found[documents[router.pk]].bm25
    assert evidence("router", []) == {}
