from django.urls import path

from .views import comments, ideas, lists, staff, votes

app_name = "ideas"

urlpatterns = [
    path("", lists.idea_list, name="idea-list"),
    path("roadmap/", lists.roadmap, name="roadmap"),
    path("similar/", lists.similar, name="similar"),
    path("new/", ideas.idea_new, name="idea-new"),
    path("from-thread/<int:question_pk>/", ideas.idea_from_thread, name="idea-from-thread"),
    path("<int:pk>/", ideas.idea_redirect, name="idea-redirect"),
    path("<int:pk>/edit/", ideas.idea_edit, name="idea-edit"),
    path("<int:pk>/vote/", votes.idea_vote, name="idea-vote"),
    path("<int:pk>/comment/", comments.comment_create, name="comment-create"),
    path("<int:pk>/status/", staff.idea_status, name="idea-status"),
    path("<int:pk>/merge/", staff.idea_merge, name="idea-merge"),
    path("<int:pk>/voters/", staff.idea_voters, name="idea-voters"),
    path("<int:pk>/threads/", staff.thread_link, name="thread-link"),
    path("<int:pk>/threads/<int:question_pk>/unlink/", staff.thread_unlink, name="thread-unlink"),
    # Last: a slug never shadows the actions above (Idea.slug avoids their names).
    path("<int:pk>/<str:slug>/", ideas.idea_detail, name="idea-detail"),
    path("comments/<int:pk>/reply/", comments.comment_reply_form, name="comment-reply-form"),
    path("comments/<int:pk>/edit/", comments.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/delete/", comments.comment_delete, name="comment-delete"),
]
