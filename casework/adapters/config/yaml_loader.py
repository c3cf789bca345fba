"""Safe YAML loading with narrowed implicit typing and a line number for every YAML path.

PyYAML implements YAML 1.1, whose implicit typing sets traps for people who edit config by hand:

* ``yes``/``no``/``on``/``off``/``y``/``n`` become booleans, so a vote option ``no`` would
  arrive as ``False`` and a key ``on:`` as ``True``;
* ``16:30`` is a base-60 ("sexagesimal") integer, 990, which a time field then reads as
  00:16:30, while ``08:00`` (not valid base 60 with a leading zero) stays a string;
* a leading zero makes an octal integer (``0123`` is 83), and a bare ``=`` has no constructor
  in the safe loader and crashes it.

:class:`NarrowLoader` keeps only ``true``/``false`` (any case) as booleans, decimal, hex and
binary integers, decimal floats, null and ISO dates; everything else stays a string. Pydantic then
checks the types, so a value is never silently reinterpreted between the file and the model.

:func:`load_yaml` also records the 1-based line of every mapping key and sequence item under
its YAML path (``transitions[3].to``, ``steps[2]``), so findings can point at a line, and it
reports keys that occur twice in one mapping (YAML keeps the last one without a word).
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casework.domain.errors import ConfigFileError
from casework.domain.messages import Msg

# The C parser is several times faster; line numbers come from node marks either way.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class NarrowLoader(_Base):  # type: ignore[misc]  # the base is chosen at run time
    """A safe loader whose implicit typing is narrowed to the values nobody misreads."""

    # A fresh table, so that the resolvers of yaml.SafeLoader itself stay untouched.
    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Construct ``node``; a value Python cannot hold becomes a YAML error at its line.

        PyYAML's constructors raise plain ``ValueError`` for a date that does not exist
        (``2026-02-30``), a time-zone offset past 24 hours or an integer of more than 4,300
        digits, and ``AttributeError`` or ``TypeError`` for an explicit tag on a value it does
        not fit (``!!timestamp x``, ``!!int x``); as a marked error it is reported with the file
        and line like a syntax error.
        """
        try:
            return super().construct_object(node, deep=deep)
        except _BAD_VALUE as exc:
            value = node.value if isinstance(node.value, str) else ""
            value = value if len(value) <= 40 else value[:40] + "…"
            problem = f"{value}: {exc}" if value else str(exc)
            raise yaml.constructor.ConstructorError(
                None, None, problem[:200], node.start_mark
            ) from None


#: What a constructor raises for a value it cannot build (see NarrowLoader.construct_object).
_BAD_VALUE = (ValueError, OverflowError, TypeError, AttributeError, IndexError, KeyError)

#: The most nodes a document may expand to through its aliases. A configuration file has a few
#: thousand; a "billion laughs" document has 10^9 (a few lines of ``&a``/``*a`` that double or
#: multiply at every level) and would fill the memory of whatever walks it.
MAX_NODES = 100_000


_RESOLVERS: tuple[tuple[str, str, str], ...] = (
    # Only the words true and false are booleans (any case, as YAML 1.2 allows three spellings
    # and people type all sorts); yes/no/on/off/y/n stay strings.
    ("tag:yaml.org,2002:bool", r"^(?i:true|false)$", "tTfF"),
    # Decimal integers without a leading zero (no octal surprise), hex and binary; no base 60.
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+)$",
        "-+0123456789",
    ),
    # Decimal floats and the special values; the base-60 alternative of YAML 1.1 is left out.
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
        r"|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    # ISO dates (holidays, meeting days) are unambiguous and pydantic accepts date objects.
    (
        "tag:yaml.org,2002:timestamp",
        r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
        r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$",
        "0123456789",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
)

for _tag, _pattern, _first in _RESOLVERS:
    # The empty first character list lets the null resolver match the empty scalar.
    NarrowLoader.add_implicit_resolver(
        _tag, re.compile(_pattern), [*_first, ""] if _tag.endswith("null") else list(_first)
    )


