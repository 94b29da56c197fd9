"""Importing what hangs on a dump's posts: comments (as replies), duplicate links and tag names."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from community.markdown import render_post

from ..models import ImportedObject, Question, Reply
from . import dump
from .attribution import user_url

BATCH = 500


class DiscussionImport:
    """Comments, duplicates and tags for StackExchangeImport (which sets site, counts, the id maps, _record)."""

    def _comments(self, path: Path) -> None:
        tick = self.progress("comments")
        known = set(ImportedObject.objects.filter(source=self.site, kind="comment").values_list("source_id", flat=True))
        batch: list[tuple[str, Reply]] = []
        for row in dump.rows(path):
            tick(1)
            source_id, post = row.get("Id", ""), row.get("PostId", "")
            if source_id in known:
                continue
            if post in self.questions:
                question_id, answer_id = self.questions[post], None
            elif post in self.answers:
                answer_id, question_id = self.answers[post]
            else:
                self.counts.skipped["comments on other posts"] += 1
                continue
            text = (row.get("Text") or "").strip() or "…"
            created = dump.when(row.get("CreationDate")) or timezone.now()
            batch.append(
                (
                    source_id,
                    Reply(
                        question_id=question_id,
                        answer_id=answer_id,
                        author_id=self._author(row),
                        body=text[:3000],
                        body_html=render_post(text[:3000]).html,
                        created_at=created,
                        source_url=f"https://{self.site}/posts/comments/{source_id}",
                        source_author=self.names.get(row.get("UserId", "")) or row.get("UserDisplayName", ""),
                        source_author_url=user_url(self.site, row.get("UserId", "")),
                        source_licence=dump.licence(row, created),
                    ),
                )
            )
            if len(batch) >= BATCH:
                self._save_comments(batch)
        self._save_comments(batch)

    def _save_comments(self, batch: list) -> None:
        if not batch:
            return
        made = Reply.objects.bulk_create([reply for _, reply in batch])
        self._record("comment", [(s, r.pk) for (s, _), r in zip(batch, made, strict=True)])
        self.counts.comments += len(made)
        batch.clear()

    # Duplicates (PostLinks type 3): closed as a duplicate of the original, as on the site.

    def _duplicates(self, path: Path) -> None:
        for row in dump.rows(path):
            if row.get("LinkTypeId") != "3":
                continue
            question, original = (
                self.questions.get(row.get("PostId", "")),
                self.questions.get(row.get("RelatedPostId", "")),
            )
            if not question or not original or question == original:
                continue
            # An original that is itself a duplicate is followed to its own original: no chains.
            target = Question.objects.filter(pk=original).values_list("duplicate_of_id", flat=True).first() or original
            if target == question:
                continue
            updated = Question.objects.filter(pk=question, duplicate_of__isnull=True).update(
                duplicate_of=target,
                close_reason="duplicate",
                close_note="",
                closed_at=dump.when(row.get("CreationDate")) or timezone.now(),
            )
            Question.objects.filter(duplicate_of=question).update(duplicate_of=target)
            self.counts.duplicates += updated

    def _tag_names(self, path: Path) -> None:
        from taggit.models import Tag

        names = {n for row in dump.rows(path) for n in dump.tags(f"<{row.get('TagName', '')}>")}
        new = names - self.known_tags
        for name in sorted(new - existing_tags(new)):
            Tag.objects.create(name=name)
            self.counts.tags += 1
        self.known_tags |= names


def existing_tags(names: set[str]) -> set[str]:
    """Which of these (lower-case) tag names exist: tags match without regard to case (TAGGIT_CASE_INSENSITIVE)."""
    from django.db.models.functions import Lower
    from taggit.models import Tag

    if not names:
        return set()
    return set(Tag.objects.annotate(lower=Lower("name")).filter(lower__in=names).values_list("lower", flat=True))
