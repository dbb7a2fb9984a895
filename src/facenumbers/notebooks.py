"""Generate exercise notebooks from solution notebooks, and keep notebooks clean.

The solution notebook is the master. In it, an answer cell holds its solution between
nbgrader's markers::

    ### BEGIN SOLUTION
    ppv_cardiff = (2470 - 2297) / 2470
    ### END SOLUTION

and the check right after it is one line, ``check("ppv_cardiff")``. The exercise copy
replaces each solution block with a stub that the checks reject (``ppv_cardiff = ...``; a
function keeps its signature and returns ``...``), removes markdown solution notes, locks
the check cells, and gives every graded cell a stable id in its metadata, so that grading
survives cells being moved.

A **memo** (free text that the instructor grades) is a solution block that assigns a
triple-quoted string. Its stub is an empty triple-quoted string to write in; its answer cell
becomes an nbgrader "manually graded answer" (worth the ``points`` already in the master's cell
metadata, else 1), and its check cell stays locked but is not an autograded test: the check
reports on the text ("For your instructor") and never passes it.

A **written answer** is a markdown cell holding a solution block (notes on what a good answer
says). Its stub is "*Write your answer here.*". nbgrader requires a markdown solution cell to be
a "manually graded answer", so it is labelled as one, worth the ``points`` already in the
master's cell metadata, else 0: by default the instructor reads it without it counting.

**Hidden tests.** A check cell of the master may end with instructor-only tests between
nbgrader's markers::

    check("ppv")
    ### BEGIN HIDDEN TESTS
    assert abs(ppv(0.5, 0.5, 0.5) - 0.5) < 1e-9
    ### END HIDDEN TESTS

The exercise copy keeps only ``check("ppv")``, as ``nbgrader generate_assignment`` does in its
release copy (nbgrader puts the tests back when it autogrades). Hidden tests are allowed only in
autograded check cells (nbgrader refuses them elsewhere), and must not nest or be left open.

The solution notebooks are therefore nbgrader source notebooks as they stand: copy
``solutions/NN-topic.ipynb`` to ``source/NN-topic/`` of an nbgrader course and run
``nbgrader generate_assignment`` and ``nbgrader autograde`` (a failed check raises while nbgrader
runs the notebook, see :func:`facenumbers.checks.strict_mode`).

**Variants** (``facenumbers assign``). A cell whose numbers or words vary between students
names them in its metadata, ``facenumbers_vary``: each literal as the default text states it,
and the name of the text that replaces it in a variant (see ``texts_for`` of the lesson's checks
module)::

    "facenumbers_vary": {"100,000": "crowd", "100_000": "crowd_code"}

``make exercises`` leaves the text as it is and drops this metadata, so its output does not
change; :func:`variant_exercise` replaces every occurrence of each literal (a whole number or
word, never part of one) and binds the import cell to the variant (``check, progress =
for_variant("<key>")``). A literal that its cell does not hold is an error, in both builds.

>>> print(stub_for("ppv_cardiff = (2470 - 2297) / 2470"))
# YOUR CODE HERE: replace ... with your answer
ppv_cardiff = ...
>>> print(stub_for("def ppv(prevalence, hit_rate, false_match_rate):\\n    return 1"))
# YOUR CODE HERE: replace ... with your answer
def ppv(prevalence, hit_rate, false_match_rate):
    return ...
"""

from __future__ import annotations

import ast
import json
import re
import textwrap
from pathlib import Path

import nbformat

from facenumbers.models.validation import require_instance, require_path

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
MARKDOWN_STUB = "*Write your answer here.*"
MEMO = "memo"
#: Cell metadata naming the literals a variant replaces: {literal: name of its text}.
VARY = "facenumbers_vary"
# nbgrader's delimiters of hidden tests: a line holding one begins or ends them.
HIDDEN_BEGIN = "BEGIN HIDDEN TESTS"
HIDDEN_END = "END HIDDEN TESTS"
_MEMO_COMMENT = "# YOUR ANSWER HERE: write your text between the triple quotes (new lines are fine)"
_CHECK_CALL = re.compile(r"""^check\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\)\s*$""")
_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)### BEGIN SOLUTION[^\n]*\n(?P<body>.*?)^[ \t]*### END SOLUTION[^\n]*(\n|$)",
    re.MULTILINE | re.DOTALL,
)


