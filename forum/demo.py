"""Demo threads for `manage.py seed_demo`: a small German and English support community.

Written for the demo of a fictional smart-home product ("HeizBox", a heating controller with an app),
so that a person trying Peerdesk sees what a customer community looks like. Threads are created
through the services (counters, revisions and events stay consistent), then dated into the past.
"""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from community.accounts.models import User
from community.demo import in_both_languages

from . import services
from .models import Answer, Category, Question, Reply

CATEGORIES = [
    # slug, colour, order, name_en, name_de, description_en, description_de[, who may start threads]
    (
        "account",
        "blue",
        1,
        "Account and login",
        "Konto und Anmeldung",
        "Signing in, passwords, two-factor login, your data.",
        "Anmelden, Passwörter, Zwei-Faktor-Anmeldung, deine Daten.",
    ),
    (
        "billing",
        "green",
        2,
        "Billing and contracts",
        "Rechnungen und Verträge",
        "Invoices, payment methods, cancelling and changing plans.",
        "Rechnungen, Zahlungsarten, Kündigung und Tarifwechsel.",
    ),
    (
        "app",
        "purple",
        3,
        "App and devices",
        "App und Geräte",
        "Installing the HeizBox, the app on iOS and Android, Wi-Fi and updates.",
        "HeizBox einrichten, die App auf iOS und Android, WLAN und Updates.",
    ),
    (
        "announcements",
        "orange",
        0,
        "Announcements",
        "Ankündigungen",
        "News from the HeizBox team: releases, maintenance, outages.",
        "Neuigkeiten vom HeizBox-Team: Versionen, Wartung, Störungen.",
        Category.ThreadStarters.STAFF,
    ),
]

