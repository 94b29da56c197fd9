from django.db import models


class ImportedObject(models.Model):
    """What an import made from which source row: running the import again finds it and skips it."""

    source = models.CharField(max_length=120)  # e.g. "beer.stackexchange.com"
    kind = models.CharField(max_length=20)  # user, question, answer, comment, vote, tag
    source_id = models.CharField(max_length=40)
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "source_id"], name="forum_imported_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.source_id} -> {self.object_id}"
