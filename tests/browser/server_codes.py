"""Every code the server can answer with, collected from the Python sources.

Problem and rejection codes (`reject.<code>` in web/i18n): the first string of every
`Rejected(...)`, `CommandError(...)`, `ProblemError(status, ...)` and
`problem_response(status, ...)`, the `RejectionCode` literal, the values of
`_HTTP_CODES` and the keys of `REJECTION_STATUS`. Definition problem codes
(`definition.<code>`): the code of every `Problem(path, message, code)` and
`UnreadableText(message, code)`, every `code = "..."` in the validation modules and
the codes of their `_CODES` / `_FIXED` tables. A code added in any of these ways
without a translation fails the message test.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[2] / "src" / "judging"
CODE_ARGUMENT = {"Rejected": 0, "CommandError": 0, "ProblemError": 1, "problem_response": 1}
DEFINITION_ARGUMENT = {"Problem": 2, "UnreadableText": 1}
DEFINITION_MODULES = ("validation.py", "definition_text.py")


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _strings(node: ast.AST | None) -> Iterator[str]:
    """String constants of `node`: itself, or the first item of a tuple."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.Tuple) and node.elts:
        yield from _strings(node.elts[0])


def _argument(call: ast.Call, index: int) -> Iterator[str]:
    if len(call.args) > index:
        yield from _strings(call.args[index])
    for keyword in call.keywords:
        if keyword.arg == "code":
            yield from _strings(keyword.value)


def _table(node: ast.AST, names: tuple[str, ...], keys: bool) -> Iterator[str]:
    """Keys or values of a dict literal assigned to one of `names`."""
    if not isinstance(node, ast.Assign | ast.AnnAssign):
        return
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    if not any(_name(t) in names for t in targets) or not isinstance(node.value, ast.Dict):
        return
    for item in node.value.keys if keys else node.value.values:
        yield from _strings(item)


def _code_assignments(node: ast.AST) -> Iterator[str]:
    """`code = "x"` and `code, message = "x", ...`."""
    if not isinstance(node, ast.Assign):
        return
    for target in node.targets:
        if isinstance(target, ast.Name) and target.id == "code":
            yield from _strings(node.value)
        if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
            for part, value in zip(target.elts, node.value.elts, strict=False):
                if isinstance(part, ast.Name) and part.id == "code":
                    yield from _strings(value)


def _literal(node: ast.AST, name: str) -> Iterator[str]:
    if isinstance(node, ast.Assign) and any(_name(t) == name for t in node.targets):
        for constant in ast.walk(node.value):
            yield from _strings(constant)


def collect() -> tuple[set[str], set[str]]:
    """(problem and rejection codes, definition problem codes)."""
    problems: set[str] = set()
    definition: set[str] = set()
    for path in sorted(SOURCES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_definition = path.name in DEFINITION_MODULES
        for node in ast.walk(tree):
            problems.update(_table(node, ("_HTTP_CODES",), keys=False))
            problems.update(_table(node, ("REJECTION_STATUS",), keys=True))
            problems.update(_literal(node, "RejectionCode"))
            if in_definition:
                definition.update(_table(node, ("_CODES", "_FIXED"), keys=False))
                definition.update(_code_assignments(node))
            if not isinstance(node, ast.Call):
                continue
            called = _name(node.func)
            if called in CODE_ARGUMENT:
                problems.update(_argument(node, CODE_ARGUMENT[called]))
            if called in DEFINITION_ARGUMENT:
                definition.update(_argument(node, DEFINITION_ARGUMENT[called]))
    return problems, definition
