"""The default German privacy page addresses the reader with "du", like every other German text here.

Only a page that still has the old default text changes: an operator's own privacy notice stays as written.
"""

from importlib import import_module

from django.db import migrations

PRIVACY_DE_FORMAL = import_module("community.migrations.0002_default_pages").PRIVACY_DE

PRIVACY_DE = """Peerdesk wird von dem im Impressum genannten Unternehmen betrieben. Diese Seite erklärt, was wir über dich
speichern und warum.

**Was wir speichern.** Deine E-Mail-Adresse (zur Anmeldung und um dich über Antworten zu informieren), deinen
Anzeigenamen, dein Handle, dein Bild und deine Kurzbeschreibung (neben deinen Beiträgen sichtbar), deine Sprache
und Zeitzone sowie deine Beiträge, Stimmen und Abonnements.

**Cookies.** Nur was unbedingt nötig ist: ein Sitzungs-Cookie nach der Anmeldung, ein Sicherheits-Cookie
(CSRF), wo ein Formular ihn braucht, und die Sprache, die du im Sprachumschalter wählst. Kein Tracking,
keine Werbung.

**Deine Rechte.** Du kannst deine Daten in den Einstellungen einsehen und ändern, eine Kopie anfordern und
die Löschung deines Kontos verlangen; deine Beiträge bleiben dann erhalten und werden als Beiträge einer
gelöschten Person angezeigt.

*Die Betreiberin dieser Community sollte diesen Text durch ihre eigene Datenschutzerklärung ersetzen.*"""


def _replace(old: str, new: str):
    def run(apps, schema_editor):
        Page = apps.get_model("community", "Page")
        Page.objects.filter(slug="privacy", body_de=old).update(body_de=new)

    return run


class Migration(migrations.Migration):
    dependencies = [("community", "0002_default_pages")]

    operations = [
        migrations.RunPython(_replace(PRIVACY_DE_FORMAL, PRIVACY_DE), _replace(PRIVACY_DE, PRIVACY_DE_FORMAL)),
    ]
