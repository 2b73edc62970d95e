"""The one codec for data kept between runs (the generate cache, the site state) or passed to
another process: records encoded by field name, with a version.

What is encoded is described by a type hint (``dict[str, Entry]``, ``Report``, ...). A record
(a named tuple or a dataclass) is written as the tuple of its values, and the names of each record type's
fields are written once, in a schema at the head. Reading compares the stored names with the
record's fields of today, by name:

- the same fields: each stored tuple becomes the record as it is;
- a field added since, with a default: it takes its default; a field removed: it is dropped;
- a field added without a default, another VERSION, or bytes that are not this codec's:
  ``Stale`` (for a cache: start again).

So adding a field to a record of the model touches the model and nothing else. The bytes
are marshal's (ten times quicker than pickle, and unlike pickle it runs no code when read);
they are as trusted as the folder they are kept in (build/)."""

from __future__ import annotations

import dataclasses
import functools
import marshal
import types
import typing
from collections.abc import Callable
from typing import Any

from generator import fs

VERSION = 1

Convert = Callable[[Any], Any] | None  # None: the value is written as it is
Schema = dict[str, tuple[str, ...]]  # a record type's qualified name -> its field names


class Stale(Exception):
    """The bytes were written by another version of the codec or of a record, or damaged."""


def dumps(value: Any, hint: Any) -> bytes:
    """`value`, of the type `hint` names, as bytes that loads() reads back."""
    encode = _encoder(hint)
    return marshal.dumps((VERSION, _schema_of(hint), encode(value) if encode else value))


def loads(data: bytes, hint: Any) -> Any:
    """What dumps() wrote, as a value of the type `hint`; Stale if it cannot be read so."""
    with fs.collector_paused():
        try:
            version, schema, plain = marshal.loads(data)
        except (EOFError, ValueError, TypeError) as e:
            raise Stale(f"not this codec's data: {e}") from None
        if version != VERSION or not isinstance(schema, dict):
            raise Stale(f"written by codec version {version!r}, this is {VERSION}")
        # (the schema as a sorted tuple: decoders are made once for each hint and schema)
        decode = _decoder(hint, tuple(sorted(schema.items())))
        try:
            return decode(plain) if decode else plain
        except (TypeError, ValueError, IndexError, KeyError) as e:
            raise Stale(f"the data does not fit {hint}: {e}") from None


def is_record(hint: Any) -> bool:
    """A named tuple or a dataclass."""
    return isinstance(hint, type) and ((issubclass(hint, tuple) and hasattr(hint, "_fields"))
                                       or dataclasses.is_dataclass(hint))


def _field_names(cls: Any) -> tuple[str, ...]:
    if dataclasses.is_dataclass(cls):
        return tuple(f.name for f in dataclasses.fields(cls))
    return tuple(cls._fields)


def _defaults(cls: Any) -> dict[str, Any]:
    """A record's fields that have a default, and a function that makes it."""
    if dataclasses.is_dataclass(cls):
        found: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING:
                found[f.name] = functools.partial(_same, f.default)
            elif f.default_factory is not dataclasses.MISSING:
                found[f.name] = f.default_factory
        return found
    return {name: functools.partial(_same, value) for name, value in cls._field_defaults.items()}


def _same(value: Any) -> Any:
    return value


def _maker(cls: Any) -> Callable[[Any], Any]:
    """What makes a record of its values, in its fields' order."""
    if dataclasses.is_dataclass(cls):
        make = typing.cast(Callable[..., Any], cls)
        return lambda values: make(*values)
    return functools.partial(tuple.__new__, cls)


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """A record's fields and their type hints, in order."""
    hints = typing.get_type_hints(cls)
    return tuple((name, hints[name]) for name in _field_names(cls))


