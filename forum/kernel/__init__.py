"""The post kernel: what every kind of post shares, in the forum and on the idea board (which imports it).

A fix made here is made for both:

- `writing`: the checks before a write (`require`, `check_can_write`, `require_text`, `hold_reason`);
- `models.Visibility` and `visibility`: whether the public sees a post (held, hidden, deleted);
- `text`: Markdown with @mentions (`render_with_mentions`, `already_mentioned`) and plain-text excerpts;
- `models.Remark` and `remarks`: the fields of a short remark under a post (a forum reply, a comment on an
  idea) and its steps (its text, the row lock, an edit, the soft delete);
- `permissions`: the author and edit-window predicates of both apps' rules;
- `forms`: the title, Markdown, tags and post-reference fields; `views.edit_page`: the edit page.

Their templates are under `templates/forum/kernel/`.
"""

from .text import already_mentioned, excerpt, render_with_mentions
from .writing import check_can_write, hold_reason, require, require_text

__all__ = [
    "already_mentioned",
    "check_can_write",
    "excerpt",
    "hold_reason",
    "render_with_mentions",
    "require",
    "require_text",
]
