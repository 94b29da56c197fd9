"""The authorization table's entries for the forum and the idea board (see authorization_table.py)."""

from .authorization_rules import ACTIVE, NOT_SUSPENDED, READS, Entry, Perm

BODY = "Restart the router, then hold the reset button for ten seconds and pair the device again."
TITLE = "Why does my thermostat lose its schedule every night?"
ANSWERS = Perm("forum.post_answer", "question")


def _ask(world, role: str) -> dict:
    return {"title": TITLE, "body": BODY, "category": world.category.pk, "tags": "thermostat", "language": "en"}


FORUM = {
    "forum:home": Entry(READS),
    "forum:category-detail": Entry(READS, args=lambda w: [w.category.slug]),
    "forum:tag-detail": Entry(READS, args=lambda w: ["router"]),
    "forum:knowledge-base": Entry(READS),
    # "Was this helpful?": members once each, signed-out readers once a day per device; suspended members not.
    "forum:article-feedback": Entry(NOT_SUSPENDED, args=("article",), data={"helpful": "yes"}),
    "forum:article-edit": Entry(Perm("forum.edit_article", "article"), args=("article",), data={"summary": BODY}),
    "forum:article-revisions": Entry(READS, args=("article",)),
    "forum:article-detail": Entry(READS, args=lambda w: [w.article.pk, "x"]),
    "forum:search": Entry(READS),
    "forum:search-suggest": Entry(READS),
    # The ask page's figures: what the similar questions under the title did for a signed-in asker's visit.
    "forum:ask-similar": Entry(
        ACTIVE,
        data={"title": "reset the thermostat factory settings", "ask_session": "5d8f3c1e-0000-4000-8000-000000000001"},
        refusal="quiet",
        why="a signed-out visitor's suggestions count for nothing",
    ),
    "forum:ask-similar-open": Entry(
        ACTIVE,
        args=lambda w: [w.solved_document],
        data={"ask_session": "5d8f3c1e-0000-4000-8000-000000000002"},
        refusal="quiet",
    ),
    "forum:ask": Entry(Perm("forum.ask_question") & Perm("forum.start_thread", "category"), data=_ask),
    "forum:preview": Entry(READS),
    "forum:tag-suggestions": Entry(READS),
    "forum:question-redirect": Entry(READS, args=("question",)),
    "forum:question-detail": Entry(READS, args=lambda w: [w.question.pk, "x"]),
    "forum:question-edit": Entry(
        Perm("forum.edit_post", "question"),
        args=("question",),
        data={"title": TITLE, "body": BODY, "tags": "router"},
    ),
    "forum:question-delete": Entry(Perm("forum.delete_post", "question"), args=("question",)),
    "forum:question-revisions": Entry(READS, args=("question",)),
    "forum:question-vote": Entry(Perm("forum.vote", "question"), args=("question",), data={"value": "1"}),
    "forum:answer-create": Entry(ANSWERS, args=("question",), data={"body": BODY}),
    "forum:reply-create": Entry(Perm("forum.post_reply", "question"), args=("question",), data={"body": BODY}),
    "forum:question-manage": Entry(READS, args=("question",)),
    "forum:question-close": Entry(
        Perm("forum.close_question", "question"), args=("question",), data={"reason": "off_topic"}
    ),
    "forum:question-reopen": Entry(Perm("forum.close_question", "closed"), args=("closed",)),
    "forum:question-duplicate": Entry(
        Perm("forum.mark_duplicate", "question"),
        args=("question",),
        data=lambda world, role: {"original": str(world.original.pk)},
    ),
    "forum:question-lock": Entry(Perm("forum.lock_question", "question"), args=("question",), data={"locked": "1"}),
    "forum:question-pin": Entry(Perm("forum.pin_question", "question"), args=("question",)),
    "forum:question-move": Entry(
        Perm("forum.move_question", "question") & Perm("forum.start_thread", "other_category"),
        args=("question",),
        data=lambda world, role: {"category": world.other_category.pk},
    ),
    "forum:question-retag": Entry(
        Perm("forum.retag_question", "question"), args=("question",), data={"tags": "router, wifi"}
    ),
    "forum:answer-edit": Entry(Perm("forum.edit_post", "answer"), args=("answer",), data={"body": BODY}),
    "forum:answer-delete": Entry(Perm("forum.delete_post", "answer"), args=("answer",)),
    "forum:answer-accept": Entry(Perm("forum.accept_answer", "question"), args=("answer",)),
    # Yes or No on the question's automatic reply: its asker, or the service team for them.
    "forum:instant-answer-yes": Entry(
        Perm("forum.judge_instant_answer", "question"), args=("question",), data={"link": "0"}
    ),
    "forum:instant-answer-no": Entry(Perm("forum.judge_instant_answer", "question"), args=("question",)),
    "forum:answer-unaccept": Entry(Perm("forum.accept_answer", "solved"), args=("accepted",)),
    "forum:answer-vote": Entry(Perm("forum.vote", "answer"), args=("answer",), data={"value": "1"}),
    "forum:answer-revisions": Entry(READS, args=("answer",)),
    "forum:reply-edit": Entry(Perm("forum.edit_post", "reply"), args=("reply",), data={"body": BODY}),
    "forum:reply-delete": Entry(Perm("forum.delete_post", "reply"), args=("reply",)),
    "forum:category-feed": Entry(READS, args=lambda w: [w.category.slug]),
    "forum:tag-feed": Entry(READS, args=lambda w: ["router"]),
    "forum:reply-form": Entry(READS, args=("reply",)),
    # Only a hidden post's author asks for a review of it: tried on the member's own hidden answer.
    "forum:ask-review": Entry(Perm("forum.ask_for_review", "hidden"), args=lambda w: ["answer", w.hidden.pk]),
    # The helpdesk's pages that post in the forum for a customer (here the world's author, by handle).
    "helpdesk:on-behalf-ask": Entry(
        Perm("helpdesk.post_on_behalf") & Perm("forum.ask_question") & Perm("forum.start_thread", "category"),
        data=lambda world, role: {**_ask(world, role), "customer": "@author"},
    ),
    "helpdesk:on-behalf-answer": Entry(
        Perm("helpdesk.post_on_behalf") & ANSWERS, args=("question",), data={"customer": "@author", "body": BODY}
    ),
}

