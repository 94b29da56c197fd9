"""Import a Stack Exchange site dump: people, questions, answers, comments, votes, accepts, duplicates, tags.

The XML files are read as streams (forum/importers/dump.py), so memory holds only the id maps, never
a file. Everything runs in one
transaction: a truncated or malformed file stops the import with the file name and line, and nothing
of it stays. Every object made is recorded in ImportedObject, so a second run finds it and changes
nothing. No event of a single post is published: nobody is notified of posts that are years old. One
ContentImported at the end (when anything was made) lets the apps above catch up after the commit.

Both layouts work: 2016 dumps (tags as <a><b>, no licence attribute) and 2023 dumps (tags as |a|b|,
ContentLicense per post). Every post and reply keeps its source, author (with their profile) and licence
(forum/importers/attribution.py). People are made in people.py; comments, duplicates and tag names in
discussion.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from community import events
from community.markdown import render_post

from ..kernel import excerpt
from ..models import Answer, Category, ImportedObject, Question, Reply
from . import dump
from .attribution import user_url
from .discussion import DiscussionImport, existing_tags
from .dump import DumpError
from .people import PeopleImport

BATCH = 500


@dataclass
class Counts:
    people: int = 0
    questions: int = 0
    answers: int = 0
    comments: int = 0
    accepted: int = 0
    duplicates: int = 0
    tags: int = 0
    votes_read: int = 0
    skipped: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        lines = [
            f"people {self.people}",
            f"questions {self.questions}",
            f"answers {self.answers}",
            f"comments (as replies) {self.comments}",
            f"accepted answers {self.accepted}",
            f"duplicates {self.duplicates}",
            f"tags {self.tags}",  # made by this run: tags that were there already are not counted
            f"votes read {self.votes_read}",
        ]
        lines += [f"skipped {kind}: {n}" for kind, n in sorted(self.skipped.items())]
        return lines


class StackExchangeImport(PeopleImport, DiscussionImport):
    def __init__(
        self,
        directory: Path,
        *,
        site: str,
        category: Category,
        language: str = "en",
        progress: Callable[[str], Callable[[int], None]] | None = None,
    ):
        self.directory, self.site, self.category, self.language = directory, site, category, language
        self.progress = progress or (lambda label: lambda n: None)
        self.counts = Counts()
        self.people: dict[str, int] = {}
        self.questions: dict[str, int] = {}
        self.answers: dict[str, tuple[int, int]] = {}  # answer source id -> (answer id, question id)
        self.names: dict[str, str] = {}  # person source id -> display name (for attribution)
        self.profiles: dict[str, str] = {}  # person source id -> their profile on the site
        self.known_tags: set[str] = set()  # tag names seen to exist, so new ones are counted once

    def run(self) -> Counts:
        posts = dump.find(self.directory, "Posts")
        if posts is None:
            raise DumpError(f"{self.directory}: no Posts.xml (or Posts.xml.gz) here")
        with transaction.atomic():
            self._load_known()
            if users := dump.find(self.directory, "Users"):
                self._people(users)
            scores = self._votes(dump.find(self.directory, "Votes"))
            self._posts(posts, post_type="1", scores=scores)
            self._posts(posts, post_type="2", scores=scores)
            if comments := dump.find(self.directory, "Comments"):
                self._comments(comments)
            if links := dump.find(self.directory, "PostLinks"):
                self._duplicates(links)
            if tags := dump.find(self.directory, "Tags"):
                self._tag_names(tags)
            self._recount()
            counts = self.counts
            if counts.people or counts.questions or counts.answers or counts.comments:
                events.publish(
                    events.ContentImported(
                        source=self.site,
                        category_id=self.category.pk,
                        people=counts.people,
                        questions=counts.questions,
                        answers=counts.answers,
                        replies=counts.comments,
                    )
                )
        return self.counts

    def _recount(self) -> None:
        """Counters the services keep, set from what is there now (imports bypass the services)."""
        ids = list(self.questions.values())
        live_answers = Answer.objects.filter(question=OuterRef("pk"), deleted_at__isnull=True)
        question_replies = Reply.objects.filter(question=OuterRef("pk"), answer__isnull=True)
        Question.objects.filter(pk__in=ids).update(
            answer_count=Coalesce(Subquery(live_answers.values("question").annotate(n=Count("pk")).values("n")), 0),
            reply_count=Coalesce(Subquery(question_replies.values("question").annotate(n=Count("pk")).values("n")), 0),
        )
        answer_replies = Reply.objects.filter(answer=OuterRef("pk"))
        Answer.objects.filter(question_id__in=ids).update(
            reply_count=Coalesce(Subquery(answer_replies.values("answer").annotate(n=Count("pk")).values("n")), 0)
        )
        questions = Question.objects.filter(category=self.category, deleted_at__isnull=True)
        latest = questions.order_by("-last_activity_at").first()
        Category.objects.filter(pk=self.category.pk).update(
            question_count=questions.count(),
            solved_count=questions.filter(is_solved=True).count(),
            last_activity_at=latest.last_activity_at if latest else None,
            last_question=latest,
        )

    # What an earlier run made is found again, so nothing is made twice.

    def _load_known(self) -> None:
        known = ImportedObject.objects.filter(source=self.site).values_list("kind", "source_id", "object_id")
        answer_questions = {}
        for kind, source_id, object_id in known:
            if kind == "user":
                self.people[source_id] = object_id
            elif kind == "question":
                self.questions[source_id] = object_id
            elif kind == "answer":
                answer_questions[source_id] = object_id
        if answer_questions:
            parents = dict(Answer.objects.filter(pk__in=answer_questions.values()).values_list("pk", "question_id"))
            self.answers = {s: (a, parents[a]) for s, a in answer_questions.items() if a in parents}

    def _record(self, kind: str, pairs: list[tuple[str, int]]) -> None:
        ImportedObject.objects.bulk_create(
            [ImportedObject(source=self.site, kind=kind, source_id=s, object_id=o) for s, o in pairs],
            ignore_conflicts=True,
        )

    # Votes: a dump has no voters for up and down votes, so they become an imported score.

    def _votes(self, path: Path | None) -> dict[str, int] | None:
        if path is None:
            return None
        tick = self.progress("votes")
        scores: Counter = Counter()
        for row in dump.rows(path):
            tick(1)
            self.counts.votes_read += 1
            if row.get("VoteTypeId") == "2":
                scores[row.get("PostId", "")] += 1
            elif row.get("VoteTypeId") == "3":
                scores[row.get("PostId", "")] -= 1
        return dict(scores)

    # Posts

    def _posts(self, path: Path, *, post_type: str, scores: dict | None) -> None:
        tick = self.progress("questions" if post_type == "1" else "answers")
        batch: list[tuple[dict, object]] = []
        for row in dump.rows(path):
            if row.get("PostTypeId") != post_type:
                continue
            tick(1)
            source_id = row.get("Id", "")
            if source_id in (self.questions if post_type == "1" else self.answers):
                continue
            score = scores.get(source_id, 0) if scores is not None else int(row.get("Score") or 0)
            post = self._question(row, score) if post_type == "1" else self._answer(row, score)
            if post is not None:
                batch.append((row, post))
            if len(batch) >= BATCH:
                self._save_posts(batch, post_type)
        self._save_posts(batch, post_type)

    def _common(self, row: dict, score: int) -> dict:
        created = dump.when(row.get("CreationDate")) or timezone.now()
        body = dump.markdown(row.get("Body", ""))
        html = render_post(body).html
        owner = row.get("OwnerUserId", "")
        return {
            "author_id": self._author(row),
            "body": body or "(empty)",
            "body_html": html,
            "score": score,
            "imported_score": score,
            "created_at": created,
            "edited_at": dump.when(row.get("LastEditDate")),
            "source_author": self.names.get(owner) or row.get("OwnerDisplayName") or "",
            "source_author_url": self.profiles.get(owner) or (user_url(self.site, owner) if owner else ""),
            "source_licence": dump.licence(row, created),
        }

    def _question(self, row: dict, score: int) -> Question:
        fields = self._common(row, score)
        closed = dump.when(row.get("ClosedDate"))
        return Question(
            **fields,
            title=(row.get("Title") or "(untitled)")[:150],
            category=self.category,
            language=self.language,
            excerpt=excerpt(fields["body_html"]),
            view_count=int(row.get("ViewCount") or 0),
            last_activity_at=dump.when(row.get("LastActivityDate")) or fields["created_at"],
            closed_at=closed,
            close_reason="other" if closed else "",
            close_note="Closed on Stack Exchange" if closed else "",
            source_url=f"https://{self.site}/questions/{row.get('Id')}",
        )

    def _answer(self, row: dict, score: int) -> Answer | None:
        question_id = self.questions.get(row.get("ParentId", ""))
        if question_id is None:
            self.counts.skipped["answers without their question"] += 1
            return None
        return Answer(
            **self._common(row, score), question_id=question_id, source_url=f"https://{self.site}/a/{row.get('Id')}"
        )

    def _save_posts(self, batch: list, post_type: str) -> None:
        if not batch:
            return
        if post_type == "1":
            made = Question.objects.bulk_create([post for _, post in batch])
            pairs = [(row["Id"], q.pk) for (row, _), q in zip(batch, made, strict=True)]
            self._record("question", pairs)
            self.questions.update(pairs)
            self.counts.questions += len(pairs)
            self.counts.tags += self._new_tags({n for row, _ in batch for n in dump.tags(row.get("Tags", ""))})
            for (row, _), question in zip(batch, made, strict=True):
                if names := dump.tags(row.get("Tags", "")):
                    question.tags.add(*names)
                if row.get("AcceptedAnswerId"):
                    self._accept_later[row["AcceptedAnswerId"]] = question.pk
        else:
            made = Answer.objects.bulk_create([post for _, post in batch])
            pairs = [(row["Id"], a.pk) for (row, _), a in zip(batch, made, strict=True)]
            self._record("answer", pairs)
            self.answers.update({s: (a.pk, a.question_id) for (s, _), a in zip(pairs, made, strict=True)})
            self.counts.answers += len(pairs)
            accepted = [a for (row, _), a in zip(batch, made, strict=True) if row["Id"] in self._accept_later]
            for answer in accepted:
                Answer.objects.filter(pk=answer.pk).update(is_accepted=True, accepted_at=answer.created_at)
                Question.objects.filter(pk=answer.question_id).update(is_solved=True)
            self.counts.accepted += len(accepted)
        batch.clear()

    @property
    def _accept_later(self) -> dict[str, int]:
        if not hasattr(self, "_accepts"):
            self._accepts: dict[str, int] = {}
        return self._accepts

    def _new_tags(self, names: set[str]) -> int:
        """How many of these tag names do not exist yet (adding them to questions will make them)."""
        names -= self.known_tags
        if not names:
            return 0
        existing = existing_tags(names)
        self.known_tags |= names
        return len(names - existing)