def stub_for(solution: str, indent: str = "") -> str:
    '''The stub that replaces a solution block: each answer name bound to ``...``.

    A block inside a function body (indented markers) becomes ``return ...``. A memo (a name
    bound to a triple-quoted string) becomes an empty triple-quoted string to write in:

    >>> print(stub_for('memo = """I advise against it."""'))
    # YOUR ANSWER HERE: write your text between the triple quotes (new lines are fine)
    memo = """
    <BLANKLINE>
    """
    '''
    tree = ast.parse(textwrap.dedent(solution))
    memos = [] if indent else _memo_targets(textwrap.dedent(solution))
    lines = [_MEMO_COMMENT if memos else "# YOUR CODE HERE: replace ... with your answer"]
    if indent:  # inside a function: the function returns ..., whatever the solution computed
        returns = any(isinstance(node, ast.Return) for node in tree.body)
        return "\n".join(indent + line for line in lines + ["return ..." if returns else "..."])
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            header = ast.get_source_segment(textwrap.dedent(solution), node).splitlines()[0]
            lines += [header, "    return ..."]
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for name in map(ast.unparse, targets):
                lines += [f'{name} = """', "", '"""'] if name in memos else [f"{name} = ..."]
    if len(lines) == 1:
        lines.append("...")
    return "\n".join(indent + line for line in lines)


def _memo_targets(source: str) -> list[str]:
    '''Names that ``source`` binds to a triple-quoted string: the answers of memos.

    >>> _memo_targets('choice = "b"\\nmemo = """Text."""')
    ['memo']
    '''
    names = []
    for node in ast.parse(source).body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)):
            segment = ast.get_source_segment(source, node.value) or ""
            if segment.lstrip("rRuU").startswith(('"""', "'''")):
                names += [ast.unparse(target) for target in node.targets]
    return names


def _memo_names(source: str) -> list[str]:
    """The memo answers set inside the solution blocks of a code cell."""
    return [name for match in _BLOCK.finditer(source)
            for name in _memo_targets(textwrap.dedent(match["body"]))]


def _notebook(notebook: object) -> None:
    """A TypeError unless ``notebook`` is a notebook (a mapping with a list of cells)."""
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise TypeError("notebook must be a notebook (as nbformat.read returns it); got a "
                        f"{type(notebook).__name__}.")


def _cell(cell: object) -> None:
    """A TypeError unless ``cell`` is a notebook cell (a mapping with a cell_type)."""
    if not isinstance(cell, dict) or "cell_type" not in cell:
        raise TypeError(f"cell must be a notebook cell; got a {type(cell).__name__}.")


def is_memo(cell: nbformat.NotebookNode) -> bool:
    """True for a (labelled) memo cell: its answer cell or its check cell.

    >>> is_memo(nbformat.v4.new_code_cell('check("memo")', metadata={"facenumbers": {"kind": "memo"}}))
    True
    """
    _cell(cell)
    return cell.get("metadata", {}).get("facenumbers", {}).get("kind") == MEMO


def _replace_blocks(source: str, markdown: bool) -> str:
    def replace(match: re.Match[str]) -> str:
        if markdown:
            return MARKDOWN_STUB + "\n"
        return stub_for(match["body"], match["indent"]) + "\n"

    return _BLOCK.sub(replace, source).rstrip("\n")