def _parts(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    """The origin and arguments of a hint: (tuple, (Report, Ellipsis)) for tuple[Report, ...]."""
    if isinstance(hint, types.UnionType):
        return typing.Union, hint.__args__
    return typing.get_origin(hint), typing.get_args(hint)


def _records_in(hint: Any, found: dict[str, type]) -> dict[str, type]:
    """Every record type that a value of `hint` may hold, by name."""
    if is_record(hint):
        if _name(hint) not in found:
            found[_name(hint)] = hint
            for _, field_hint in _fields(hint):
                _records_in(field_hint, found)
        return found
    for arg in _parts(hint)[1]:
        if arg is not Ellipsis:
            _records_in(arg, found)
    return found


def _schema_of(hint: Any) -> Schema:
    return {name: _field_names(cls) for name, cls in _records_in(hint, {}).items()}


# Encoding and decoding are made once per type hint (and stored schema) as functions; a value
# made only of plain values (str, numbers, tuples of them) is left as it is (None).

@functools.cache
def _encoder(hint: Any) -> Convert:
    if is_record(hint):
        names = _field_names(hint)
        converts = [_encoder(field_hint) for _, field_hint in _fields(hint)]
        if dataclasses.is_dataclass(hint):
            return lambda record: tuple(c(getattr(record, n)) if c else getattr(record, n)
                                        for c, n in zip(converts, names, strict=True))
        if not any(converts):
            return tuple
        return lambda record: tuple(c(v) if c else v for c, v in zip(converts, record, strict=True))
    return _container(hint, _encoder)


@functools.cache
def _decoder(hint: Any, schema: tuple[tuple[str, tuple[str, ...]], ...]) -> Convert:
    if is_record(hint):
        return _record_decoder(hint, schema)
    return _container(hint, lambda inner: _decoder(inner, schema))


def _record_decoder(cls: Any, schema: tuple[tuple[str, tuple[str, ...]], ...]) -> Convert:
    stored = dict(schema).get(_name(cls))
    if stored is None:
        raise Stale(f"no record {_name(cls)} in the stored schema")
    fields = _fields(cls)
    converts = [_decoder(field_hint, schema) for _, field_hint in fields]
    if stored == _field_names(cls) and not any(converts):
        return _maker(cls)
    # Each field of today from its place in a stored row (by name), converted, or its default
    # when it was added since.
    defaults = _defaults(cls)
    hint_of = dict(fields)
    scope: dict[str, Any] = {"_make": _maker(cls)}
    values = []
    for k, ((name, _), convert) in enumerate(zip(fields, converts, strict=True)):
        if name in stored:
            at = stored.index(name)
            values.append(_decoding(f"row[{at}]", f"_c{k}", hint_of[name], convert, schema, scope))
        elif name in defaults:
            scope[f"_d{k}"] = defaults[name]
            values.append(f"_d{k}()")
        else:
            raise Stale(f"{_name(cls)}.{name} is new and has no default")
    # Made as one function for this record and schema: decoding 10,000 cached sheets is on the
    # path of every run, and a loop over the fields of each record took three times as long.
    decode: Callable[[Any], Any] = eval(f"lambda row: _make(({', '.join(values)},))", scope)
    return decode


def _decoding(value: str, name: str, hint: Any, convert: Convert,
              schema: tuple[tuple[str, tuple[str, ...]], ...], scope: dict[str, Any]) -> str:
    """The expression that decodes `value` of `hint` in a generated decoder: a tuple of records
    (a report's, a sheet's problems) is decoded in place, without a call of its own."""
    if convert is None:
        return value
    origin, args = _parts(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and is_record(args[0]):
        scope[name] = _decoder(args[0], schema)
        return f"tuple(map({name}, {value}))"
    scope[name] = convert
    return f"{name}({value})"


def _container(hint: Any, inner: Callable[[Any], Convert]) -> Convert:
    """The conversion of a tuple, list, dict or optional value of `hint` (None: as it is)."""
    origin, args = _parts(hint)
    if origin is typing.Union:
        options = [inner(arg) for arg in args if arg is not type(None)]
        if not any(options):
            return None
        if len(options) > 1:
            raise TypeError(f"{hint}: a union of records cannot be told apart")
        one = options[0]
        assert one is not None
        return lambda value: None if value is None else one(value)
    if (origin in (tuple, list) and len(args) == 2 and args[1] is Ellipsis) or origin is list:
        each = inner(args[0])
        if each is None:
            return None
        make = tuple if origin is tuple else list
        return lambda values: make(map(each, values))
    if origin is tuple:
        converts = [inner(arg) for arg in args]
        if not any(converts):
            return None
        return lambda values: tuple(c(v) if c else v for c, v in zip(converts, values, strict=True))
    if origin is dict:
        key, value = inner(args[0]), inner(args[1])
        if key is not None:
            raise TypeError(f"{hint}: keys must be plain values")
        if value is None:
            return None
        return lambda mapping: {k: value(v) for k, v in mapping.items()}
    return None
