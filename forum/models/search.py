"""The search index: a document per question and per knowledge-base article, with BM25 postings.

The index is written when posts change (forum/search/index.py), never computed per query. Each
document keeps a weighted tsvector (title A, accepted answer and question text B, other answers C)
for full-text matching and highlighting, its term frequencies per weight as postings for BM25, and
its lengths per weight for BM25's length normalisation.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from .posts import Category, Question


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question"
        ARTICLE = "article"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    # The question behind it (for an article: its thread), so a thread shows up once in a ranking.
    thread_id = models.BigIntegerField(null=True, blank=True)
    # The original of a question closed as a duplicate (for an article: of its thread): it ranks below it.
    duplicate_of = models.BigIntegerField(null=True, blank=True)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=2)
    title = models.CharField(max_length=200)
    vector = SearchVectorField()
    # Token counts per weight (title, main text, other answers): BM25 normalises by them.
    length_a = models.PositiveIntegerField(default=0)
    length_b = models.PositiveIntegerField(default=0)
    length_c = models.PositiveIntegerField(default=0)
    tag_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    is_solved = models.BooleanField(default=False)
    score = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="forum_search_one_document")]
        indexes = [
            GinIndex(fields=["vector"], name="forum_search_vector"),
            # GiST, not GIN: it hands out the titles nearest to a query in order (a KNN scan), so the
            # ranking's 50 most similar titles cost an index walk instead of a scan of every title.
            GistIndex(fields=["title"], name="forum_search_title_gist", opclasses=["gist_trgm_ops"]),
            GinIndex(fields=["tag_ids"], name="forum_search_tags"),
            models.Index(fields=["category", "kind"], name="forum_search_category"),
            # A thread's article stands in for the thread in rankings: found by the thread.
            models.Index(fields=["thread_id"], name="forum_search_thread_article", condition=models.Q(kind="article")),
            # Questions that point to a question as its duplicates, to follow when it is marked in turn.
            models.Index(
                fields=["duplicate_of"], name="forum_search_duplicates", condition=models.Q(duplicate_of__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchPosting(models.Model):
    """How often a lexeme occurs in a document, per weight: the postings BM25 scores from."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="postings")
    lexeme = models.CharField(max_length=100)
    tf_a = models.PositiveSmallIntegerField(default=0)
    tf_b = models.PositiveSmallIntegerField(default=0)
    tf_c = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # Covering: the ranking reads a word's postings from the index alone.
        indexes = [
            models.Index(
                fields=["lexeme", "document"], name="forum_posting_lexeme_tf", include=["tf_a", "tf_b", "tf_c"]
            )
        ]

    def __str__(self) -> str:
        return f"{self.lexeme} in {self.document_id}"


class SearchWord(models.Model):
    """Words people write (unstemmed, lower case), for 'did you mean' by trigram similarity."""

    word = models.CharField(max_length=60, primary_key=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [GinIndex(fields=["word"], name="forum_searchword_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.word


class AskSession(models.Model):
    """One visit to the ask page: what similar questions it showed, which one was opened, and whether a
    question was posted in the end (deflection, for the insights pages)."""

    key = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    shown = models.PositiveIntegerField(default=0)  # suggestions shown (with results), all updates counted
    clicked = models.ForeignKey(SearchDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    clicked_at = models.DateTimeField(null=True, blank=True)
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["started_at"], name="forum_asksession_started")]

    def __str__(self) -> str:
        return str(self.key)
