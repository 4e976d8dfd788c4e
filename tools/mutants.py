"""Single-edit mutants of the reference answer cells, generated with `ast` (used by tools.mutation).

Every answer cell of `solutions/<a>/<a>.ipynb` (an nbgrader cell with
`solution: true`) is parsed; each operator below yields one small edit at
one place of a function's signature or body (never its docstring, never code
outside a `def`). A mutant is that cell unparsed with exactly one edit. The
order is that of `ast.walk`, so generation is deterministic; a mutant's id
names the assignment, the cell, the edit and where it is, e.g.
`03_softmax/softmax/keepdims:True->False@L9:43`, and stays the same as long
as the reference cell does.
"""

import ast
import copy
import dataclasses

from grader import course

BINARY_SWAPS = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.Pow: ast.Mult,
    ast.MatMult: ast.Mult,
}
COMPARE_SWAPS = {
    ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.LtE),
    ast.Lt: (ast.LtE, ast.Gt),
    ast.LtE: (ast.Lt, ast.GtE),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
}
# NumPy (and scipy.special) functions and array methods swapped for a near relative.
FUNCTION_SWAPS = {
    "max": "min",
    "min": "max",
    "maximum": "minimum",
    "minimum": "maximum",
    "sum": "mean",
    "mean": "sum",
    "exp": "expm1",
    "expm1": "exp",
    "log": "log1p",
    "log1p": "log",
    "tanh": "sinh",
    "zeros_like": "ones_like",
    "ones_like": "zeros_like",
    "abs": "negative",
    "erfc": "erf",
    "isfinite": "isnan",
    "squeeze": "expand_dims",
    "expand_dims": "squeeze",
}
AXIS_VALUES = (0, 1, -1, None)


@dataclasses.dataclass(frozen=True)
class Mutant:
    """One mutated answer cell: `source` replaces the cell whose grade id is `cell`."""

    assignment: str
    cell: str
    edit: str
    line: int
    column: int
    source: str

    @property
    def id(self):
        return f"{self.assignment}/{self.cell}/{self.edit}@L{self.line}:{self.column}"


def answer_cells(assignment):
    """(grade id, source) of every code answer cell of the source notebook, in notebook order."""
    cells = []
    for cell in course.source_notebook(assignment).cells:
        meta = course.nbgrader_metadata(cell)
        if cell.cell_type == "code" and meta.get("solution"):
            cells.append((meta["grade_id"], cell.source))
    return cells


def _name(node):
    return type(node).__name__


def _constant_alternatives(value):
    """Numbers become 0 (or 1 for 0) and value + 1; booleans flip; strings become another mode's name."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, (int, float)):
        return [1 if value == 0 else 0, value + 1]
    if isinstance(value, str) and value in ("none", "tanh", "sigmoid"):
        return [{"none": "tanh", "tanh": "sigmoid", "sigmoid": "none"}[value]]
    return []


def _edits(node):
    """(label, replacement node) for every single edit of `node` itself (not of its children)."""
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY_SWAPS:
        new = BINARY_SWAPS[type(node.op)]
        yield f"{_name(node.op)}->{new.__name__}", ast.BinOp(node.left, new(), node.right)
    elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPARE_SWAPS:
        for new in COMPARE_SWAPS[type(node.ops[0])]:
            yield f"{_name(node.ops[0])}->{new.__name__}", ast.Compare(node.left, [new()], node.comparators)
    elif (
        isinstance(node, ast.Constant)
        and not isinstance(node.value, str)
        or isinstance(node, ast.Constant)
        and node.value in ("none", "tanh", "sigmoid")
    ):
        for value in _constant_alternatives(node.value):
            yield f"constant:{node.value!r}->{value!r}", ast.Constant(value)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        yield f"drop-{_name(node.op)}", node.operand
    elif isinstance(node, ast.Call):
        yield from _call_edits(node)


def _call_edits(node):
    function = node.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
    if name in FUNCTION_SWAPS:
        new = FUNCTION_SWAPS[name]
        func = (
            ast.Attribute(function.value, new, ast.Load())
            if isinstance(function, ast.Attribute)
            else ast.Name(new, ast.Load())
        )
        yield f"call:{name}->{new}", ast.Call(func, node.args, node.keywords)
    if name == "where" and len(node.args) == 3:
        yield "where:swap-branches", ast.Call(function, [node.args[0], node.args[2], node.args[1]], node.keywords)
    for index, keyword in enumerate(node.keywords):
        if keyword.arg in ("axis", "keepdims", "initial", "copy", "dtype"):
            rest = node.keywords[:index] + node.keywords[index + 1 :]
            yield f"drop-keyword:{keyword.arg}", ast.Call(function, node.args, rest)
        if keyword.arg == "axis":
            current = ast.unparse(keyword.value)
            for value in AXIS_VALUES:
                if repr(value) != current:
                    changed = rest[:index] + [ast.keyword("axis", ast.Constant(value))] + rest[index:]
                    yield f"axis:{current}->{value!r}", ast.Call(function, node.args, changed)


def _default_edits(function):
    """A keyword default `axis=-1` becomes 0, 1 or None (numbers and strings are covered as constants)."""
    arguments = function.args
    named = arguments.args[len(arguments.args) - len(arguments.defaults) :]
    for argument, default in zip(named, arguments.defaults, strict=True):
        if argument.arg == "axis":
            current = ast.unparse(default)
            for value in AXIS_VALUES:
                if repr(value) != current:
                    yield default, f"default:{argument.arg}={current}->{value!r}", ast.Constant(value)


def _mutable_nodes(function):
    """The nodes of a function's signature defaults and body, its docstring and axis defaults left out."""
    body = function.body
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:]
    axis_defaults = {id(default) for default, _, _ in _default_edits(function)}
    for root in list(function.args.defaults) + list(function.args.kw_defaults) + body:
        if root is not None and id(root) not in axis_defaults:
            yield from ast.walk(root)


class _Replace(ast.NodeTransformer):
    """Replace the one node whose identity is `target` (in a deep copy, matched by position)."""

    def __init__(self, target, replacement):
        self.target = target
        self.replacement = replacement

    def visit(self, node):
        if node is self.target:
            return self.replacement
        return self.generic_visit(node)


def _mutate(tree, target_index, replacement_for):
    """A copy of tree where the node at `target_index` in its walk order is replaced."""
    tree = copy.deepcopy(tree)
    target = list(ast.walk(tree))[target_index]
    return ast.unparse(_Replace(target, replacement_for(target)).visit(tree))


def cell_mutants(assignment, cell, source):
    """Every distinct single-edit mutant of one answer cell (those that unparse to the original are dropped)."""
    tree = ast.parse(source)
    original = ast.unparse(tree)
    order = {id(node): index for index, node in enumerate(ast.walk(tree))}
    seen = {original}
    mutants = []

    def add(node, edit, rebuild):
        text = _mutate(tree, order[id(node)], rebuild)
        if text not in seen:
            seen.add(text)
            mutants.append(Mutant(assignment, cell, edit, node.lineno, node.col_offset, text))

    for function in (node for node in tree.body if isinstance(node, ast.FunctionDef)):
        for node, edit, replacement in _default_edits(function):
            add(node, edit, lambda _target, replacement=replacement: replacement)
        for node in _mutable_nodes(function):
            for index, (edit, _) in enumerate(_edits(node)):
                add(node, edit, lambda target, index=index: list(_edits(target))[index][1])
    return mutants


def mutants(assignment):
    """Every mutant of every answer cell of an assignment, in notebook order."""
    return [mutant for cell, source in answer_cells(assignment) for mutant in cell_mutants(assignment, cell, source)]