@dataclass(frozen=True, slots=True)
class LoadedYaml:
    """A parsed YAML document with the line of every key and item, keyed by YAML path.

    ``lines[""]`` is the line where the document's content starts. ``duplicate_keys`` lists
    (path, line) for every key that occurs a second time in the same mapping.
    """

    data: Any
    lines: dict[str, int]
    duplicate_keys: tuple[tuple[str, int], ...] = ()

    def line_of(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        current: str | None = path
        while current is not None:
            line = self.lines.get(current)
            if line is not None:
                return line
            current = parent_path(current)
        return None


_LAST_SEGMENT = re.compile(r"(?:\.[^.\[\]]*|\[\d+\])$")


def parent_path(path: str) -> str | None:
    """The YAML path one level up (``steps[2].role`` → ``steps[2]`` → ``steps`` → ``""``)."""
    if not path:
        return None
    match = _LAST_SEGMENT.search(path)
    # A top-level key such as "steps" has no separator before it and hangs off the root.
    return "" if match is None else path[: match.start()]


def join_path(parent: str, key: str | int) -> str:
    """``parent`` extended by a mapping key or a sequence index."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def load_yaml(text: str, file: str) -> LoadedYaml:
    """``text`` parsed safely, with line numbers; :class:`ConfigFileError` on a syntax error.

    The error's parameters carry ``line`` and ``column`` (1-based) besides ``file`` and
    ``detail``, so a caller that collects problems can place it.
    """
    loader = NarrowLoader(text)
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    try:
        node = loader.get_single_node()
        if node is None:
            return LoadedYaml(None, lines)
        # Lines are taken before construction, which flattens merge keys into the mapping
        # and would make an overridden merged key look like a duplicate.
        lines[""] = node.start_mark.line + 1
        _check_size(node, file)
        _record(node, "", lines, duplicates, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(file, exc) from None
    except yaml.YAMLError as exc:  # reader errors (bad characters) carry no mark
        raise ConfigFileError(file=file, detail=str(exc).replace("\n", " ")) from None
    except RecursionError:
        raise ConfigFileError(file=file, detail="nested too deeply") from None
    except _BAD_VALUE as exc:  # raised while filling a collection, after its node was built
        raise ConfigFileError(file=file, detail=" ".join(str(exc).split())[:200]) from None
    finally:
        loader.dispose()
    return LoadedYaml(data, lines, tuple(duplicates))


def load_yaml_file(path: Path, display: str | None = None) -> LoadedYaml:
    """The YAML file at ``path`` (named ``display`` in errors); see :func:`load_yaml`."""
    name = display if display is not None else str(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or a device would block or never end
            raise ConfigFileError(file=name, detail="not a regular file")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigFileError(
            file=name, detail=Msg("config.not_utf8", position=exc.start)
        ) from None
    except OSError as exc:
        raise ConfigFileError(file=name, detail=exc.strerror or str(exc)) from None
    return load_yaml(text, name)


def _check_size(root: yaml.Node, file: str) -> None:
    """Refuse a document that expands to more than :data:`MAX_NODES` nodes through aliases.

    An alias is the same node object at another place, so the expanded size is counted once
    per node (memoised), without expanding anything.
    """
    sizes: dict[int, int] = {}
    # Iterative post-order walk: nesting depth is the parser's business, not the stack's.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            children = _children(node)
            total = 1 + sum(sizes.get(id(child), 1) for child in children)
            sizes[key] = total
            if total > MAX_NODES:
                line, column = node.start_mark.line + 1, node.start_mark.column + 1
                where = {"line": line, "column": column}
                raise ConfigFileError(
                    file=file,
                    detail=Msg("config.yaml_position", problem=_too_big(), **where),
                    line=line,
                    column=column,
                )
            continue
        if key in sizes or key in active:
            continue  # counted already (an alias), or an alias of its own ancestor
        active.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))


def _too_big() -> str:
    return f"the aliases (&/*) expand the document to more than {MAX_NODES:,} values".replace(
        ",", "."
    )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _syntax_error(file: str, exc: yaml.MarkedYAMLError) -> ConfigFileError:
    mark = exc.problem_mark or exc.context_mark
    problem = ": ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
    if mark is None:
        return ConfigFileError(file=file, detail=problem)
    line, column = mark.line + 1, mark.column + 1
    return ConfigFileError(
        file=file,
        detail=Msg("config.yaml_position", problem=problem, line=line, column=column),
        line=line,
        column=column,
    )


def _record(
    node: yaml.Node,
    path: str,
    lines: dict[str, int],
    duplicates: list[tuple[str, int]],
    active: set[int],
) -> None:
    # Walks the composed node tree in step with the data it becomes: a mapping key's line is
    # where the key is written, an item's line where the item starts. ``active`` holds the
    # nodes on the current branch, because an alias may refer to its own ancestor.
    if id(node) in active:
        return
    active.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                continue  # complex keys cannot be named by a path; merged keys stay at "<<"
            child = join_path(path, key_node.value)
            line = key_node.start_mark.line + 1
            if child in lines:
                duplicates.append((child, line))
            lines[child] = line
            _record(value_node, child, lines, duplicates, active)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = join_path(path, index)
            lines[child] = item.start_mark.line + 1
            _record(item, child, lines, duplicates, active)
    active.discard(id(node))