# Each thread: category, asker handle, language, title, body, tags, days ago,
# answers: [(handle, body, votes from handles, replies: [(handle, body, in_reply_to index or None)])],
# accepted: index of the accepted answer or None, question votes from handles.
THREADS = [
    {
        "category": "account",
        "asker": "mia",
        "language": "de",
        "days": 12,
        "title": "Passwort zurücksetzen: Die E-Mail kommt nicht an",
        "body": "Ich habe dreimal auf „Passwort vergessen“ geklickt, aber es kommt keine E-Mail an. "
        "Im Spam-Ordner ist auch nichts. Ich nutze eine Adresse bei **web.de**.\n\n"
        "Was kann ich noch tun?",
        "tags": ["passwort", "e-mail", "anmeldung"],
        "votes": ["ben", "sophie"],
        "answers": [
            (
                "sophie",
                "Bei web.de landen solche Mails oft im Ordner **Unbekannt**, nicht im Spam. "
                "Schau bitte dort nach und füge `noreply@heizbox.example` zu deinen Kontakten hinzu. "
                "Danach den Link noch einmal anfordern – er ist 24 Stunden gültig.",
                ["mia", "ben", "mona"],
                [
                    ("mia", "Tatsächlich, da lagen alle drei! Danke dir.", None),
                    ("sophie", "Gern! Nimm am besten den neuesten Link, die älteren sind dann ungültig.", 0),
                ],
            ),
            (
                "alex",
                "Falls es trotzdem nicht klappt: Schreib uns über das Kontaktformular, "
                "wir setzen das Passwort dann manuell zurück.",
                ["mia"],
                [],
            ),
        ],
        "accepted": 0,
    },
    {
        "category": "app",
        "asker": "ben",
        "language": "en",
        "days": 9,
        "title": "HeizBox keeps dropping off my Wi-Fi every night",
        "body": "Since the last update (3.4.1) my HeizBox disconnects from Wi-Fi around 2 am and only comes back "
        "when I unplug it. Router is a FritzBox 7590, 2.4 GHz and 5 GHz on the same SSID.\n\n"
        "Has anyone seen this?",
        "tags": ["wifi", "update", "fritzbox"],
        "votes": ["mia", "sophie", "alex"],
        "answers": [
            (
                "sophie",
                "The FritzBox does a nightly channel optimisation at 2 am by default. The HeizBox "
                "only speaks 2.4 GHz and sometimes does not follow the channel change.\n\n"
                "Fix: in the FritzBox go to *WLAN → Funkkanal* and set a **fixed channel** for 2.4 GHz "
                "(1, 6 or 11). Mine has been stable for months since.",
                ["ben", "mia", "alex", "mona"],
                [
                    ("ben", "Set it to channel 6 yesterday – no drop tonight. Will report back after a week.", None),
                    ("mia", "Same problem here, same fix worked. Thanks @sophie!", None),
                    (
                        "alex",
                        "We are also working on a firmware fix so the box reconnects by itself. It is planned for 3.5.",
                        None,
                    ),
                ],
            ),
            ("mona", "As a workaround you can also give the HeizBox its own 2.4 GHz guest network.", ["ben"], []),
        ],
        "accepted": 0,
    },
    {
        "category": "billing",
        "asker": "mia",
        "language": "de",
        "days": 6,
        "title": "Wo finde ich meine Rechnungen als PDF?",
        "body": "Für die Steuer brauche ich die Rechnungen des letzten Jahres. In der App finde ich nur "
        "die Beträge, aber kein PDF. Gibt es das irgendwo?",
        "tags": ["rechnung", "pdf"],
        "votes": ["sophie"],
        "answers": [
            (
                "alex",
                "Die PDFs gibt es im Kundenportal unter **Konto → Rechnungen**. Dort kannst du jede "
                "Rechnung einzeln herunterladen oder mit „Alle herunterladen“ ein ZIP des ganzen Jahres "
                "erzeugen.",
                ["mia", "sophie"],
                [("mia", "Gefunden, danke! In der App wäre das auch praktisch.", None)],
            ),
        ],
        "accepted": 0,
    },
    {
        "category": "app",
        "asker": "sophie",
        "language": "en",
        "days": 4,
        "title": "How do I set a different schedule for weekends?",
        "body": "I would like the heating to start at 6:00 on weekdays but at 8:30 on Saturday and Sunday. "
        "The app only seems to have one schedule. Am I missing something?",
        "tags": ["schedule", "app"],
        "votes": ["ben"],
        "answers": [
            (
                "ben",
                "Tap the schedule, then the **⋯** menu in the top right and choose *Split by day*. "
                "You can then copy Monday to the other weekdays and edit the weekend separately.",
                ["sophie", "mia"],
                [("sophie", "That menu is well hidden – found it, thanks!", None)],
            ),
        ],
        "accepted": 0,
    },
    {
        "category": "account",
        "asker": "ben",
        "language": "en",
        "days": 2,
        "title": "Can I share my HeizBox with my partner without sharing my password?",
        "body": "My partner wants to control the heating too. We don't want to share one login. "
        "Is there a way to invite a second person?",
        "tags": ["sharing", "account"],
        "votes": [],
        "answers": [
            (
                "mona",
                "Yes: in the app open *Home → Members → Invite*. Your partner gets an email and signs in "
                "with their own account. You can remove them again at any time.",
                ["ben"],
                [],
            ),
        ],
        "accepted": None,
    },
    {
        "category": "billing",
        "asker": "sophie",
        "language": "de",
        "days": 1,
        "title": "Tarifwechsel von Basis auf Plus mitten im Monat – wie wird abgerechnet?",
        "body": "Wenn ich am 15. von Basis auf Plus wechsle, zahle ich dann den ganzen Monat Plus "
        "oder wird tagesgenau abgerechnet?",
        "tags": ["tarif", "abrechnung"],
        "votes": ["mia"],
        "answers": [],
        "accepted": None,
    },
    {
        "category": "app",
        "asker": "mia",
        "language": "de",
        "days": 0,
        "title": "App zeigt „Gerät offline“, obwohl die HeizBox grün leuchtet",
        "body": "Seit heute Morgen zeigt die App bei mir „Gerät offline“. Die LED an der HeizBox leuchtet aber "
        "durchgehend grün und die Heizung läuft nach Plan. Neustart der App hat nichts gebracht.",
        "tags": ["app", "offline"],
        "votes": [],
        "answers": [],
        "accepted": None,
    },
]

