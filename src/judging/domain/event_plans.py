"""Building stored events without validating them again: a plan per flat class.

A stored event was validated when it was written (and the store checks its hash
chain on read), so its data is already of the class's shape. For a "flat" class,
every field a str, int, float, bool, a Literal of strings, a datetime, or a union of
those (the `Value` alias, `X | None`), with no validator, alias, private attribute or
other constraint than a numeric bound, the plan derived once from `model_fields` says
what validation makes of a value of each exact Python type: a str, bool or int kept,
an int for a float field turned into a float, a float checked finite, a Literal's
string checked among its choices, a bound checked, a datetime's string read by
pydantic's own datetime validator (so its time zone is pydantic's `TzInfo` too).

`builder(cls)` writes the plan out as one function: the instance from data whose keys
are exactly the class's fields (the `type` aside) and whose values are all of planned
types, made as `model_construct` makes it; the result equals what `decode` gives:
same class, fields, `model_fields_set`, dumps, repr and hash. For anything else, a key
missing (a default left out) or unknown, a value of another type, a bound broken, it
returns None and the caller validates (`judging.domain.event_codec`). A type with a
schema version above 1 takes its data at the current version as stored (with its
version key) and upcasts older data first, as `decode` does.

`builders(contest_only)` derives the builders from `REGISTRY` on first use, so a class
registered there is covered without any change here: by plan when flat, by
validation when not.
"""

from __future__ import annotations

import functools
import math
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import SchemaValidator, core_schema

from judging.domain.events import CONTEST_EVENTS, REGISTRY, SCHEMA_VERSIONS, VERSION_KEY, upcast


@dataclass(frozen=True)
class Case:
    """What validation makes of a stored value of one exact Python type."""

    convert: Callable[[Any], Any] | None = None  # None: the value is kept as it is
    tests: tuple[tuple[str, Any], ...] = ()  # (operator, operand) on the converted value


Table = dict[type, Case]  # a field: the exact types it takes, each with its case
Build = Callable[[Mapping[str, Any]], BaseModel | None]  # None: the data is not as planned

_CONFIG = frozenset({"frozen", "extra", "populate_by_name", "allow_inf_nan"})
_BOUNDS = ((Ge, "ge", ">="), (Gt, "gt", ">"), (Le, "le", "<="), (Lt, "lt", "<"))
_FINITE = ("isfinite", None)  # inf and NaN left to validation (`allow_inf_nan`)
_SCALARS: dict[Any, Table] = {
    str: {str: Case()},
    bool: {bool: Case()},
    int: {int: Case()},
    float: {float: Case(tests=(_FINITE,)), int: Case(float)},
    datetime: {str: Case(SchemaValidator(core_schema.datetime_schema()).validate_python)},
    type(None): {type(None): Case()},
}


@functools.cache
def builders(contest_only: bool) -> Mapping[str, Build]:
    """The builder of each flat class of the registry (or of the contest events), by type."""
    classes = CONTEST_EVENTS if contest_only else tuple(REGISTRY.values())
    found = {cls.model_fields["type"].default: builder(cls) for cls in classes}
    return {type_: build for type_, build in found.items() if build is not None}


def builder(cls: type[BaseModel]) -> Build | None:
    """The class's builder, or None when it is not flat (validation decodes it)."""
    type_ = cls.model_fields["type"].default
    if not (isinstance(type_, str) and _plain_class(cls)):
        return None
    fields: dict[str, Table] = {}
    for name, field in cls.model_fields.items():
        table = _field_table(field)
        if table is None:
            return None
        if name != "type":
            fields[name] = table
    build = _builder(cls, type_, fields)
    version = SCHEMA_VERSIONS.get(type_, 1)
    return build if version == 1 else _versioned(build, type_, version, len(fields))


def _plain_class(cls: type[BaseModel]) -> bool:
    """No validator, private attribute, post-init hook or configuration that a plan
    would have to repeat."""
    hooks = cls.__pydantic_decorators__
    return not (
        hooks.validators
        or hooks.field_validators
        or hooks.root_validators
        or hooks.model_validators
        or cls.__private_attributes__
        or cls.__pydantic_post_init__
        or cls.__pydantic_root_model__
        or cls.model_config.keys() - _CONFIG
        or cls.model_config.get("extra") == "allow"
    )


def _field_table(field: FieldInfo) -> Table | None:
    """The field's table, its bounds (`Field(ge=0)`...) tested on numbers; None for a
    field that is not flat, has an alias or another kind of constraint."""
    table = _table(field.annotation)
    if table is None or field.alias is not None or field.validation_alias is not None:
        return None
    bounds = [_bound(item) for item in field.metadata]
    if not bounds:
        return table
    if None in bounds or table.keys() - {int, float}:
        return None
    tests = tuple(bound for bound in bounds if bound is not None)
    return {kind: Case(case.convert, case.tests + tests) for kind, case in table.items()}


