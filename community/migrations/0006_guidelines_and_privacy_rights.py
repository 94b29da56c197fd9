"""The community guidelines page, and a privacy page that says what a copy of one's data and deleting one's
account do (both in English and German, "du").

Only a privacy page that still has the default text changes: an operator's own notice stays as written.
"""

from importlib import import_module

from django.db import migrations

PRIVACY_EN_BEFORE = import_module("community.migrations.0002_default_pages").PRIVACY_EN
PRIVACY_DE_BEFORE = import_module("community.migrations.0003_privacy_page_in_du_form").PRIVACY_DE

RIGHTS_EN_BEFORE = """**Your rights.** You can see and change your data in your settings, ask for a copy, and ask us to erase
your account; your posts then stay, shown as written by a deleted user."""

RIGHTS_EN = """**Your rights.** You can see and change your data in your settings, get a copy of it, and delete your
account, all under *Settings → Privacy*.

**A copy of your data.** Ask for it in your privacy settings. We put everything you gave us and did here
into one zip file: your profile, questions, answers, replies, ideas and comments, votes, what you follow,
your notifications, your reputation and the flags you raised, as JSON files anyone can read. We email you
a link when the file is ready. The link works once, for 48 hours, and only while you are signed in; after
the download, or when the link expires, the file is deleted.

**Deleting your account.** In your privacy settings, with your password. We erase at once your email
address, name, handle, picture and bio, your sign-ins and company logins, what you follow, your
notification settings and your notifications. You choose what happens to your posts: they stay, shown as
written by "Deleted member", or your questions, answers, replies and comments on ideas are removed. Ideas
stay on the idea board as ideas of "Deleted member", because others voted on them. Your votes and
reputation stay in the totals without your name, and the moderators' audit log knows you only by a
pseudonym. The last admin of the community cannot delete their account until there is another admin."""

RIGHTS_DE_BEFORE = """**Deine Rechte.** Du kannst deine Daten in den Einstellungen einsehen und ändern, eine Kopie anfordern und
die Löschung deines Kontos verlangen; deine Beiträge bleiben dann erhalten und werden als Beiträge einer
gelöschten Person angezeigt."""

RIGHTS_DE = """**Deine Rechte.** Du kannst deine Daten in den Einstellungen einsehen und ändern, eine Kopie davon
bekommen und dein Konto löschen, alles unter *Einstellungen → Datenschutz*.

**Eine Kopie deiner Daten.** Fordere sie in deinen Datenschutz-Einstellungen an. Wir packen alles, was du
uns gegeben und hier getan hast, in eine ZIP-Datei: dein Profil, deine Fragen, Antworten, Kommentare, Ideen
und Kommentare zu Ideen, deine Stimmen, was du verfolgst, deine Benachrichtigungen, deine Reputation und
deine Meldungen, als JSON-Dateien, die jeder lesen kann. Sobald die Datei fertig ist, schicken wir dir einen
Link per E-Mail. Der Link funktioniert einmal, 48 Stunden lang und nur, solange du angemeldet bist; nach dem
Herunterladen oder wenn der Link abläuft, wird die Datei gelöscht.

**Dein Konto löschen.** In deinen Datenschutz-Einstellungen, mit deinem Passwort. Wir löschen sofort deine
E-Mail-Adresse, deinen Namen, dein Handle, dein Bild und deine Kurzbeschreibung, deine Anmeldungen und
Firmen-Logins, was du verfolgst, deine Benachrichtigungseinstellungen und deine Benachrichtigungen. Du
entscheidest, was mit deinen Beiträgen geschieht: Entweder bleiben deine Beiträge und werden als Beiträge von
„Gelöschtes Mitglied“ angezeigt, oder deine Fragen, Antworten, Kommentare und Kommentare zu Ideen werden
entfernt. Ideen
bleiben auf der Ideenseite als Ideen von „Gelöschtes Mitglied“, weil andere für sie gestimmt haben. Deine
Stimmen und deine Reputation bleiben ohne deinen Namen in den Summen, und das Protokoll der Moderation
kennt dich nur noch unter einem Pseudonym. Die letzte Admin-Person der Community kann ihr Konto erst
löschen, wenn es eine weitere gibt."""

