"""Demo ideas for `manage.py seed_demo`: what HeizBox customers wish for, and how the team answered.

Made through the services (counts, history and events stay consistent), then dated into the past.
Idempotent: areas are looked up before they are made, and a board that has ideas is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from community.accounts.models import User
from community.demo import in_both_languages

from . import services
from .models import Idea, IdeaComment, IdeaVote, ProductArea, StatusChange

AREAS = [
    # slug, order, name_en, name_de, description_en, description_de
    ("app", 1, "App", "App", "The HeizBox app on iOS and Android.", "Die HeizBox-App für iOS und Android."),
    (
        "heating",
        2,
        "Heating schedules",
        "Heizpläne",
        "Schedules, holidays, rooms and temperatures.",
        "Zeitpläne, Urlaub, Räume und Temperaturen.",
    ),
    (
        "account",
        3,
        "Account and billing",
        "Konto und Rechnungen",
        "Your account, invoices and contracts.",
        "Dein Konto, Rechnungen und Verträge.",
    ),
]

# author, area, days ago, title, body, tags, voters, [(status, response)], comments [(author, body, reply to index)]
IDEAS = [
    {
        "key": "csv",
        "author": "ben",
        "area": "app",
        "days": 40,
        "title": "Export the heating history as a CSV file",
        "body": "I would like to compare this winter with the last one in a spreadsheet. "
        "The app shows nice charts, but I cannot get the numbers out.\n\n"
        "A **CSV export** per room and day (temperature, target, heating on/off) would be perfect.",
        "tags": ["export", "statistics"],
        "voters": ["mia", "sophie", "alex", "mona"],
        "changes": [
            ("under_review", ""),
            (
                "planned",
                "Thank you for your idea — we have understood! The CSV export of the last 24 months, per room "
                "and day, is planned for app version 3.6 in spring.",
            ),
        ],
        "comments": [
            ("sophie", "Yes please! Ideally with the outdoor temperature as a column, too.", None),
            ("ben", "Good point, that would make the comparison much fairer.", 0),
        ],
    },
    {
        "key": "holiday",
        "author": "mia",
        "area": "heating",
        "days": 30,
        "title": "Urlaubsmodus mit Start- und Enddatum",
        "body": "Wenn wir verreisen, stelle ich jedes Mal alle Räume von Hand auf 16 °C und vergesse dann, "
        "es vor der Rückkehr wieder zu ändern.\n\nSchön wäre ein **Urlaubsmodus**: Abreise und Rückkehr "
        "eintragen, und am Rückreisetag ist es wieder warm.",
        "tags": ["urlaub", "zeitplan"],
        "voters": ["ben", "sophie", "alex"],
        "changes": [
            (
                "in_progress",
                "Danke für die Idee – wir haben verstanden! Der Urlaubsmodus ist in Arbeit; die Beta startet "
                "im nächsten Monat für alle, die in der App „Neue Funktionen testen“ eingeschaltet haben.",
            ),
        ],
        "comments": [("sophie", "Bitte mit Frostschutz-Minimum, dann wäre es perfekt.", None)],
    },
    {
        "key": "dark",
        "author": "sophie",
        "area": "app",
        "days": 60,
        "title": "Dark mode for the app",
        "body": "The app is very bright when I check the heating at night. A dark mode that follows the "
        "phone's setting would be great.",
        "tags": ["design"],
        "voters": ["mia", "ben"],
        "changes": [
            ("planned", ""),
            ("done", "Dark mode shipped with version 3.5. It follows your phone's setting. Enjoy!"),
        ],
        "comments": [],
    },
    {
        "key": "pdf",
        "author": "ben",
        "area": "account",
        "days": 12,
        "title": "Rechnungen automatisch als PDF per E-Mail",
        "body": "Ich muss die Rechnung jeden Monat im Kundenkonto herunterladen. Könnte sie nicht einfach als "
        "PDF an meine E-Mail-Adresse kommen?",
        "tags": ["rechnung"],
        "voters": ["mia"],
        "changes": [
            (
                "under_review",
                "Wir prüfen das gerade mit der Buchhaltung. Wir melden uns hier, sobald wir mehr wissen.",
            )
        ],
        "comments": [],
    },
    {
        "key": "household",
        "author": "mia",
        "area": "app",
        "days": 5,
        "title": "Let everyone in the household control the same HeizBox",
        "body": "My partner wants to use the app too, but we share one login. Separate accounts for one "
        "HeizBox, each with their own phone, would help.",
        "tags": ["account", "sharing"],
        "voters": ["ben", "sophie"],
        "changes": [],
        "comments": [("ben", "Same here. Ideally with an owner who can remove others again.", None)],
    },
    {
        "key": "watch",
        "author": "sophie",
        "area": "app",
        "days": 90,
        "title": "Eine App für die Apple Watch",
        "body": "Die Temperatur direkt am Handgelenk ändern, ohne das Handy zu suchen.",
        "tags": ["watch"],
        "voters": [],
        "changes": [
            (
                "declined",
                "Danke für den Vorschlag! Wir konzentrieren uns auf die Handy-App und die Sprachassistenten; "
                "eine Watch-App ist derzeit nicht geplant.",
            )
        ],
        "comments": [],
    },
    {
        "key": "spreadsheet",
        "author": "alex",
        "area": "app",
        "days": 20,
        "title": "Download my heating data as a spreadsheet",
        "body": "Customers keep asking on the phone how they can get their heating data into Excel.",
        "tags": ["export"],
        "voters": ["mia", "ben"],
        "changes": [],
        "comments": [("mia", "I would use this every month.", None)],
        "merge_into": "csv",
    },
]


def seed(people: dict[str, User]) -> None:
    """Product areas, and ideas with votes, answers and one merge, once."""
    areas = {}
    for slug, order, name_en, name_de, text_en, text_de in AREAS:
        areas[slug], _ = ProductArea.objects.get_or_create(
            slug=slug,
            defaults={
                "order": order,
                **in_both_languages(name=(name_en, name_de), description=(text_en, text_de)),
            },
        )
    if Idea.objects.exists():
        return
    moderator = people["mona"]
    made = {}
    for spec in IDEAS:
        made[spec["key"]] = _seed_idea(spec, people, areas, moderator)
    for spec in IDEAS:
        if spec.get("merge_into"):
            services.merge_ideas(idea=made[spec["key"]], into=made[spec["merge_into"]], by=moderator)


def _seed_idea(spec: dict, people: dict[str, User], areas: dict, moderator: User) -> Idea:
    when = timezone.now() - timedelta(days=spec["days"], hours=2)
    idea = services.post_idea(
        by=people[spec["author"]], title=spec["title"], body=spec["body"], area=areas[spec["area"]], tags=spec["tags"]
    )
    for voter in spec["voters"]:
        services.vote(idea=idea, by=people[voter])
    posted = []
    for author, body, reply_to in spec["comments"]:
        parent = posted[reply_to] if reply_to is not None else None
        posted.append(services.post_comment(idea=idea, by=people[author], body=body, parent=parent))
    for step, (status, response) in enumerate(spec["changes"], start=1):
        services.change_status(idea=idea, by=moderator, status=status, response=response)
        StatusChange.objects.filter(idea=idea, new_status=status).update(created_at=when + timedelta(days=3 * step))
    Idea.objects.filter(pk=idea.pk).update(created_at=when)
    if spec["changes"]:
        Idea.objects.filter(pk=idea.pk).update(status_changed_at=when + timedelta(days=3 * len(spec["changes"])))
    # Votes trickled in over the time the idea was open; the newest fall into "trending".
    for number, vote in enumerate(IdeaVote.objects.filter(idea=idea).order_by("pk")):
        IdeaVote.objects.filter(pk=vote.pk).update(created_at=when + timedelta(days=spec["days"] * number / 5))
    IdeaComment.objects.filter(idea=idea).update(created_at=when + timedelta(hours=5))
    return idea
