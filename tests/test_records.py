"""quick_init: the same records as the dataclass would make, built faster."""

import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from narrator.facts import Fact, FactKind, Figure
from narrator.records import quick_init


@dataclass(frozen=True, slots=True)
class Plain:
    a: int
    b: str = "b"
    c: tuple = ()


Quick = quick_init(dataclass(frozen=True, slots=True)(type("Quick", (), {
    "__annotations__": {"a": "int", "b": "str", "c": "tuple"}, "b": "b", "c": ()})))


@pytest.mark.parametrize("args, kwargs", [((1,), {}), ((1, "x"), {}), ((1,), {"c": (2,)}), ((), {"a": 3, "b": "y"})])
def test_same_fields_as_the_dataclass_would_set(args, kwargs):
    made, usual = Quick(*args, **kwargs), Plain(*args, **kwargs)
    assert (made.a, made.b, made.c) == (usual.a, usual.b, usual.c)
    assert repr(made) == repr(usual).replace("Plain", "Quick")


def test_still_frozen_comparable_hashable_and_picklable():
    one = Figure(81.4, 1, (), "cell")
    with pytest.raises(FrozenInstanceError):
        one.value = 80.0  # type: ignore[misc]
    assert one == Figure(81.4, 1, ()) and hash(one) == hash(Figure(81.4, 1, ()))
    assert one != Figure(81.5, 1, ())
    fact = Fact(FactKind.LATEST, "R1", one, label="England")
    assert pickle.loads(pickle.dumps(fact)) == fact
    assert fact.reference is None and fact.stated is False  # defaults


def test_missing_and_unknown_arguments_fail_as_usual():
    with pytest.raises(TypeError):
        Figure(81.4)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Figure(81.4, 1, (), colour="red")  # type: ignore[call-arg]


def test_refuses_what_it_cannot_build():
    with pytest.raises(TypeError, match="slots"):
        quick_init(dataclass(frozen=True)(type("NoSlots", (), {"__annotations__": {"a": "int"}})))

    @dataclass(frozen=True, slots=True)
    class Factory:
        a: list = field(default_factory=list)

    with pytest.raises(TypeError, match="plain defaults"):
        quick_init(Factory)

    @dataclass(frozen=True, slots=True)
    class Post:
        a: int

        def __post_init__(self) -> None:
            pass

    with pytest.raises(TypeError, match="__post_init__"):
        quick_init(Post)
