"""Load YAML data files into pydantic models, with errors that name the file, the line and the field."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from redactor.errors import ConfigError
from redactor.limits import exceeded, get_limits

M = TypeVar("M", bound=BaseModel)


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that remembers the line of every mapping key and sequence item."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    lines = {}
    for key_node, value_node in node.value:
        lines[loader.construct_object(key_node)] = value_node.start_mark.line + 1
    mapping["__lines__"] = lines
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(value):
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k not in ("__lines__", "__line__")}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _line_of(raw, loc: tuple) -> int | None:
    line = raw.get("__line__") if isinstance(raw, dict) else None
    node = raw
    for part in loc:
        if isinstance(node, dict):
            line = node.get("__lines__", {}).get(part, line)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            if isinstance(node, dict):
                line = node.get("__line__", line)
        else:
            break
    return line


def _expanded_size(root: yaml.Node, limit: int, path: Path) -> int:
    """How many nodes the document has once every alias is expanded (each distinct node is sized
    once, so a billion-laughs file is measured in microseconds, not built)."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise ConfigError(f"{path}:{node.start_mark.line + 1}: recursive YAML alias; refused")
        in_progress.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += size(child)
                if total > limit:
                    break
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                total += size(key_node) + size(value_node)
                if total > limit:
                    break
        in_progress.discard(key)
        sizes[key] = min(total, limit + 1)
        return sizes[key]

    return size(root)


def read_yaml(path: Path):
    """Parse a YAML file; a syntax error names the file and the line. A file too large, or whose
    aliases expand past the node limit (an alias bomb), is refused before it is built."""
    limits = get_limits()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    if len(raw) > limits.max_yaml_kb * 1024:
        raise ConfigError(str(exceeded(f"{path}: the YAML file", limits.max_yaml_kb, "KB",
                                       "max_yaml_kb")))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    try:
        loader = _LineLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            if _expanded_size(node, limits.max_yaml_nodes, path) > limits.max_yaml_nodes:
                raise ConfigError(str(exceeded(f"{path}: the YAML document (aliases expanded)",
                                               limits.max_yaml_nodes, "nodes", "max_yaml_nodes")))
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except RecursionError:
        raise ConfigError(f"{path}: YAML nested too deeply; refused") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "somewhere"
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{path}:{where.removeprefix('line ')}: {problem}") from None


def load_model(path: Path, model: type[M]) -> M:
    """Read `path` as YAML and validate it as `model`; the first error names file:line and field."""
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}:1: expected a mapping at the top level")
    try:
        return model.model_validate(_strip_lines(raw))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc) or "(top level)"
        line = _line_of(raw, loc) or 1
        raise ConfigError(f"{path}:{line}: {field}: {err['msg']}") from None
