"""Evidence for triage: is a surviving mutant observably wrong under the exercise contract?

`first_difference(mutant)` runs the mutated function and the reference side
by side on a broad battery of inputs the contract allows (every dtype rule,
0-d, empty, n-d, kinks, large |x|, NaN, the default and other keyword
values, bad arguments that must raise) and returns the first difference the
contract forbids: another value (contract tolerance), shape, dtype or
exception, an overflow warning on finite input, or a modified input. None
means no difference was found: the mutant is a candidate for
tests/mutation/equivalent.txt, where a person writes down why it is correct.

The mutants are our own reference code with one edit (never a student's),
run in the worker processes of tools.mutation.
"""

import ast
import copy
import dataclasses
import inspect
import types
import warnings

import numpy as np

from grader import course
from grader.judging.checks import expected_dtype, values_match
from grader.reference import load_reference


@dataclasses.dataclass(frozen=True)
class Probe:
    """One call: `function(*args, **kwargs)`; an arg that is a `Fresh` is rebuilt for each side."""

    label: str
    function: str
    args: tuple
    kwargs: dict
    finite: bool = True


@dataclasses.dataclass(frozen=True)
class Fresh:
    """An argument built anew for every call (a random generator, whose state a call changes)."""

    make: object


def _spread(rng, low, high, n=60):
    return np.logspace(np.log10(low), np.log10(high), n) * rng.uniform(0.9, 1.0, n)


def _elementwise_inputs(rng):
    """(label, x, finite) for the common rules of an elementwise function."""
    typical = rng.normal(0, 3, 400)
    large = np.concatenate([_spread(rng, 10, 1e4), -_spread(rng, 10, 1e4), [700.0, 710.0, -745.0, 800.0]])
    return [
        ("typical", typical, True),
        ("small", rng.normal(0, 0.01, 100), True),
        ("kink", np.array([0.0, -0.0, 1e-300, -1e-300, 5e-324, 0.0]), True),
        ("large", large, True),
        ("float32", typical.astype(np.float32), True),
        ("large float32", large.astype(np.float32), True),
        ("integer", np.arange(-6, 7), True),
        ("python float", 1.7, True),
        ("python float at 0", 0.0, True),
        ("python float negative", -2.3, True),
        ("0-d", np.array(-0.8), True),
        ("empty", np.zeros((0, 3)), True),
        ("3-d", rng.normal(0, 3, (2, 3, 4)), True),
        ("NaN", np.array([np.nan, 1.0, -1.0, 0.0]), False),
    ]


KEYWORD_VALUES = {
    "alpha": (0.2, 1.5, 2.0),
    "beta": (0.5, 2.5),
    "approximate": ("none", "tanh", "sigmoid", "exact", None),
    "temperature": (0.5, 3.0, 0.0, -1.0),
    "eps": (1e-2, 1e-4),
}


def _keyword_variants(signature):
    """{} (every default) and, for each keyword parameter, each of its other values alone."""
    variants = [{}]
    for parameter in signature.parameters.values():
        if parameter.default is not inspect.Parameter.empty:
            variants += [{parameter.name: value} for value in KEYWORD_VALUES.get(parameter.name, ())]
    return variants


def _elementwise_probes(name, signature, rng):
    finite_only = name.endswith("_grad")
    for kwargs in _keyword_variants(signature):
        for label, x, finite in _elementwise_inputs(rng):
            if not (finite_only and not finite):
                yield Probe(f"{label} {kwargs or 'defaults'}", name, (x,), kwargs, finite)


def _softmax_inputs(rng):
    return [
        ("2-d", rng.normal(0, 3, (4, 7))),
        ("2-d other shape", rng.normal(0, 3, (5, 3))),
        ("3-d", rng.normal(0, 3, (2, 6, 3))),
        ("1-d", rng.normal(0, 3, 9)),
        ("large", rng.uniform(-1e4, 1e4, (3, 8))),
        ("large float32", rng.uniform(-1e4, 1e4, (3, 8)).astype(np.float32)),
        ("float32", rng.normal(0, 3, (4, 6)).astype(np.float32)),
        ("integer", rng.integers(-5, 6, (3, 5))),
        ("empty batch", np.zeros((0, 5))),
        ("batch of one", rng.normal(0, 3, (1, 7))),
        ("one column", rng.normal(0, 3, (3, 1))),
        ("far apart", np.array([[0.0, -1000.0, -50.0], [800.0, 0.0, -800.0]])),
        ("-inf entries", np.array([[0.0, -np.inf, 1.0, -np.inf], [-np.inf, 5.0, 2.0, 1.0]])),
    ]


