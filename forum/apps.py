from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Questions and answers")

    def ready(self) -> None:
        from community import demo, staff
        from community import fragments as every_page

        from . import demo as forum_demo
        from . import (
            handlers,
            permissions,  # noqa: F401  (registers the rules)
            privacy,
            selectors,
            visibility_kinds,
        )

        demo.register(forum_demo.seed)
        every_page.read_on_every_page(lambda request: [selectors.ANNOUNCEMENT_KEY])
        handlers.connect()
        privacy.connect()
        visibility_kinds.connect()
        staff.register(
            staff.StaffPage(
                code="unanswered",
                label=_("Unanswered questions"),
                url_name="forum:home",
                query="sort=unanswered",
                permission="forum.view_unanswered_queue",
                waiting=selectors.unanswered_count,
                describe=lambda n: (
                    ngettext(
                        "%(count)d open question without an answer", "%(count)d open questions without an answer", n
                    )
                    % {"count": n}
                ),
                order=20,
            )
        )
