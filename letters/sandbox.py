"""What a letter template may do: print its fields, choose with `if`, repeat with `for`. Nothing
else.

Templates are documents landlords restyle and pass around by email, so each is treated as
hostile. Two locks, each enough on its own: `reach_problems` refuses, before anything is rendered,
a template that reaches past its fields (an attribute, an index, a call, a global, a filter such
as `attr`, a statement other than `if` and `for`); and every template is rendered in Jinja's
immutable sandbox, holding only the letter's fields, with no globals and only plain text filters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

# Filters that only change how text reads; none reaches into what it is given.
TEXT_FILTERS = frozenset(
    {"upper", "lower", "title", "capitalize", "trim", "default", "e", "escape", "length"}
)
# The statements a template is made of; anything else ({% set %}, {% macro %}, {% include %}...)
# is programming, not a letter.
_STATEMENTS = (nodes.If, nodes.For, nodes.Output, nodes.Template)


class CompilingOnce(ImmutableSandboxedEnvironment):
    """Compiles each template's XML once: docxtpl asks anew for every letter, and compiling is
    most of the time a letter takes beyond reading and writing the document."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            if len(self._compiled) >= 64:
                self._compiled.clear()
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


def sandbox() -> CompilingOnce:
    """The environment every template is rendered in. Autoescape keeps & < > in names and text
    from breaking the document; strict undefined turns a misspelt field into an error, not a
    blank."""
    environment = CompilingOnce(autoescape=True, undefined=StrictUndefined)
    environment.globals.clear()
    environment.filters = {
        name: environment.filters[name] for name in TEXT_FILTERS if name in environment.filters
    }
    return environment


def reach_problems(tree: nodes.Template, fields: Iterable[str]) -> list[str]:
    """Everything in a parsed template that reaches past the letter's fields, each in a
    sentence naming the field it starts from; found by reading the template, never running it."""
    known = set(fields)
    looped = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
    problems = []
    for node in _walk(tree):
        problem = _statement(node) if _is_statement(node) else _reach(node, known | looped)
        if problem is not None:
            problems.append(problem)
    return list(dict.fromkeys(problems))


def _walk(tree: nodes.Node) -> Iterable[nodes.Node]:
    yield tree
    for child in tree.iter_child_nodes():
        yield from _walk(child)


def _is_statement(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Stmt) and not isinstance(node, _STATEMENTS)


def _statement(node: nodes.Node) -> str:
    word = type(node).__name__.lower()
    return (
        f"it holds a {{% {word} %}} statement; a template may only print its fields, "
        "with {% if %} and {% for %} around them."
    )


def _reach(node: nodes.Node, known: set[str]) -> str | None:
    """The sentence for one node that reaches too far, or None."""
    if isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in known:
        return f"it uses {{{{ {node.name} }}}}, which is not a field letters know."
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        part = node.attr if isinstance(node, nodes.Getattr) else _constant(node.arg)
        return _part_of(node, part)
    if isinstance(node, nodes.Filter):
        return _filter(node)
    if isinstance(node, nodes.Call):
        return (
            f"it calls something on {_field_in(node)}; a template cannot run anything, "
            "only print its fields."
        )
    return None


def _part_of(node: nodes.Node, part: str | None) -> str:
    field = _field_in(node)
    if part is not None and part.startswith("_"):
        return (
            f"it reaches for {part!r} of {field}, a hidden part of the program, which no "
            f"template may touch; write {{{{ {field} }}}}."
        )
    return (
        f"{{{{ {field}.{part or '...'} }}}} uses {field} as if it had parts; every field is "
        f"plain text, so write {{{{ {field} }}}}."
    )


def _filter(node: nodes.Filter) -> str | None:
    field = _field_in(node)
    hidden = [
        value
        for value in [*map(_constant, node.args), *(_constant(kw.value) for kw in node.kwargs)]
        if value is not None and value.startswith("_")
    ]
    if hidden:
        return _part_of(node, hidden[0])
    if node.name not in TEXT_FILTERS or node.kwargs or node.dyn_args or node.dyn_kwargs:
        return (
            f"it passes {field} through |{node.name}, which templates may not use; "
            f"the filters allowed are {', '.join(sorted(TEXT_FILTERS))}."
        )
    return None


def _constant(node: nodes.Node | None) -> str | None:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return node.value
    return None


def _field_in(node: nodes.Node) -> str:
    """The field an expression starts from, to name it in a sentence."""
    name = node.find(nodes.Name)
    return name.name if name is not None else "a value"