def _softmax_probes(name, signature, rng):
    axes = [{}, {"axis": 0}, {"axis": 1}, {"axis": -1}, {"axis": -2}]
    for label, x in _softmax_inputs(rng):
        if name == "softmax_naive" and ("large" in label or "far" in label):
            continue
        finite = bool(np.all(np.isfinite(x)))
        for axis in axes:
            if "axis" in axis and not -x.ndim <= axis["axis"] < x.ndim:
                continue
            if x.shape[axis.get("axis", -1)] == 0:
                continue  # a reduction over a zero-length axis is not defined by the contract
            if name == "softmax_backward":
                if x.dtype.kind != "f":
                    continue
                y = load_reference("03_softmax").softmax(x, **axis)
                dout = rng.normal(0, 1, x.shape).astype(y.dtype)
                yield Probe(f"{label} {axis or 'defaults'}", name, (dout, y), axis, finite)
                continue
            for kwargs in _keyword_variants(signature):
                yield Probe(f"{label} {axis or 'default axis'} {kwargs}", name, (x,), {**axis, **kwargs}, finite)


def _cross_entropy_probes(name, rng):
    for label, logits in [
        ("typical", rng.normal(0, 2, (8, 5))),
        ("large", rng.uniform(-1e4, 1e4, (6, 4))),
        ("float32", rng.normal(0, 2, (8, 5)).astype(np.float32)),
        ("one", rng.normal(0, 2, (1, 3))),
        ("integer", rng.integers(-3, 4, (5, 4))),
    ]:
        labels = rng.integers(0, logits.shape[1], logits.shape[0])
        yield Probe(label, name, (logits, labels), {})


def _probes_01_02(name, reference, rng):
    if name == "prelu_backward" or name == "prelu":
        for x_shape, alpha_shape in [
            ((6, 4), None),
            ((6, 4), (4,)),
            ((2, 3, 4, 4), (3, 1, 1)),
            ((6, 4), (1, 4)),
            ((7,), (7,)),
            ((5,), ()),
            ((2, 3, 2, 2), (3, 1, 1)),
            ((1, 4), (1, 4)),
            ((3, 4), (3, 1)),
        ]:
            for dtype in (np.float64, np.float32):
                x = rng.normal(0, 2, x_shape).astype(dtype)
                x.flat[::5] = 0.0
                alpha = 0.25 if alpha_shape is None else rng.uniform(0.05, 0.5, alpha_shape)
                dout = rng.normal(0, 1, x_shape).astype(dtype)
                args = (dout, x, alpha) if name == "prelu_backward" else (x, alpha)
                yield Probe(f"x {x_shape} {np.dtype(dtype)} alpha {alpha_shape}", name, args, {})
    elif name == "numerical_grad":
        for f in (np.sin, np.exp, lambda v: v**3, lambda v: v * v):
            for x in (
                rng.uniform(-3, 3, 40),
                rng.uniform(-3, 3, (3, 4, 2)),
                np.array(0.7),
                np.array([-2, -1, 0, 1, 2]),
                np.array([-2.0, 0.0, 2.0], dtype=np.float32),
            ):
                for kwargs in ({}, {"eps": 1e-2}, {"eps": 1e-4}):
                    yield Probe(f"{getattr(f, '__name__', 'lambda')} {x.dtype}{x.shape} {kwargs}", name, (f, x), kwargs)
    elif name in ("dense_forward", "dense_backward"):
        for activation in ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "swish"):
            for n in (1, 6):
                x, W, b = rng.normal(0, 1, (n, 3)), rng.normal(0, 1, (3, 4)), rng.normal(0, 1, 4)
                if name == "dense_forward":
                    yield Probe(f"{activation} n={n}", name, (x, W, b, activation), {})
                else:
                    da = rng.normal(0, 1, (n, 4))
                    yield Probe(f"{activation} n={n}", name, (da, reference.dense_forward(x, W, b, activation)[1]), {})
    else:
        yield from _elementwise_probes(name, inspect.signature(getattr(reference, name)), rng)


def _probes_04_05(name, reference, rng):
    if name == "dead_unit_fraction":
        for label, z in [
            ("random", rng.normal(0, 1, (20, 10))),
            ("dead columns", -np.abs(rng.normal(0, 1, (20, 10)))),
            ("zeros", np.zeros((5, 4))),
            ("one sample", rng.normal(0, 1, (1, 8))),
            ("float32", rng.normal(-1, 1, (30, 6)).astype(np.float32)),
            ("integer", rng.integers(-3, 1, (10, 5))),
        ]:
            z[:, :2] = -np.abs(z[:, :2])
            yield Probe(label, name, (z,), {})
    elif name == "he_init":
        for fan_in, fan_out in [(3, 5), (1, 1), (64, 32), (2, 300), (500, 400)]:
            yield Probe(f"{fan_in}x{fan_out}", name, (fan_in, fan_out, Fresh(lambda: np.random.default_rng(5))), {})
    else:
        for activation in ("sigmoid", "tanh", "relu"):
            for depth, width, batch in [(1, 4, 3), (5, 8, 6), (12, 16, 4)]:
                x = rng.normal(0, 1, (batch, width))
                weights = [rng.normal(0, 1 / np.sqrt(width), (width, width)) for _ in range(depth)]
                if name == "forward_deep":
                    yield Probe(f"{activation} depth {depth}", name, (x, weights, activation), {})
                else:
                    cache = reference.forward_deep(x, weights, activation)[1]
                    dout = rng.normal(0, 1, (batch, width)) / batch
                    yield Probe(f"{activation} depth {depth}", name, (dout, cache, weights, activation), {})


