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
