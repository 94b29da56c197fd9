"""Revisions of questions, answers and articles, with what each one changed."""

import difflib

from ..models import Answer, Question, Revision


def revisions(*, question: Question | None = None, answer: Answer | None = None) -> list[Revision]:
    post = {"question": question} if question is not None else {"answer": answer}
    return list(Revision.objects.filter(**post).select_related("author").order_by("number"))


def revision_history(*, question: Question | None = None, answer: Answer | None = None) -> list[dict]:
    """A question's or an answer's revisions, newest first, each with the lines it added and removed (one query)."""
    return diffs(revisions(question=question, answer=answer))


def article_revision_history(article) -> list[dict]:
    """An article's revisions of its summary, newest first, with what each changed (one query)."""
    found = article.revisions.select_related("author").order_by("number")
    return diffs(found, text_of=lambda revision: revision.summary)


def diffs(revisions, text_of=None) -> list[dict]:
    """Each revision with what changed from the one before, as lines added and removed; newest first."""
    result, previous = [], None
    for revision in revisions:
        if text_of is not None:
            text = text_of(revision)
        elif revision.title:
            text = f"{revision.title}\n\n{revision.body}\n\n{_tag_line(revision.tags)}".strip()
        else:
            text = revision.body
        old = previous or ""
        lines = list(difflib.ndiff(old.splitlines(), text.splitlines())) if previous is not None else []
        changes = [
            {"kind": {"+": "added", "-": "removed"}.get(line[0], "same"), "text": line[2:]}
            for line in lines
            if line[:1] in {"+", "-", " "}
        ]
        result.append({"revision": revision, "changes": changes, "text": text})
        previous = text
    return list(reversed(result))


def _tag_line(tags: str) -> str:
    """Tags in one order, whatever order they were typed in: a new order alone is no change."""
    return ", ".join(sorted({tag.strip() for tag in tags.split(",") if tag.strip()}))