def probes(assignment, name, reference):
    """The battery of calls for one function of an assignment."""
    rng = np.random.default_rng(20261129)
    if assignment == "03_softmax":
        if name.startswith("cross_entropy"):
            return list(_cross_entropy_probes(name, rng))
        return list(_softmax_probes(name, inspect.signature(getattr(reference, name)), rng))
    if assignment in ("04_dead_neurons", "05_vanishing_gradients"):
        return list(_probes_04_05(name, reference, rng))
    return list(_probes_01_02(name, reference, rng))


def mutant_namespace(mutant):
    """The solution notebook's code cells up to the mutant's (test cells left out), the mutant in its cell."""
    namespace = types.ModuleType(f"mutant_{mutant.assignment}")
    for cell in course.source_notebook(mutant.assignment).cells:
        if cell.cell_type != "code" or course.is_test_cell(cell):
            continue
        if course.nbgrader_metadata(cell).get("grade_id") == mutant.cell:
            exec(compile(mutant.source, f"<{mutant.id}>", "exec"), namespace.__dict__)
            return namespace
        exec(compile(cell.source, f"<{mutant.assignment}>", "exec"), namespace.__dict__)
    raise KeyError(f"no answer cell {mutant.cell!r} in {mutant.assignment}")


def _run(function, probe):
    """(status, value or exception type name, overflow warning?, input modified?, result shares an input's memory?)."""
    args = tuple(arg.make() if isinstance(arg, Fresh) else copy.deepcopy(arg) for arg in probe.args)
    before = copy.deepcopy(args)
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        try:
            value = function(*args, **probe.kwargs)
            status = "ok"
        except Exception as error:  # the exception's type is part of the behaviour compared
            value, status = type(error).__name__, "error"
    if status == "ok":
        arrays = [a for a in args if isinstance(a, np.ndarray)]
        outputs = value if isinstance(value, tuple) else (value,)
        aliased = any(isinstance(out, np.ndarray) and np.shares_memory(out, a) for out in outputs for a in arrays)
    else:
        aliased = False
    overflow = any("overflow" in str(w.message) or "invalid value" in str(w.message) for w in caught)
    modified = any(
        isinstance(a, np.ndarray) and not np.array_equal(a, b, equal_nan=True)
        for a, b in zip(args, before, strict=True)
    )
    return status, value, overflow, modified, aliased


def _same_value(got, want):
    """Equal under the contract: same structure, shape and dtype, values within its tolerance."""
    if isinstance(want, tuple) or isinstance(want, list):
        return isinstance(got, (tuple, list)) and len(got) == len(want) and all(map(_same_value, got, want))
    if isinstance(want, dict):
        return isinstance(got, dict) and got.keys() == want.keys() and all(_same_value(got[k], want[k]) for k in want)
    if isinstance(want, str) or want is None:
        return got == want
    got_array, want_array = np.asarray(got), np.asarray(want)
    if got_array.shape != want_array.shape or got_array.dtype != want_array.dtype:
        return False
    if want_array.dtype.kind not in "fiu":
        return np.array_equal(got_array, want_array)
    return values_match(got_array, want_array.astype(expected_dtype(want_array)))


def difference(reference_fn, mutant_fn, probe):
    """How the mutant's call differs from the reference's under the contract, or None."""
    ref_status, want, ref_overflow, _, ref_aliased = _run(reference_fn, probe)
    status, got, overflow, modified, aliased = _run(mutant_fn, probe)
    if status != ref_status or (status == "error" and got != want):
        return (
            f"{probe.function} on {probe.label}: {got if status == 'error' else 'returns'} "
            f"where the reference {want if ref_status == 'error' else 'returns'}"
        )
    if modified:
        return f"{probe.function} on {probe.label}: modifies its input"
    if aliased and not ref_aliased:
        return f"{probe.function} on {probe.label}: returns (a view of) its input, not a new array"
    if probe.finite and overflow and not ref_overflow:
        return f"{probe.function} on {probe.label}: overflow or invalid-value warning"
    if status == "ok" and not _same_value(got, want):
        return f"{probe.function} on {probe.label}: another value, shape or dtype"
    return None


def first_difference(mutant):
    """The first contract-visible difference of the mutant's functions from the reference, or None."""
    reference = load_reference(mutant.assignment)
    namespace = mutant_namespace(mutant)
    names = [node.name for node in ast.parse(mutant.source).body if isinstance(node, ast.FunctionDef)]
    for name in names:
        for probe in probes(mutant.assignment, name, reference):
            found = difference(getattr(reference, name), getattr(namespace, name), probe)
            if found:
                return found
    return None