GUIDELINES_EN = """This is a place where customers help each other. These few rules keep it useful and friendly.

**Be kind.** Assume good intent, thank people who help, and criticise ideas, never people. No insults,
harassment or discrimination.

**Search first.** Your question may be answered already: the ask page shows similar solved questions.
One question per thread, with a clear title and what you tried.

**Stay on topic.** Questions, answers and ideas about our products and how to use them. Advertising,
spam and links that only promote something are removed.

**Keep private things private.** Do not post passwords, customer numbers, addresses or other personal
data, yours or anyone else's. For your account or contract, contact our service team.

**Flag what is wrong.** Use "Flag" under a post that breaks these rules; moderators look at every flag.
Moderators may edit, hide or remove posts and suspend accounts that break the rules, and they write down
why in the audit log.

*The operator of this community should adapt these guidelines to their own.*"""

GUIDELINES_DE = """Hier helfen sich Kundinnen und Kunden gegenseitig. Diese wenigen Regeln halten den Ort nützlich und freundlich.

**Sei freundlich.** Geh von guter Absicht aus, bedanke dich bei denen, die helfen, und kritisiere Ideen,
nie Menschen. Keine Beleidigungen, Belästigung oder Diskriminierung.

**Such zuerst.** Deine Frage ist vielleicht schon beantwortet: Beim Fragen zeigen wir dir ähnliche gelöste
Fragen. Eine Frage pro Thema, mit einem klaren Titel und dem, was du schon versucht hast.

**Bleib beim Thema.** Fragen, Antworten und Ideen zu unseren Produkten und ihrer Nutzung. Werbung, Spam
und Links, die nur etwas anpreisen, werden entfernt.

**Privates bleibt privat.** Poste keine Passwörter, Kundennummern, Adressen oder andere persönliche Daten,
weder deine noch die von anderen. Für dein Konto oder deinen Vertrag wende dich an unser Service-Team.

**Melde, was nicht stimmt.** Nutze „Melden“ unter einem Beitrag, der gegen diese Regeln verstößt; die
Moderation sieht sich jede Meldung an. Moderatorinnen und Moderatoren können Beiträge bearbeiten,
ausblenden oder entfernen und Konten sperren, die gegen die Regeln verstoßen, und halten im Protokoll fest,
warum.

*Die Betreiberin dieser Community sollte diese Regeln an ihre eigenen anpassen.*"""

PRIVACY_EN = PRIVACY_EN_BEFORE.replace(RIGHTS_EN_BEFORE, RIGHTS_EN)
PRIVACY_DE = PRIVACY_DE_BEFORE.replace(RIGHTS_DE_BEFORE, RIGHTS_DE)
assert PRIVACY_EN != PRIVACY_EN_BEFORE and PRIVACY_DE != PRIVACY_DE_BEFORE  # noqa: S101  (the texts still fit)


def _privacy(old_en: str, new_en: str, old_de: str, new_de: str):
    def run(apps, schema_editor):
        Page = apps.get_model("community", "Page")
        Page.objects.filter(slug="privacy", body_en=old_en).update(body_en=new_en, body=new_en)
        Page.objects.filter(slug="privacy", body_de=old_de).update(body_de=new_de)

    return run


def add_guidelines(apps, schema_editor):
    Page = apps.get_model("community", "Page")
    Page.objects.get_or_create(
        slug="guidelines",
        defaults={
            "order": 3,
            "title": "Community guidelines",
            "title_en": "Community guidelines",
            "title_de": "Regeln der Community",
            "body": GUIDELINES_EN,
            "body_en": GUIDELINES_EN,
            "body_de": GUIDELINES_DE,
        },
    )


def remove_guidelines(apps, schema_editor):
    apps.get_model("community", "Page").objects.filter(slug="guidelines", body_en=GUIDELINES_EN).delete()


class Migration(migrations.Migration):
    dependencies = [("community", "0005_audit_log")]

    operations = [
        migrations.RunPython(
            _privacy(PRIVACY_EN_BEFORE, PRIVACY_EN, PRIVACY_DE_BEFORE, PRIVACY_DE),
            _privacy(PRIVACY_EN, PRIVACY_EN_BEFORE, PRIVACY_DE, PRIVACY_DE_BEFORE),
        ),
        migrations.RunPython(add_guidelines, remove_guidelines),
    ]