def strip_hidden_tests(source: str) -> str:
    """``source`` without its hidden tests: each line from one holding ``BEGIN HIDDEN TESTS``
    to the next holding ``END HIDDEN TESTS``, both included (nbgrader's rule), and the blank
    lines this leaves at the end. Source without hidden tests comes back unchanged.

    >>> print(strip_hidden_tests('check("ppv")\\n### BEGIN HIDDEN TESTS\\nassert ppv(1, 1, 0) == 1\\n### END HIDDEN TESTS'))
    check("ppv")
    >>> strip_hidden_tests("### END HIDDEN TESTS")
    Traceback (most recent call last):
    ...
    ValueError: line 1: END HIDDEN TESTS without a BEGIN HIDDEN TESTS before it
    """
    if not _hidden_markers(source):
        return source
    kept, begun = [], None
    for number, line in enumerate(source.split("\n"), start=1):
        if HIDDEN_BEGIN in line:
            if begun is not None:
                raise ValueError(f"line {number}: BEGIN HIDDEN TESTS inside the hidden tests "
                                 f"begun on line {begun} (they cannot nest)")
            begun = number
        elif HIDDEN_END in line:
            if begun is None:
                raise ValueError(f"line {number}: END HIDDEN TESTS without a BEGIN HIDDEN TESTS "
                                 f"before it")
            begun = None
        elif begun is None:
            kept.append(line)
    if begun is not None:
        raise ValueError(f"line {begun}: BEGIN HIDDEN TESTS is never ended by END HIDDEN TESTS")
    return "\n".join(kept).rstrip("\n")


def has_hidden_tests(cell: nbformat.NotebookNode) -> bool:
    """True when a cell holds a hidden-test marker (``BEGIN HIDDEN TESTS`` or ``END HIDDEN TESTS``).

    >>> has_hidden_tests(nbformat.v4.new_code_cell('check("ppv")'))
    False
    """
    _cell(cell)
    return _hidden_markers(cell.get("source", ""))


def _hidden_markers(source: str) -> bool:
    return HIDDEN_BEGIN in source or HIDDEN_END in source


def checked_name(cell: nbformat.NotebookNode) -> str | None:
    """The answer name a check cell checks, or None for any other cell.

    A check cell is one ``check("name")`` line, plus hidden tests in the master (a cell with
    broken hidden-test markers is no check cell):

    >>> checked_name(nbformat.v4.new_code_cell('check("ppv")'))
    'ppv'
    >>> checked_name(nbformat.v4.new_code_cell('check("ppv")\\n### BEGIN HIDDEN TESTS\\nassert ppv\\n### END HIDDEN TESTS'))
    'ppv'
    """
    _cell(cell)
    if cell.cell_type != "code":
        return None
    try:
        source = strip_hidden_tests(cell.source)
    except ValueError:
        return None
    match = _CHECK_CALL.match(source.strip())
    return match[1] if match else None


def _check_hidden_tests(cell: nbformat.NotebookNode, index: int, graded_check: bool) -> None:
    """Raise ValueError unless the hidden tests of a cell are well formed and in a graded check."""
    if not has_hidden_tests(cell):
        return
    where = f"cell {index} ({cell.get('id', 'no id')})"
    try:
        strip_hidden_tests(cell.source)
    except ValueError as problem:
        raise ValueError(f"{where}: {problem}") from None
    if not graded_check:
        raise ValueError(f"{where}: hidden tests belong in a check cell of an exercise the checks "
                         f"grade (after its check(\"name\") line), not in this cell")


def _answer_names(source: str) -> list[str]:
    """Names defined at the top level of a cell by statements that hold a solution block."""
    blocks = [
        (source.count("\n", 0, m.start()) + 1, source.count("\n", 0, m.end()) + 1)
        for m in _BLOCK.finditer(source)
    ]
    names = []
    for node in ast.parse(source).body:
        if not any(node.lineno <= end and (node.end_lineno or node.lineno) >= start for start, end in blocks):
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [ast.unparse(t) for t in node.targets]
        elif isinstance(node, ast.AnnAssign):
            names.append(ast.unparse(node.target))
    return names


