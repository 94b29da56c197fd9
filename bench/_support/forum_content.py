"""What the forum bench seeds: the shared workload as forum content, an idea board, the search index.

The content is loaded with bulk inserts, with the counters, excerpts and last activity the services would
have written, so the pages under load read what real use leaves behind.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

from .database import insert, vacuum_analyze
from .paths import BASE_DIR

WORKLOAD = Path(os.environ.get("BENCH_WORKLOAD", BASE_DIR.parent / "shared" / "bench" / "workload.py"))
sys.path.insert(0, str(WORKLOAD.parent))
CATEGORIES = [
    # slug, colour, name_en, name_de
    ("account", "blue", "Account and login", "Konto und Anmeldung"),
    ("billing", "green", "Billing and contracts", "Rechnungen und Verträge"),
    ("internet", "purple", "Internet, Wi-Fi and devices", "Internet, WLAN und Geräte"),
    ("mobile", "orange", "Mobile, SIM and roaming", "Mobilfunk, SIM und Roaming"),
    ("app", "teal", "App and updates", "App und Updates"),
]
# The logged-in pages are seen by workload user 0, a plain member.
ROLES = {1: "super user", 2: "agent", 3: "moderator"}


class Shape:
    """How much content: the shared workload's defaults, or the large variant with replies."""

    def __init__(self, questions: int, answers: int, replies: int, database: str):
        self.questions, self.answers, self.replies, self.database = questions, answers, replies, database

    @classmethod
    def default(cls) -> Shape:
        return cls(int(os.environ.get("WORKLOAD_QUESTIONS", 2000)), 5, 0, "peerdesk_bench")

    @classmethod
    def large(cls) -> Shape:
        return cls(10_000, 5, 5, "peerdesk_bench_large")

    def describe(self) -> str:
        replies = f" + {self.replies} replies" if self.replies else ""
        posts = self.questions * (1 + self.answers + self.replies)
        return f"{self.questions:,} questions x {self.answers} answers{replies} ({posts:,} posts)"

    def marker(self) -> str:
        # A reseed happens when the workload script changes as well as when the shape does.
        digest = hashlib.sha256(WORKLOAD.read_bytes()).hexdigest()[:12]
        return (
            f"peerdesk bench: q={self.questions} a={self.answers} r={self.replies} workload={digest} search=1 ideas=1"
        )


