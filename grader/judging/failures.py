"""The exceptions a hidden suite raises: their text is exactly what the student reads."""


class Failure(AssertionError):
    """A check failed; str(failure) is the message shown to the student, `category` the category of check
    (grader.judging.credit.WEIGHTS) it costs: None for values, the category that voids the whole cell."""

    category = None


def fail(message, category=None):
    """Fail the current test with a message for the student, in a category of check (grader.judging.credit)."""
    failure = Failure(message)
    failure.category = category
    raise failure


REASONS = {
    "error": "raised {error_type}",
    "timeout": "ran past its time limit (an infinite loop?)",
    "missing": "is not defined (was its cell deleted or renamed?)",
    "crashed": "crashed the process running the notebook",
    "oversized": "returned far more data than a correct answer does",
}


NOT_IMPLEMENTED = "not implemented yet (it raises NotImplementedError)"


def not_implemented(name):
    """What a student reads for a function that still raises NotImplementedError: said once, without context."""
    return f"{name}: {NOT_IMPLEMENTED}"


class StudentError(Failure):
    """A student function raised, hung, crashed or is missing; the message names only the kind."""

    def __init__(self, name, outcome, context=""):
        if outcome.status == "error" and outcome.error_type == "NotImplementedError":
            super().__init__(not_implemented(name))
            return
        reason = REASONS.get(outcome.status, "failed").format(error_type=outcome.error_type)
        super().__init__(f"{name}: {reason}{context}")
