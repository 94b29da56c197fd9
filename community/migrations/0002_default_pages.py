from django.db import migrations

PRIVACY_EN = """Peerdesk is run by the company named in the imprint. This page says what we keep about you and why.

**What we keep.** Your email address (to sign you in and to tell you about answers), your display name,
handle, picture and short bio (shown next to what you write), your language and time zone, and what you
post, vote and follow.

**Cookies.** Only what is strictly necessary: a session cookie after you sign in, a security (CSRF) cookie
where a form needs it, and the language you pick in the language switch. No tracking, no advertising.

**Your rights.** You can see and change your data in your settings, ask for a copy, and ask us to erase
your account; your posts then stay, shown as written by a deleted user.

*The operator of this community should replace this text with their own privacy notice.*"""

PRIVACY_DE = """Peerdesk wird von dem im Impressum genannten Unternehmen betrieben. Diese Seite erklärt, was wir über Sie
speichern und warum.

**Was wir speichern.** Ihre E-Mail-Adresse (zur Anmeldung und um Sie über Antworten zu informieren), Ihren
Anzeigenamen, Ihr Handle, Ihr Bild und Ihre Kurzbeschreibung (neben Ihren Beiträgen sichtbar), Ihre Sprache
und Zeitzone sowie Ihre Beiträge, Stimmen und Abonnements.

**Cookies.** Nur was unbedingt nötig ist: ein Sitzungs-Cookie nach der Anmeldung, ein Sicherheits-Cookie
(CSRF), wo ein Formular ihn braucht, und die Sprache, die Sie im Sprachumschalter wählen. Kein Tracking,
keine Werbung.

**Ihre Rechte.** Sie können Ihre Daten in den Einstellungen einsehen und ändern, eine Kopie anfordern und
die Löschung Ihres Kontos verlangen; Ihre Beiträge bleiben dann erhalten und werden als Beiträge einer
gelöschten Person angezeigt.

*Die Betreiberin dieser Community sollte diesen Text durch ihre eigene Datenschutzerklärung ersetzen.*"""

IMPRINT_EN = """**Operator of this community**

Example Company GmbH
Musterstraße 1
10115 Berlin, Germany

Email: community@example.com

*The operator of this community should replace this text with their own imprint.*"""

IMPRINT_DE = """**Betreiberin dieser Community**

Example Company GmbH
Musterstraße 1
10115 Berlin

E-Mail: community@example.com

*Die Betreiberin dieser Community sollte diesen Text durch ihr eigenes Impressum ersetzen.*"""

PAGES = [
    ("privacy", 1, "Privacy", "Datenschutz", PRIVACY_EN, PRIVACY_DE),
    ("imprint", 2, "Imprint", "Impressum", IMPRINT_EN, IMPRINT_DE),
]


def create_pages(apps, schema_editor):
    Page = apps.get_model("community", "Page")
    for slug, order, title_en, title_de, body_en, body_de in PAGES:
        Page.objects.get_or_create(
            slug=slug,
            defaults={
                "order": order,
                "title": title_en,
                "title_en": title_en,
                "title_de": title_de,
                "body": body_en,
                "body_en": body_en,
                "body_de": body_de,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