IDEAS = {
    "ideas:idea-list": Entry(READS),
    "ideas:roadmap": Entry(READS),
    "ideas:similar": Entry(READS),
    "ideas:idea-new": Entry(Perm("ideas.post_idea"), data={"title": TITLE, "body": BODY, "tags": "export"}),
    "ideas:idea-from-thread": Entry(
        Perm("ideas.idea_from_thread", "question"),
        args=("question",),
        data={"title": TITLE, "body": BODY, "tags": "router"},
    ),
    "ideas:idea-redirect": Entry(READS, args=("idea",)),
    "ideas:idea-edit": Entry(
        Perm("ideas.edit_idea", "idea"), args=("idea",), data={"title": TITLE, "body": BODY, "tags": "export"}
    ),
    "ideas:idea-vote": Entry(Perm("ideas.vote", "idea"), args=("idea",), data={"value": "1"}),
    "ideas:comment-create": Entry(Perm("ideas.post_comment", "idea"), args=("idea",), data={"body": BODY}),
    "ideas:idea-status": Entry(
        Perm("ideas.change_status", "idea"), args=("idea",), data={"status": "planned", "response": BODY}
    ),
    "ideas:idea-merge": Entry(
        Perm("ideas.merge_ideas", "idea"), args=("idea",), data=lambda world, role: {"into": str(world.other_idea.pk)}
    ),
    "ideas:idea-voters": Entry(READS, args=("idea",)),
    "ideas:thread-link": Entry(
        Perm("ideas.link_thread", "idea"), args=("idea",), data=lambda world, role: {"thread": str(world.original.pk)}
    ),
    "ideas:thread-unlink": Entry(Perm("ideas.link_thread", "idea"), args=("idea", "linked")),
    "ideas:idea-detail": Entry(READS, args=lambda w: [w.idea.pk, w.idea.slug]),
    "ideas:comment-reply-form": Entry(READS, args=("comment",)),
    "ideas:comment-edit": Entry(Perm("ideas.edit_comment", "comment"), args=("comment",), data={"body": BODY}),
    "ideas:comment-delete": Entry(Perm("ideas.delete_comment", "comment"), args=("comment",)),
}
