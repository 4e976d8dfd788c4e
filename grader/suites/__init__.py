"""The hidden suites, one pytest file per assignment (`test_<assignment>.py`), and what they share."""

import pytest

from grader.judging.checks import ELEMENTWISE_CASES


def elementwise_params(variants, skip):
    """pytest params (name, kwargs, context, case): each variant (name, kwargs, context) of an elementwise
    function on each of ELEMENTWISE_CASES but those `skip(name, case)` leaves out, marked with its test cell."""
    for name, kwargs, context in variants:
        for case in ELEMENTWISE_CASES:
            if skip(name, case):
                continue
            yield pytest.param(
                name,
                kwargs,
                context,
                case,
                marks=pytest.mark.cell(f"test_{name}"),
                id=f"{name}{context.replace(' ', '_')}-{case.key}",
            )
