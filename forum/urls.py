from django.urls import path

from .views import answers, feeds, lists, questions, replies, states, thread, votes

app_name = "forum"

urlpatterns = [
    path("", lists.home, name="home"),
    path("c/<slug:slug>/", lists.category_detail, name="category-detail"),
    path("tags/<str:slug>/", lists.tag_detail, name="tag-detail"),
    path("knowledge-base/", lists.knowledge_base, name="knowledge-base"),
    path("search/", lists.search, name="search"),
    path("ask/", questions.ask, name="ask"),
    path("preview/", questions.preview, name="preview"),
    path("tag-suggestions/", questions.tag_suggestions, name="tag-suggestions"),
    path("q/<int:pk>/", questions.question_redirect, name="question-redirect"),
    path("q/<int:pk>/<str:slug>/", thread.question_detail, name="question-detail"),
    path("questions/<int:pk>/edit/", questions.question_edit, name="question-edit"),
    path("questions/<int:pk>/delete/", questions.question_delete, name="question-delete"),
    path("questions/<int:pk>/revisions/", questions.question_revisions, name="question-revisions"),
    path("questions/<int:pk>/vote/", votes.question_vote, name="question-vote"),
    path("questions/<int:pk>/answer/", answers.answer_create, name="answer-create"),
    path("questions/<int:pk>/reply/", replies.reply_create, name="reply-create"),
    path("questions/<int:pk>/manage/", states.question_manage, name="question-manage"),
    path("questions/<int:pk>/close/", states.question_close, name="question-close"),
    path("questions/<int:pk>/reopen/", states.question_reopen, name="question-reopen"),
    path("questions/<int:pk>/duplicate/", states.question_duplicate, name="question-duplicate"),
    path("questions/<int:pk>/lock/", states.question_lock, name="question-lock"),
    path("questions/<int:pk>/pin/", states.question_pin, name="question-pin"),
    path("questions/<int:pk>/move/", states.question_move, name="question-move"),
    path("questions/<int:pk>/retag/", states.question_retag, name="question-retag"),
    path("answers/<int:pk>/edit/", answers.answer_edit, name="answer-edit"),
    path("answers/<int:pk>/delete/", answers.answer_delete, name="answer-delete"),
    path("answers/<int:pk>/accept/", answers.answer_accept, name="answer-accept"),
    path("answers/<int:pk>/unaccept/", answers.answer_unaccept, name="answer-unaccept"),
    path("answers/<int:pk>/vote/", votes.answer_vote, name="answer-vote"),
    path("answers/<int:pk>/revisions/", answers.answer_revisions, name="answer-revisions"),
    path("replies/<int:pk>/edit/", replies.reply_edit, name="reply-edit"),
    path("replies/<int:pk>/delete/", replies.reply_delete, name="reply-delete"),
    path("feeds/c/<slug:slug>/", feeds.CategoryFeed(), name="category-feed"),
    path("feeds/tags/<str:slug>/", feeds.TagFeed(), name="tag-feed"),
    path("replies/<int:pk>/form/", replies.reply_form, name="reply-form"),
]
