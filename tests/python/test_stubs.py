"""The hand-written stubs (python/chitieu/_core.pyi) cover what _core exports."""

import ast
from pathlib import Path

import chitieu
from chitieu import _core

STUB = Path(chitieu.__file__).with_name("_core.pyi")


def _stubbed():
    names = {}
    for node in ast.parse(STUB.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            names[node.name] = {m.name for m in node.body if isinstance(m, ast.FunctionDef)} | {
                m.target.id for m in node.body if isinstance(m, ast.AnnAssign)}
        elif isinstance(node, ast.FunctionDef):
            names[node.name] = set()
    return names


def test_every_core_name_and_member_has_a_stub():
    stubbed = _stubbed()
    missing = []
    for name in dir(_core):
        if name.startswith("__"):
            continue
        if name not in stubbed:
            missing.append(name)
            continue
        obj = getattr(_core, name)
        if isinstance(obj, type):
            members = {m for m in vars(obj) if not m.startswith("_") or m in ("__len__",
                                                                              "__getitem__")}
            missing += [f"{name}.{m}" for m in sorted(members - stubbed[name])]
    assert missing == []


def test_no_stub_for_a_name_core_lacks():
    assert [n for n in _stubbed() if not hasattr(_core, n)] == []


def test_package_is_typed():
    assert STUB.with_name("py.typed").is_file()
