"""Importing a dump's people: unclaimed accounts without an address or a password, one per person of the
site, and one per display name of a deleted account (a post keeps its author's name)."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from community.accounts.models import User

from . import dump
from .attribution import user_url

BATCH = 500


class PeopleImport:
    """The people part of StackExchangeImport (it sets site, counts, people, names, progress, _record)."""

    def _people(self, path: Path) -> None:
        tick = self.progress("people")
        taken = {h.lower() for h in User.objects.values_list("handle", flat=True)}
        batch: list[tuple[str, User]] = []
        for row in dump.rows(path):
            tick(1)
            source_id = row.get("Id", "")
            self.names[source_id] = row.get("DisplayName") or "Stack Exchange user"
            self.profiles[source_id] = user_url(self.site, source_id)
            if source_id in self.people:
                continue
            handle = free_handle(row.get("DisplayName") or f"user{source_id}", taken)
            batch.append(
                (
                    source_id,
                    User(
                        email=None,
                        handle=handle,
                        display_name=(row.get("DisplayName") or handle)[:60],
                        bio=dump.markdown(row.get("AboutMe", ""))[:500],
                        is_claimed=False,
                        password=make_password(None),
                        date_joined=dump.when(row.get("CreationDate")) or timezone.now(),
                    ),
                )
            )
            if len(batch) >= BATCH:
                self._save_people(batch)
        self._save_people(batch)

    def _save_people(self, batch: list) -> None:
        if not batch:
            return
        made = User.objects.bulk_create([user for _, user in batch])
        pairs = [(source_id, user.pk) for (source_id, _), user in zip(batch, made, strict=True)]
        self._record("user", pairs)
        self.people.update(pairs)
        self.counts.people += len(pairs)
        batch.clear()

    def _author(self, row: dict) -> int:
        """The importer's person for a post: its owner, or one per display name of a deleted account."""
        owner = row.get("OwnerUserId") or row.get("UserId")
        if owner and owner in self.people:
            return self.people[owner]
        name = row.get("OwnerDisplayName") or row.get("UserDisplayName") or "Deleted user"
        key = f"name:{name}"
        if key not in self.people:
            taken = set(
                User.objects.filter(handle__istartswith=re.sub(r"\W", "", name)[:20] or "user").values_list(
                    "handle", flat=True
                )
            )
            user = User.objects.create(
                email=None,
                handle=free_handle(name, {h.lower() for h in taken}),
                display_name=name[:60],
                is_claimed=False,
                password=make_password(None),
            )
            self._record("user", [(key, user.pk)])
            self.people[key] = user.pk
            self.counts.people += 1
        return self.people[key]


def free_handle(name: str, taken: set[str]) -> str:
    """A handle no one has yet, neither in the database nor earlier in this import (`taken` grows)."""
    from community.accounts.services import first_free_handle

    candidate = first_free_handle(name, taken)
    taken.add(candidate.lower())
    return candidate
