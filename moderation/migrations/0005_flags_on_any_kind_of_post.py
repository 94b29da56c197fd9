"""Flags point at any kind of post by kind and id (the forum's registry), no longer at three foreign keys.

Existing flags keep their post: a reply's flag becomes ("reply", id), an answer's ("answer", id), a
question's ("question", id). "rude" is called "abusive" now; "wrong advice" flags become "other" with
their note saying so, since "other" needs a text.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q


def to_targets(apps, schema_editor):
    Flag = apps.get_model("moderation", "Flag")
    for flag in Flag.objects.all().iterator():
        if flag.reply_id:
            flag.kind, flag.object_id = "reply", flag.reply_id
        elif flag.answer_id:
            flag.kind, flag.object_id = "answer", flag.answer_id
        else:
            flag.kind, flag.object_id = "question", flag.question_id
        if flag.reason == "rude":
            flag.reason = "abusive"
        elif flag.reason == "wrong":
            flag.reason = "other"
            flag.note = f"Dangerous or wrong advice. {flag.note}".strip()[:500]
        flag.save(update_fields=["kind", "object_id", "reason", "note"])


def to_columns(apps, schema_editor):
    Flag = apps.get_model("moderation", "Flag")
    Question = apps.get_model("forum", "Question")
    Answer = apps.get_model("forum", "Answer")
    Reply = apps.get_model("forum", "Reply")
    for flag in Flag.objects.all().iterator():
        if flag.kind == "reply":
            reply = Reply.objects.filter(pk=flag.object_id).first()
            if reply is None:
                flag.delete()
                continue
            flag.reply_id, flag.answer_id, flag.question_id = reply.pk, reply.answer_id, reply.question_id
        elif flag.kind == "answer":
            answer = Answer.objects.filter(pk=flag.object_id).first()
            if answer is None:
                flag.delete()
                continue
            flag.answer_id, flag.question_id = answer.pk, answer.question_id
        elif flag.kind == "question" and Question.objects.filter(pk=flag.object_id).exists():
            flag.question_id = flag.object_id
        else:
            flag.delete()  # ideas had no flags before: nothing to keep
            continue
        flag.reason = {"abusive": "rude"}.get(flag.reason, flag.reason)
        flag.save(update_fields=["reply", "answer", "question", "reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0004_suspensions_and_limits"),
        ("forum", "0006_posts_held_hidden_deleted"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="flag", name="moderation_one_open_flag_per_post"),
        migrations.AddField(
            model_name="flag",
            name="kind",
            field=models.CharField(default="", max_length=20, verbose_name="kind of post"),
        ),
        migrations.AddField(model_name="flag", name="object_id", field=models.PositiveBigIntegerField(default=0)),
        migrations.AddField(model_name="flag", name="trusted", field=models.BooleanField(default=False)),
        # Old reasons are rewritten before the field names only the new ones.
        migrations.AlterField(
            model_name="flag",
            name="question",
            field=models.ForeignKey(
                null=True, on_delete=models.deletion.CASCADE, related_name="+", to="forum.question"
            ),
        ),
        migrations.RunPython(to_targets, to_columns),
        migrations.RemoveField(model_name="flag", name="answer"),
        migrations.RemoveField(model_name="flag", name="question"),
        migrations.RemoveField(model_name="flag", name="reply"),
        migrations.AlterField(
            model_name="flag", name="kind", field=models.CharField(max_length=20, verbose_name="kind of post")
        ),
        migrations.AlterField(model_name="flag", name="object_id", field=models.PositiveBigIntegerField()),
        migrations.AlterField(
            model_name="flag",
            name="reason",
            field=models.CharField(
                choices=[
                    ("spam", "Spam or advertising"),
                    ("abusive", "Rude or abusive"),
                    ("off_topic", "Off topic"),
                    ("other", "Something else (please say what)"),
                ],
                max_length=12,
                verbose_name="reason",
            ),
        ),
        migrations.AddIndex(
            model_name="flag",
            index=models.Index(fields=["kind", "object_id", "status"], name="moderation_flags_on_target"),
        ),
        migrations.AddIndex(
            model_name="flag", index=models.Index(fields=["status", "created_at"], name="moderation_open_flags")
        ),
        migrations.AddConstraint(
            model_name="flag",
            constraint=models.UniqueConstraint(
                condition=Q(status="open"),
                fields=("reporter", "kind", "object_id"),
                name="moderation_one_open_flag_per_target",
            ),
        ),
    ]
