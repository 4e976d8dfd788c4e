"""Have nbgrader, in a batch worker, reuse what it rebuilds about ten times per student.

nbgrader's autograde bookkeeping opens a `Gradebook` about nine times per
student, and each opening creates a new SQLAlchemy engine (which compiles
every query anew) and sets the database up again (looks for every table,
creates what is missing, checks the course's row). And it checks its cell
metadata schema against jsonschema's metaschema for every cell it
validates, twice per notebook. `install()` makes a process share one
engine per database (without a connection pool, so no connection outlives
its Gradebook or passes to a forked process), set each database up at its
first opening only, and check the schema once. The queries, the validation
and so the gradebook rows and the autograded notebooks stay nbgrader's own:
tests/test_batch.py and tests/test_stock_nbgrader.py compare them with
stock nbgrader's.

Importing this module first also spares a process jsonschema's import of
rfc3987_syntax (about two seconds of CPU building a grammar for the "iri"
format checker, which neither nbformat nor nbgrader use: they validate
without format checkers).
"""

import functools
import json
import os
import sys
import types

sys.modules.setdefault("rfc3987_syntax", None)  # an ImportError for jsonschema, which then goes without it

import jsonschema  # noqa: E402
import nbgrader.api  # noqa: E402
import nbgrader.nbgraderformat.common  # noqa: E402
import sqlalchemy  # noqa: E402
from sqlalchemy.orm import scoped_session, sessionmaker  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

_NBGRADER_OPENING = nbgrader.api.Gradebook.__init__
_engines = {}
_set_up = set()


def install() -> None:
    """Patch nbgrader in this process (idempotent)."""
    nbgrader.api.create_engine = _shared_engine
    nbgrader.api.Gradebook.__init__ = _opening
    nbgrader.nbgraderformat.common.jsonschema = types.SimpleNamespace(validate=_validate)


def _shared_engine(url, **options):
    """sqlalchemy.create_engine, once per database, options and process."""
    key = (os.getpid(), str(url), tuple(sorted(options.items())))
    if key not in _engines:
        _engines[key] = sqlalchemy.create_engine(url, poolclass=NullPool, **options)
    return _engines[key]


def _opening(self, db_url, course_id="default_course", authenticator=None):
    """Gradebook.__init__ that sets the database up only the first time this process opens it."""
    key = (os.getpid(), db_url, course_id)
    if key not in _set_up:
        _NBGRADER_OPENING(self, db_url, course_id, authenticator)
        _set_up.add(key)
        return
    self.engine = _shared_engine(db_url, echo=False, future=True)
    self.db = scoped_session(sessionmaker(autoflush=True, bind=self.engine, future=True))
    self.course_id = course_id
    self.authenticator = authenticator


@functools.lru_cache(maxsize=16)
def _validator(schema_text):
    schema = json.loads(schema_text)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate(instance, schema):
    """jsonschema.validate, with the schema itself checked once rather than at every call."""
    error = jsonschema.exceptions.best_match(_validator(json.dumps(schema, sort_keys=True)).iter_errors(instance))
    if error is not None:
        raise error
