"""Events stay typed to the end: across Celery and the database they come back as their dataclass, and
every handler, plan and task reads only fields its events have (a renamed field fails here)."""

import ast
import dataclasses
import inspect
import textwrap
import types
import typing
import uuid
from datetime import UTC, datetime

import pytest
from kombu.utils import json as kombu_json

from community import events
from community.models import Handoff


def sample(kind, name: str):
    """A value of this type that differs from every default, so a field lost on the way shows."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        return sample(next(arg for arg in args if arg is not type(None)), name)
    if origin is tuple:
        return (sample(args[0], name), sample(args[0], name + "2"))
    if kind is uuid.UUID:
        return uuid.uuid5(uuid.NAMESPACE_URL, name)
    if kind is datetime:
        return datetime(2026, 11, 23, 14, 17, 9, 123456, tzinfo=UTC)
    if kind is int:
        return 7 + len(name)
    if kind is str:
        return f"{name} ü"
    if kind is float:
        return 2.5
    if kind is bool:
        return True
    raise AssertionError(f"no sample for {kind!r}")


def filled(event_type: type[events.Event]) -> events.Event:
    hints = typing.get_type_hints(event_type)
    return event_type(**{f.name: sample(hints[f.name], f.name) for f in dataclasses.fields(event_type)})


EVENT_TYPES = events.event_types()


def test_every_event_is_a_frozen_keyword_dataclass_known_by_its_name():
    assert len(EVENT_TYPES) >= 25
    for event_type in EVENT_TYPES:
        assert event_type.__dataclass_params__.frozen, event_type
        assert all(f.kw_only for f in dataclasses.fields(event_type)), event_type
    assert len({t.__name__ for t in EVENT_TYPES}) == len(EVENT_TYPES)


@pytest.mark.parametrize("event_type", EVENT_TYPES, ids=lambda t: t.__name__)
def test_every_event_survives_a_celery_message(event_type):
    event = filled(event_type)
    message = kombu_json.dumps({"event_type": event_type.__name__, "event": event.as_task_kwargs()})
    received = kombu_json.loads(message)
    rebuilt = events.rebuild(received["event_type"], received["event"])
    assert type(rebuilt) is event_type
    assert rebuilt == event


@pytest.mark.django_db
@pytest.mark.parametrize("event_type", EVENT_TYPES, ids=lambda t: t.__name__)
def test_every_event_survives_a_hand_off_row(event_type):
    """What the sweep sends again comes from the database column, not from the first message."""
    event = filled(event_type)
    row = Handoff.objects.create(key=f"test:{event.event_id}", task="t", kwargs={"event": event.as_task_kwargs()})
    stored = Handoff.objects.get(pk=row.pk).kwargs["event"]
    assert events.rebuild(event_type.__name__, stored) == event


def test_a_renamed_or_missing_field_fails_instead_of_passing_as_nothing():
    payload = events.VoteCast(
        question_id=1, answer_id=None, voter_id=2, post_author_id=3, value=1, score=5
    ).as_task_kwargs()
    renamed = {("user_id" if key == "voter_id" else key): value for key, value in payload.items()}
    with pytest.raises(TypeError, match="user_id"):
        events.rebuild("VoteCast", renamed)
    with pytest.raises(TypeError):
        events.rebuild("VoteCast", {key: value for key, value in payload.items() if key != "score"})
    with pytest.raises(TypeError, match="score"):
        events.rebuild("VoteCast", {**payload, "score": "five"})
    with pytest.raises(TypeError, match="voter_id"):
        events.rebuild("VoteCast", {**payload, "voter_id": None})
    with pytest.raises(LookupError):
        events.rebuild("VoteCastt", payload)


def test_handlers_subscribe_to_classes_not_names():
    with pytest.raises(TypeError):
        events.subscribe("VoteCast", print)
    with pytest.raises(TypeError):
        events.subscribe_task(dict, print)


def test_two_event_types_cannot_share_a_name():
    with pytest.raises(TypeError, match="two events named VoteCast"):
        type("VoteCast", (events.Event,), {"__module__": "somewhere.else"})


# Every consumer reads only fields its events have.


def _consumers() -> dict:
    """function -> (event types it gets, whether it gets them rebuilt from a message, what registered it)."""
    from notifications import plans
    from superusers.services.ledger_events import APPLY

    found: dict = {}

    def add(function, event_type, rebuilt, source):
        entry = found.setdefault(function, (set(), rebuilt, source))
        entry[0].add(event_type)

    for event_type, consumer in events.subscriptions():
        if hasattr(consumer, "run"):  # a Celery task: gets the event's values and rebuilds it
            add(getattr(consumer, "_orig_run", consumer.run), event_type, True, "subscribe_task")
        else:
            add(consumer, event_type, False, "subscribe")
    for event_type, plan in plans.registered().items():
        add(plan, event_type, False, "notifications plan")
    for event_type, apply in APPLY.items():
        add(apply, event_type, False, "superusers ledger")
    return found


def _classes(value) -> set:
    if isinstance(value, tuple):
        return set().union(*map(_classes, value))
    if isinstance(value, types.UnionType) or typing.get_origin(value) is typing.Union:
        return set().union(*map(_classes, typing.get_args(value)))
    return {value}


class _Reads(ast.NodeVisitor):
    """Attribute reads on the event variables, with isinstance() narrowing, and string-keyed reads."""

    def __init__(self, function, names: set[str], event_types: set):
        self.function, self.names, self.problems = function, names, []
        self.scope = frozenset(event_types)

    def _narrowing(self, test) -> set | None:
        if (
            isinstance(test, ast.Call)
            and isinstance(test.func, ast.Name)
            and test.func.id == "isinstance"
            and isinstance(test.args[0], ast.Name)
            and test.args[0].id in self.names
        ):
            code = compile(ast.Expression(test.args[1]), "<isinstance>", "eval")
            return _classes(eval(code, self.function.__globals__))  # noqa: S307 (our own source)
        return None

    def _within(self, scope, nodes) -> None:
        saved, self.scope = self.scope, frozenset(scope)
        for node in nodes:
            self.visit(node)
        self.scope = saved

    def visit_body(self, statements) -> None:
        scope = self.scope
        for statement in statements:
            self._within(scope, [statement])
            # `if not isinstance(e, X): raise/return` narrows what follows to X.
            if isinstance(statement, ast.If) and not statement.orelse and isinstance(statement.test, ast.UnaryOp):
                narrowed = self._narrowing(statement.test.operand)
                ends = statement.body and isinstance(statement.body[-1], ast.Return | ast.Raise)
                if narrowed is not None and ends:
                    scope = scope & narrowed

    def visit_FunctionDef(self, node) -> None:
        self.visit_body(node.body)

    def visit_If(self, node) -> None:
        self.visit(node.test)
        narrowed = self._narrowing(node.test)
        saved = self.scope
        self.scope = frozenset(saved & narrowed) if narrowed is not None else saved
        self.visit_body(node.body)
        self.scope = frozenset(saved - narrowed) if narrowed is not None else saved
        self.visit_body(node.orelse)
        self.scope = saved

    def visit_BoolOp(self, node) -> None:
        saved = self.scope
        for value in node.values:
            self.visit(value)
            narrowed = self._narrowing(value)
            if narrowed is not None and isinstance(node.op, ast.And):
                self.scope = self.scope & narrowed
        self.scope = saved

    def visit_Attribute(self, node) -> None:
        if isinstance(node.value, ast.Name) and node.value.id in self.names:
            for event_type in self.scope:
                known = {f.name for f in dataclasses.fields(event_type)} | set(dir(event_type))
                if node.attr not in known:
                    self.problems.append(f"{node.value.id}.{node.attr} on {event_type.__name__}")
        self.generic_visit(node)

    def visit_Subscript(self, node) -> None:
        if isinstance(node.value, ast.Name) and node.value.id in self.names:
            self.problems.append(f"{node.value.id}[...]: an event is read by attribute, never by key")
        self.generic_visit(node)

    def visit_Call(self, node) -> None:
        if (
            isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "hasattr"}
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in self.names
        ):
            self.problems.append(f"{node.func.id}({node.args[0].id}, ...): read a field by its name, not a string")
        self.generic_visit(node)


def _event_names(tree: ast.FunctionDef, rebuilt: bool) -> set[str]:
    if not rebuilt:
        return {(tree.args.posonlyargs + tree.args.args)[0].arg}
    return {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "rebuild"
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def test_every_handler_plan_and_task_reads_only_fields_its_events_have():
    consumers = _consumers()
    assert len(consumers) >= 30  # the forum's, notifications', superusers' and the idea board's
    problems = []
    for function, (event_types, rebuilt, source) in consumers.items():
        if function.__module__.startswith("tests."):
            continue  # a test's own handler, subscribed for the moment
        name = f"{function.__module__}.{function.__qualname__} ({source})"
        tree = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]
        assert isinstance(tree, ast.FunctionDef), f"{name}: a named function, so it can be checked"
        if not rebuilt:
            annotated = _classes(typing.get_type_hints(function).get(tree.args.args[0].arg))
            missing = {t.__name__ for t in event_types} - {t.__name__ for t in annotated if isinstance(t, type)}
            assert not missing, f"{name} is given {sorted(missing)} but its annotation does not say so"
        names = _event_names(tree, rebuilt)
        if rebuilt:
            assert "events.rebuild(" in ast.unparse(tree), f"{name}: a task rebuilds the event it is given"
        if not names:
            continue  # the rebuilt event is handed on whole, to consumers checked here too
        reads = _Reads(function, names, event_types)
        reads.visit(tree)
        problems += [f"{name}: {problem}" for problem in reads.problems]
    assert problems == []


def test_the_checker_notices_a_renamed_field():
    def plan(event: events.VoteCast) -> list:
        return [event.voter, event.score]

    reads = _Reads(plan, {"event"}, {events.VoteCast})
    reads.visit(ast.parse(textwrap.dedent(inspect.getsource(plan))).body[0])
    assert reads.problems == ["event.voter on VoteCast"]