def _bound(item: Any) -> tuple[str, Any] | None:
    for kind, attribute, operator in _BOUNDS:
        if isinstance(item, kind):
            return operator, getattr(item, attribute)
    return None


def _table(annotation: Any) -> Table | None:
    origin = get_origin(annotation)
    if origin is Literal:
        choices = frozenset(get_args(annotation))
        if all(type(choice) is str for choice in choices):
            return {str: Case(tests=(("in", choices),))}
        return None
    if origin is Union or origin is types.UnionType:
        return _union([_table(member) for member in get_args(annotation)])
    return _SCALARS.get(annotation)


def _union(tables: list[Table | None]) -> Table | None:
    """A union as pydantic's smart mode reads it: the member of the value's exact type,
    else the one member that converts it (an int for a float); any doubt: not flat."""
    exact: Table = {}
    converted: Table = {}
    for table in tables:
        if table is None:
            return None
        for kind, case in table.items():
            if case.convert is float:  # an int read as a float: an int member comes first
                converted[kind] = case
            elif kind in exact:
                return None
            else:
                exact[kind] = case
    return converted | exact


def _builder(cls: type[BaseModel], type_: str, fields: dict[str, Table]) -> Any:
    """The plan written out as one Python function: each field's exact type tested and
    its value converted in line (a loop over the tables, measured, cost half as much
    again per event), then the instance made as `model_construct` makes it: its
    `__dict__`, its fields set, no extra, no private values, set through the slots'
    descriptors (frozen models included)."""
    scope: dict[str, Any] = {"cls": cls, "names": frozenset((*fields, "type"))}
    # A frozen model's fields set is never changed (pydantic copies it for
    # `model_copy`), so its instances can share one, as `model_construct(_fields_set=)`
    # lets them: a set of ten names allocated per event cost as much as two fields.
    scope["fields_set"] = set(scope["names"])
    fields_set = "fields_set" if cls.model_config.get("frozen") else "set(names)"
    scope |= {"new": object.__new__, "isfinite": math.isfinite}
    slots = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
    scope |= {f"set{n}": vars(BaseModel)[slot].__set__ for n, slot in enumerate(slots)}
    lines = [f"def build(data, size={len(fields)}):", "    if len(data) != size:"]
    lines += ["        return None", "    try:"]
    for n, (name, table) in enumerate(fields.items()):
        lines += [f"        v{n} = data[{name!r}]", f"        t = type(v{n})"]
        lines += _field_source(f"v{n}", table, scope)
    values = ", ".join(
        [f"'type': {type_!r}", *(f"{name!r}: v{n}" for n, name in enumerate(fields))]
    )
    lines += [
        "    except (LookupError, ValueError, TypeError, ArithmeticError):",
        "        return None",
        "    event = new(cls)",
        f"    set0(event, {{{values}}})",
        f"    set1(event, {fields_set})",
        "    set2(event, None)",
        "    set3(event, None)",
        "    return event",
    ]
    exec("\n".join(lines), scope)  # the source written above from the plan
    return scope["build"]


def _field_source(value: str, table: Table, scope: dict[str, Any]) -> list[str]:
    """The lines taking `value` (of exact type `t`) through its field's table."""
    lines = []
    for n, (kind, case) in enumerate(table.items()):
        name = f"{value}_{n}"
        scope[f"{name}_kind"] = kind
        lines.append(f"        {'elif' if n else 'if'} t is {name}_kind:")
        if case.convert is not None:
            scope[f"{name}_convert"] = case.convert
            lines.append(f"            {value} = {name}_convert({value})")
        for m, (operator, operand) in enumerate(case.tests):
            scope[f"{name}_{m}"] = operand
            test = (
                f"isfinite({value})" if operator == "isfinite" else f"{value} {operator} {name}_{m}"
            )
            lines += [f"            if not {test}:", "                return None"]
        if case == Case():
            lines.append("            pass")
    return [*lines, "        else:", "            return None"]


def _versioned(build: Any, type_: str, version: int, size: int) -> Build:
    """A builder for a type with a schema version: data stored at the current version
    (its version key one more key), older data upcast first."""

    def build_versioned(data: Mapping[str, Any]) -> BaseModel | None:
        stored = data.get(VERSION_KEY)
        if type(stored) is int and stored == version:
            result: BaseModel | None = build(data, size + 1)
            return result
        try:
            upcast_data = upcast(type_, data)
        except ValueError:  # an unreadable version: validation names the error
            return None
        result = build(upcast_data)
        return result

    return build_versioned