def clean(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs and execution counts (committed notebooks carry none)."""
    _notebook(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return notebook


def label_cells(notebook: nbformat.NotebookNode, lesson: str) -> nbformat.NotebookNode:
    """Give answer and check cells stable ids and nbgrader metadata; lock the check cells.

    Answer cells get ``{lesson}/{name}``; check cells ``{lesson}/{name}/check``. Cell ids
    (nbformat 4.5) are set to the same stable names, so tools can find cells by id.
    """
    _notebook(notebook)
    require_instance(lesson, str, "lesson", "the lesson's name, such as '04-base-rates'")
    notes = 0
    memos = {name for cell in notebook.cells if cell.cell_type == "code" and BEGIN in cell.source
             for name in _memo_names(cell.source)}
    for index, cell in enumerate(notebook.cells):
        name = checked_name(cell)
        meta = cell.setdefault("metadata", {})
        _vary_pattern(cell, index)  # every literal a variant replaces is in its cell
        _check_hidden_tests(cell, index, graded_check=name is not None and name not in memos
                            and BEGIN not in cell.source)
        if cell.cell_type == "code" and BEGIN in cell.source:
            names = _answer_names(cell.source)
            following = next(
                (checked_name(c) for c in notebook.cells[index + 1:] if checked_name(c)), None
            )
            # The exercise is the one whose check follows; else the first name the block sets.
            grade_id = following if following in names else names[0] if names else f"answer-{index}"
            if grade_id in memos:  # graded by hand, worth the points the master gives it
                points = meta.get("nbgrader", {}).get("points", 1)
                meta["facenumbers"] = {"exercise": f"{lesson}/{grade_id}", "role": "answer",
                                       "kind": MEMO}
                meta["nbgrader"] = {"grade": True, "grade_id": grade_id, "locked": False,
                                    "points": points, "schema_version": 3, "solution": True,
                                    "task": False}
            else:
                meta["facenumbers"] = {"exercise": f"{lesson}/{grade_id}", "role": "answer"}
                meta["nbgrader"] = {"grade": False, "grade_id": grade_id, "locked": False,
                                    "schema_version": 3, "solution": True, "task": False}
            cell["id"] = f"{grade_id}-answer"
        elif cell.cell_type == "markdown" and BEGIN in cell.source:
            notes += 1  # numbered among written answers, so other cells can move freely
            # nbgrader takes a markdown solution only as a manually graded answer.
            points = meta.get("nbgrader", {}).get("points", 0)
            meta["nbgrader"] = {"grade": True, "grade_id": f"written-{notes}", "locked": False,
                                "points": points, "schema_version": 3, "solution": True,
                                "task": False}
            cell["id"] = f"written-{notes}"
        elif name is not None and name in memos:  # read-only: it reports, it does not grade
            meta["facenumbers"] = {"exercise": f"{lesson}/{name}", "role": "check", "kind": MEMO}
            meta["nbgrader"] = {"grade": False, "grade_id": f"{name}-check", "locked": True,
                                "schema_version": 3, "solution": False, "task": False}
            meta["editable"] = False
            meta["deletable"] = False
            cell["id"] = f"{name}-check"
        elif name is not None:
            meta["facenumbers"] = {"exercise": f"{lesson}/{name}", "role": "check"}
            meta["nbgrader"] = {"grade": True, "grade_id": f"{name}-check", "locked": True,
                                "points": 1, "schema_version": 3, "solution": False, "task": False}
            meta["editable"] = False
            meta["deletable"] = False
            cell["id"] = f"{name}-check"
    return notebook


def exercise_from_solution(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student copy of a (labelled) solution notebook."""
    _notebook(solution)
    exercise = nbformat.from_dict(solution)
    for cell in exercise.cells:
        cell.get("metadata", {}).pop(VARY, None)  # the default text stays as it is
        if BEGIN in cell.source:
            cell.source = _replace_blocks(cell.source, markdown=cell.cell_type == "markdown")
        if has_hidden_tests(cell):
            cell.source = strip_hidden_tests(cell.source)
    exercise.metadata["facenumbers"] = {
        "generated_from": "solutions/ by `make exercises`: edit the solution notebook, not this one"
    }
    return clean(exercise)


def _vary_pattern(cell: nbformat.NotebookNode, index: int) -> re.Pattern[str] | None:
    """The pattern of the literals a cell's ``facenumbers_vary`` names (longest first, each a
    whole number or word), or None; ValueError unless each literal is in the cell."""
    marks = cell.get("metadata", {}).get(VARY)
    if marks is None:
        return None
    where = f"cell {index} ({cell.get('id', 'no id')})"
    if not isinstance(marks, dict) or not marks or not all(
            isinstance(k, str) and k and isinstance(v, str) and v for k, v in marks.items()):
        raise ValueError(f"{where}: {VARY} must map each literal to the name of its text; got "
                         f"{marks!r:.80}")
    pieces = []
    for literal in sorted(marks, key=len, reverse=True):
        before = r"(?<![\w.,])" if literal[0].isalnum() else ""
        after = r"(?![\w]|[.,]\d)" if literal[-1].isalnum() else ""
        pieces.append(before + re.escape(literal) + after)
    pattern = re.compile("|".join(pieces))
    missing = set(marks) - set(pattern.findall(cell.source))
    if missing:
        raise ValueError(f"{where}: {VARY} names {sorted(missing)!r:.120}, which the cell does not "
                         "hold as a whole number or word: edit the metadata with the text")
    return pattern


def apply_variant(notebook: nbformat.NotebookNode, texts: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of ``notebook`` stating a variant: each literal that a cell's ``facenumbers_vary``
    names becomes the text of that name in ``texts`` (one pass, so a new text is never replaced
    again), and the metadata is dropped.

    >>> cell = nbformat.v4.new_markdown_cell("A crowd of 100,000; 1 in 1,000 flagged.",
    ...     metadata={VARY: {"100,000": "crowd", "1,000": "rate"}})
    >>> note = apply_variant(nbformat.v4.new_notebook(cells=[cell]), {"crowd": "200,000", "rate": "2,000"})
    >>> note.cells[0].source, VARY in note.cells[0].metadata
    ('A crowd of 200,000; 1 in 2,000 flagged.', False)
    """
    _notebook(notebook)
    if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
        raise TypeError(f"texts must be a dict of names to text; got a {type(texts).__name__}.")
    varied = nbformat.from_dict(notebook)
    for index, cell in enumerate(varied.cells):
        pattern = _vary_pattern(cell, index)
        if pattern is None:
            continue
        marks = cell.metadata.pop(VARY)
        unknown = sorted(set(marks.values()) - set(texts))
        if unknown:
            raise ValueError(f"cell {index} ({cell.get('id', 'no id')}): the variant has no text "
                             f"for {unknown!r:.120}")
        cell.source = pattern.sub(lambda match: texts[marks[match[0]]], cell.source)
    return varied


#: The import of a lesson's ``check`` and ``progress`` (the names a variant binds instead).
_BOUND = ("check", "progress")


def bind_variant(notebook: nbformat.NotebookNode, key: str,
                 constants: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """A copy whose import cell binds ``check`` and ``progress`` to the variant ``key``:
    ``from facenumbers.checks.X import ..., for_variant`` then ``check, progress =
    for_variant("<key>")``, then ``NAME = code`` for each of ``constants`` (names the cell
    imported, whose values vary). ValueError unless exactly one cell imports them.

    >>> cell = nbformat.v4.new_code_cell("from facenumbers.checks.base_rates import check, progress")
    >>> print(bind_variant(nbformat.v4.new_notebook(cells=[cell]), "crowd=200000").cells[0].source)
    from facenumbers.checks.base_rates import for_variant
    check, progress = for_variant("crowd=200000")
    """
    _notebook(notebook)
    require_instance(key, str, "key", "a variant's key, such as 'crowd=200000'")
    constants = {} if constants is None else constants
    if not isinstance(constants, dict) or not all(
            isinstance(k, str) and k.isidentifier() and isinstance(v, str) for k, v in constants.items()):
        raise TypeError("constants must be a dict of names to the code of their values.")
    bound = nbformat.from_dict(notebook)
    found = []
    for cell in bound.cells:
        if cell.cell_type != "code" or "facenumbers.checks" not in cell.source:
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            names = [alias.name for alias in getattr(node, "names", [])]
            if (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("facenumbers.checks.")
                    and set(_BOUND) <= set(names)):
                found.append((cell, node, names))
    if len(found) != 1:
        raise ValueError(f"expected one cell importing check and progress from a "
                         f"facenumbers.checks module; found {len(found)}")
    cell, node, names = found[0]
    # The cell's other imports from the same module lose the names set here; the names are
    # set after the last import that held one of them (or after the bound import).
    others = [n for n in ast.parse(cell.source).body if isinstance(n, ast.ImportFrom)
              and n.module == node.module and n.lineno != node.lineno
              and {a.name for a in n.names} & set(constants)]
    last = max([node, *others], key=lambda n: n.lineno)
    set_lines = [f"{name} = {code}" for name, code in constants.items()]
    lines = cell.source.split("\n")
    for other in sorted([node, *others], key=lambda n: n.lineno, reverse=True):
        own = [a.name for a in other.names]
        kept_names = [n for n in own if n not in _BOUND and n not in constants]
        if other is node:
            kept_names.append("for_variant")
        new = [_import_line(other.module or "", kept_names)] if kept_names else []
        if other is node:
            new.append(f"check, progress = for_variant({json.dumps(key)})")
        if other is last:
            new.extend(set_lines)
        lines[other.lineno - 1:other.end_lineno] = new
    cell.source = "\n".join(lines)
    return bound


def _import_line(module: str, names: list[str]) -> str:
    """``from module import a, b``, wrapped in parentheses when longer than 99 characters."""
    kept = ", ".join(names)
    line = f"from {module} import {kept}"
    return f"from {module} import (\n    {kept},\n)" if len(line) > 99 else line


def variant_exercise(solution: nbformat.NotebookNode, texts: dict[str, str], key: str,
                     note: str = "", constants: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The student copy of a (labelled) solution notebook for one variant: the variant's text
    (:func:`apply_variant`), stubs for every solution (:func:`exercise_from_solution`), and the
    import cell bound to the variant and its ``constants`` (:func:`bind_variant`). ``note``
    replaces the notebook's ``generated_from`` note."""
    exercise = bind_variant(exercise_from_solution(apply_variant(solution, texts)), key, constants)
    if note:
        require_instance(note, str, "note", "a note on where the notebook comes from")
        exercise.metadata["facenumbers"] = {"generated_from": note}
    return exercise


def write_if_changed(notebook: nbformat.NotebookNode, path: Path) -> bool:
    """Write ``notebook`` to ``path`` unless the file already holds exactly that; True if written."""
    _notebook(notebook)
    path = require_path(path, "path")
    text = nbformat.writes(notebook) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def generate(root: Path, check_only: bool = False) -> list[Path]:
    """Label ``root/solutions/*.ipynb`` and regenerate ``root/exercises/``.

    Returns the files that changed (or, with ``check_only``, that would change).
    """
    changed = []
    for source in sorted((root / "solutions").glob("*.ipynb")):
        lesson = source.stem
        solution = label_cells(clean(nbformat.read(source, as_version=4)), lesson)
        exercise = exercise_from_solution(solution)
        target = root / "exercises" / source.name
        for notebook, path in ((solution, source), (exercise, target)):
            expected = nbformat.writes(notebook) + "\n"
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != expected:
                changed.append(path)
                if not check_only:
                    write_if_changed(notebook, path)
    return changed