ANNOUNCEMENT = {
    "title": "Scheduled maintenance of the HeizBox cloud on Sunday night",
    "body": "On Sunday between 02:00 and 04:00 (CET) the HeizBox cloud is being updated. Your heating keeps "
    "running on its schedule; only the app cannot change settings during that time.\n\n"
    "Am Sonntag zwischen 02:00 und 04:00 Uhr wird die HeizBox-Cloud aktualisiert. Deine Heizung läuft "
    "weiter nach Plan; nur Änderungen in der App sind in dieser Zeit nicht möglich.",
    "tags": ["maintenance"],
}


def seed(people: dict[str, User]) -> None:
    """Categories and threads, once: a database that already has questions is left as it is."""
    categories = {}
    for slug, colour, order, name_en, name_de, text_en, text_de, *starters in CATEGORIES:
        category, _ = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "thread_starters": starters[0] if starters else Category.ThreadStarters.EVERYONE,
                "colour": colour,
                "order": order,
                **in_both_languages(name=(name_en, name_de), description=(text_en, text_de)),
            },
        )
        categories[slug] = category
    if Question.objects.exists():
        return
    # Demo people have been members for a while (new members may post only a few times an hour).
    User.objects.filter(pk__in=[p.pk for p in people.values()]).update(date_joined=timezone.now() - timedelta(days=120))
    for person in people.values():
        person.refresh_from_db(fields=["date_joined"])
    for thread in THREADS:
        _seed_thread(thread, people, categories)
    moderator = people["mona"]
    notice = services.ask_question(
        by=moderator,
        title=ANNOUNCEMENT["title"],
        body=ANNOUNCEMENT["body"],
        category=categories["announcements"],
        tags=ANNOUNCEMENT["tags"],
        language="en",
    )
    services.pin_question(question=notice, by=moderator)
    for category in categories.values():
        latest = category.questions.order_by("-last_activity_at").first()
        if latest is not None:
            Category.objects.filter(pk=category.pk).update(
                last_activity_at=latest.last_activity_at, last_question=latest
            )


def _seed_thread(thread: dict, people: dict[str, User], categories: dict[str, Category]) -> None:
    when = timezone.now() - timedelta(days=thread["days"], hours=3)
    question = services.ask_question(
        by=people[thread["asker"]],
        title=thread["title"],
        body=thread["body"],
        category=categories[thread["category"]],
        tags=thread["tags"],
        language=thread["language"],
    )
    for voter in thread["votes"]:
        services.vote(post=question, by=people[voter], value=1)
    answers = []
    for minutes, (author, body, voters, replies) in enumerate(thread["answers"], start=1):
        answer = services.post_answer(question=question, by=people[author], body=body)
        answers.append(answer)
        for voter in voters:
            if voter != author:
                services.vote(post=answer, by=people[voter], value=1)
        posted = []
        for reply_author, reply_body, parent_index in replies:
            parent = posted[parent_index] if parent_index is not None else None
            posted.append(
                services.post_reply(
                    question=question, answer=answer, parent=parent, by=people[reply_author], body=reply_body
                )
            )
        Answer.objects.filter(pk=answer.pk).update(created_at=when + timedelta(minutes=25 * minutes))
        Reply.objects.filter(answer=answer).update(created_at=F("created_at") - (timezone.now() - when))
    if thread["accepted"] is not None:
        services.accept_answer(answer=answers[thread["accepted"]], by=people[thread["asker"]])
    last = when + timedelta(minutes=25 * len(answers) + 30) if answers else when
    Question.objects.filter(pk=question.pk).update(
        created_at=when, last_activity_at=last, view_count=7 + 13 * len(answers) + 5 * len(thread["votes"])
    )
    question.revisions.update(created_at=when)
