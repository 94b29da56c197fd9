"""The post kernel: what every kind of post shares, in the forum and on the idea board (which imports it).

A fix made here is made for both: the checks before a write (`require`, `check_can_write`,
`require_text`), Markdown with @mentions (`render_with_mentions`, `already_mentioned`), plain-text
excerpts, and short remarks under a post (a forum reply, a comment on an idea): their fields
(`forum.kernel.models.Remark`), their form fields (`forum.kernel.forms`) and their edit and delete
steps (`forum.kernel.remarks`). The templates that go with them are under `templates/forum/kernel/`.
"""

from .text import already_mentioned, excerpt, render_with_mentions
from .writing import check_can_write, require, require_text

__all__ = [
    "already_mentioned",
    "check_can_write",
    "excerpt",
    "render_with_mentions",
    "require",
    "require_text",
]