def seed(shape: Shape) -> float:
    """Load the workload with bulk inserts, counters kept as the services keep them; seconds taken."""
    import workload
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag, TaggedItem
    from tqdm import tqdm

    from community.accounts.models import Role, User
    from community.markdown import render_post
    from forum.kernel import excerpt
    from forum.models import Answer, Category, Question, Reply

    started = time.perf_counter()
    print(f"Seeding {shape.describe()} into {shape.database} ...", flush=True)
    data = workload.generate(questions=shape.questions, answers=shape.answers)
    # Questions every 20 minutes up to an hour ago; answers 3 minutes apart after each, then replies.
    now = timezone.now().replace(microsecond=0)
    first = now - timedelta(hours=1) - timedelta(minutes=20) * len(data["questions"])
    with transaction.atomic():
        groups = {role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role}
        password = make_password(data["users"][0]["password"])  # one hash for all: it is slow on purpose
        users = User.objects.bulk_create(
            [
                User(
                    email=person["email"],
                    handle=person["username"],
                    language="en",
                    password=password,
                    display_name=f"{person['username'][:-3].capitalize()} {person['username'][-3:]}",
                    date_joined=first - timedelta(days=30),
                )
                for person in data["users"]
            ]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
        )
        memberships = [(user.pk, groups[Role.MEMBER.value].pk) for user in users]
        memberships += [(users[index].pk, groups[role].pk) for index, role in ROLES.items()]
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user_id, group_id=group_id) for user_id, group_id in memberships]
        )
        categories = Category.objects.bulk_create(
            [
                Category(slug=slug, name_en=en, name_de=de, name=en, colour=colour, order=order)
                for order, (slug, colour, en, de) in enumerate(CATEGORIES)
            ]
        )
        tags = {tag.name: tag for tag in Tag.objects.bulk_create([Tag(name=n, slug=slugify(n)) for n in data["tags"]])}

        questions, answers, replies = [], [], []  # answers and replies: (question index, object)
        reply_rng = random.Random(workload.SEED + 1)
        for index, item in enumerate(tqdm(data["questions"], desc="render", unit="question")):
            asked = first + timedelta(minutes=20) * index
            html = render_post(item["body"]).html
            question = Question(
                author_id=users[item["author"]].pk,
                title=item["title"],
                body=item["body"],
                body_html=html,
                excerpt=excerpt(html),
                category=categories[index % len(categories)],
                language="en",
                created_at=asked,
                answer_count=len(item["answers"]),
                view_count=(index * 37) % 500 + 20,
            )
            last_at, last_by = asked, question.author_id
            mine = []
            for number, answer in enumerate(item["answers"], start=1):
                last_at, last_by = asked + timedelta(minutes=3 * number), users[answer["author"]].pk
                mine.append(
                    Answer(
                        author_id=last_by,
                        body=answer["body"],
                        body_html=render_post(answer["body"]).html,
                        created_at=last_at,
                    )
                )
            answers += [(index, answer) for answer in mine]
            for number in range(shape.replies):
                # The first reply is under the question, the others under the first answer, the last one
                # in reply to the one before it: a thread with every kind of reply.
                text = workload._text(reply_rng, 8, 40)
                last_at, last_by = last_at + timedelta(minutes=1), users[reply_rng.randrange(len(users))].pk
                on_answer = mine[0] if number and mine else None
                reply = Reply(author_id=last_by, body=text, body_html=render_post(text).html, created_at=last_at)
                reply.on_answer, reply.in_reply_to = on_answer, replies[-1][1] if number >= 2 else None
                replies.append((index, reply))
                (on_answer or question).reply_count += 1
            question.last_activity_at, question.last_activity_by_id = last_at, last_by
            question.tag_names = item["tags"]
            questions.append(question)

        insert(Question, questions, "questions")
        for index, answer in answers:
            answer.question_id = questions[index].pk
        insert(Answer, [answer for _, answer in answers], "answers")
        for index, reply in replies:
            reply.question_id = questions[index].pk
            reply.answer_id = reply.on_answer.pk if reply.on_answer else None
        # Replies to replies need their parent's id: insert in waves, parents first.
        waves = [[r for _, r in replies if r.in_reply_to is None], [r for _, r in replies if r.in_reply_to]]
        for wave in waves:
            for reply in wave:
                reply.parent_id = reply.in_reply_to.pk if reply.in_reply_to else None
            insert(Reply, wave, "replies")
        content_type = ContentType.objects.get_for_model(Question)
        insert(
            TaggedItem,
            [
                TaggedItem(tag=tags[name], content_type=content_type, object_id=question.pk)
                for question in questions
                for name in question.tag_names
            ],
            "tags",
        )
        for category in categories:
            mine = [q for q in questions if q.category_id == category.pk]
            latest = max(mine, key=lambda q: (q.last_activity_at, q.pk), default=None)
            category.question_count = len(mine)
            category.solved_count = sum(q.is_solved for q in mine)
            category.last_activity_at = latest.last_activity_at if latest else None
            category.last_question = latest
        Category.objects.bulk_update(
            categories, ["question_count", "solved_count", "last_activity_at", "last_question"]
        )
        forum_done = time.perf_counter()
        seed_ideas(data, users, groups)
    ideas_done = time.perf_counter()
    index_for_search(len(questions))
    indexed = time.perf_counter()
    vacuum_analyze()
    seconds = time.perf_counter() - started
    # The forum content is what the large shape is timed on; ideas and the search index come on top.
    print(
        f"Seeded {len(users)} people, {len(questions):,} questions, {len(answers):,} answers, "
        f"{len(replies):,} replies in {seconds:.1f} s: forum content {forum_done - started:.1f} s, "
        f"ideas {ideas_done - forum_done:.1f} s, search index {indexed - ideas_done:.1f} s, "
        f"VACUUM ANALYZE {started + seconds - indexed:.1f} s"
    )
    return seconds


IDEA_AREAS = [("app", "App", "App"), ("billing", "Billing", "Rechnungen"), ("devices", "Devices", "Geräte")]
BIG_IDEA = "Export my whole account history as one file"


