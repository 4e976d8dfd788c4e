"""nbgrader's configuration: the repository root is the course root.

solutions/ holds the source notebooks (with answers and hidden tests),
exercises/ the released student copies, submitted/ and autograded/ what
`nbgrader collect` and `nbgrader autograde` (or `python -m grader autograde`)
write. The source notebooks are authored as jupytext twins (<a>.py), which
stay out of the release.
"""

import os

c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "activation-functions"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py"]
c.Execute.timeout = 120

# `nbgrader generate_feedback` renders with grader/templates/nbconvert/course_feedback: nbgrader's feedback
# template with the course's local MathJax (node_modules/) instead of a CDN's, so that formulas render offline.
# Without the course's package installed (`pip install .`), nbgrader's own template stays.
try:
    import nbgrader  # noqa: E402

    import grader  # noqa: E402
except ImportError:
    pass
else:
    c.HTMLExporter.template_name = "course_feedback"
    c.HTMLExporter.extra_template_basedirs = [
        os.path.join(os.path.dirname(grader.__file__), "templates", "nbconvert"),
        os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates"),
    ]
