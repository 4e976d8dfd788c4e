"""grader.nbgrader_bridge.warm_nbgrader: what a batch worker's nbgrader reuses changes nothing it decides.

tests/test_batch.py and tests/test_stock_nbgrader.py compare whole
gradebooks with stock nbgrader's; these check the pieces one by one, in a
process of their own (install() patches nbgrader for the rest of a process).
"""

import subprocess
import sys

import jsonschema
import pytest

from grader.nbgrader_bridge import warm_nbgrader
from tools.notebooks import venv_environment

pytestmark = pytest.mark.slow  # end to end: sandboxes, processes, notebooks

SCHEMA = {
    "type": "object",
    "properties": {"points": {"type": "number"}, "grade_id": {"type": "string"}},
    "required": ["grade_id"],
    "additionalProperties": False,
}


@pytest.mark.parametrize(
    "instance", [{"grade_id": "a", "points": 1}, {"points": 1}, {"grade_id": 3}, {"grade_id": "a", "extra": True}]
)
def test_validation_decides_as_jsonschema_does(instance):
    """The same instances pass, and a failure raises the very error jsonschema.validate raises."""
    try:
        jsonschema.validate(instance, SCHEMA)
        expected = None
    except jsonschema.ValidationError as error:
        expected = error.message
    if expected is None:
        warm_nbgrader._validate(instance, SCHEMA)
    else:
        with pytest.raises(jsonschema.ValidationError) as raised:
            warm_nbgrader._validate(instance, SCHEMA)
        assert raised.value.message == expected


WARM_GRADEBOOKS = """
import sys
from nbgrader.api import Gradebook
from grader.nbgrader_bridge import warm_nbgrader

warm_nbgrader.install()
urls = [f"sqlite:///{folder}/gradebook.db" for folder in sys.argv[1:]]
for url in urls:  # a new database gets its tables at its first opening, then only a session
    with Gradebook(url, "course") as first, Gradebook(url, "course") as second:
        assert first.engine is second.engine
        first.add_student("s1")
    with Gradebook(url, "course") as third:
        assert [student.id for student in third.students] == ["s1"]
with Gradebook(urls[0], "course") as one, Gradebook(urls[1], "course") as other:
    assert one.engine is not other.engine
print("ok")
"""


def test_gradebooks_share_an_engine_per_database_and_set_each_up(tmp_path):
    """Each new database is set up at its first opening; later openings of it share its engine."""
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", WARM_GRADEBOOKS, *map(str, folders)],
        capture_output=True,
        text=True,
        timeout=300,
        env=venv_environment(),
    )
    assert result.stdout.strip() == "ok", result.stderr