def seed_ideas(data: dict, users: list, groups: dict) -> None:
    """An idea per workload question (its title and body), votes from the workload's people over 30 days,
    a status and an official response on one in ten; and one big idea: 500 votes, 100 comments."""
    import uuid

    from django.contrib.postgres.search import SearchVector
    from django.utils import timezone

    from community.accounts.models import Role, User
    from community.markdown import render_post
    from ideas.models import Idea, IdeaComment, IdeaVote, ProductArea, StatusChange

    rng = random.Random(7)
    now = timezone.now().replace(microsecond=0)
    areas = ProductArea.objects.bulk_create(
        [ProductArea(slug=slug, name=en, name_en=en, name_de=de) for slug, en, de in IDEA_AREAS]
    )
    moderator = users[next(index for index, role in ROLES.items() if role == "moderator")]
    ideas = []
    for index, item in enumerate(data["questions"]):
        body = item["body"]
        ideas.append(
            Idea(
                author=users[item["author"]],
                title=item["title"][:150],
                body=body,
                body_html=render_post(body).html,
                excerpt=body[:200],
                area=areas[index % len(areas)],
                created_at=now - timedelta(minutes=21 * (len(data["questions"]) - index)),
            )
        )
    # 500 more people for the big idea's votes (the workload has 50).
    voters = User.objects.bulk_create(
        [User(email=f"voter{n}@example.com", handle=f"voter{n}", display_name=f"Voter {n}") for n in range(500)]
    )
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=v.pk, group_id=groups[Role.MEMBER.value].pk) for v in voters]
    )
    big_body = "All questions, answers, votes and invoices as one ZIP file, for my records."
    ideas.append(
        Idea(author=users[0], title=BIG_IDEA, body=big_body, body_html=render_post(big_body).html, excerpt=big_body)
    )
    insert(Idea, ideas, "ideas")
    votes, big = [], ideas[-1]
    for idea in ideas[:-1]:
        for person in rng.sample(users, rng.randrange(0, 50)):
            if person.pk != idea.author_id:
                at = now - timedelta(minutes=rng.randrange(0, 30 * 24 * 60))
                votes.append(IdeaVote(idea=idea, user=person, created_at=at, voted_event_id=uuid.uuid4()))
    votes += [IdeaVote(idea=big, user=v, voted_event_id=uuid.uuid4()) for v in voters]
    insert(IdeaVote, votes, "idea votes")
    text = "Yes please, I would use this every month."
    comments = [
        IdeaComment(idea=big, author=users[n % len(users)], body=text, body_html=render_post(text).html)
        for n in range(100)
    ]
    insert(IdeaComment, comments, "idea comments")
    changes = []
    for index, idea in enumerate(ideas[:-1]):
        if index % 10 == 0:
            status = [Idea.Status.PLANNED, Idea.Status.IN_PROGRESS, Idea.Status.DONE, Idea.Status.UNDER_REVIEW][
                index // 10 % 4
            ]
            response = "Thank you for your idea — we have understood! It is on our list for the next release."
            changes.append(
                StatusChange(
                    idea=idea,
                    by=moderator,
                    old_status=Idea.Status.NEW,
                    new_status=status,
                    response=response,
                    response_html=render_post(response).html,
                )
            )
    insert(StatusChange, changes, "status changes")
    counts = {}
    for vote in votes:
        counts[vote.idea_id] = counts.get(vote.idea_id, 0) + 1
    for idea in ideas:
        idea.vote_count = counts.get(idea.pk, 0)
    big.comment_count = len(comments)
    for change in changes:
        change.idea.status, change.idea.status_changed_at, change.idea.latest_response = (
            change.new_status,
            change.created_at,
            change,
        )
    Idea.objects.bulk_update(
        ideas, ["vote_count", "comment_count", "status", "status_changed_at", "latest_response"], batch_size=2000
    )
    Idea.objects.update(
        search_vector=SearchVector("title", weight="A", config="simple")
        + SearchVector("body", weight="B", config="simple")
    )


def index_for_search(count: int) -> None:
    """The search documents the services would have written post by post (the reindex command's work)."""
    from django.core.management import call_command

    print(f"Indexing {count:,} questions for search ...", flush=True)
    call_command("reindex", batch=1000)
