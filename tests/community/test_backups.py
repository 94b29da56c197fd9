"""`manage.py backup` and `restore` carry the demo data and the uploaded files through a round trip."""

import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from community.accounts.models import User
from forum.models import Answer, Question


@pytest.mark.django_db(transaction=True)  # pg_restore replaces the tables: no test transaction may hold them
def test_a_backup_brings_back_deleted_rows_and_uploaded_files(settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--force", verbosity=0)
    (settings.MEDIA_ROOT / "avatars").mkdir(parents=True)
    (settings.MEDIA_ROOT / "avatars" / "ada.png").write_bytes(b"\x89PNG picture")
    before = (User.objects.count(), Question.objects.count(), Answer.objects.count())
    titles = sorted(Question.objects.values_list("title", flat=True))
    assert before[1] > 0

    archive = tmp_path / "site.tar"
    call_command("backup", "--output", str(archive))
    out = capsys.readouterr()
    assert "Backup written to" in out.out and "1 uploaded files" in out.out
    assert "database" in out.err  # the progress bars
    with tarfile.open(archive) as opened:
        assert {"database.dump", "manifest.json", "media/avatars/ada.png"} <= set(opened.getnames())

    Answer.objects.all().delete()
    Question.objects.filter(pk__in=Question.objects.order_by("pk").values("pk")[:3]).delete()
    (settings.MEDIA_ROOT / "avatars" / "ada.png").unlink()
    (settings.MEDIA_ROOT / "stray.txt").write_text("written after the backup")

    call_command("restore", str(archive), "--noinput")
    assert (User.objects.count(), Question.objects.count(), Answer.objects.count()) == before
    assert sorted(Question.objects.values_list("title", flat=True)) == titles
    assert (settings.MEDIA_ROOT / "avatars" / "ada.png").read_bytes() == b"\x89PNG picture"
    assert not (settings.MEDIA_ROOT / "stray.txt").exists()
    assert "Restored the backup" in capsys.readouterr().out


def test_restore_refuses_what_is_no_backup(tmp_path, db):
    stray = tmp_path / "other.tar"
    with tarfile.open(stray, "w") as archive:
        archive.add(__file__, arcname="notes.py")
    with pytest.raises(CommandError, match="no Peerdesk backup"):
        call_command("restore", str(stray), "--noinput")
