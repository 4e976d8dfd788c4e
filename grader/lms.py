"""The exporters' public path, `nbgrader export --exporter=grader.lms.CanvasExporter` (or MoodleExporter).

Courses name it in their nbgrader_config.py; the exporters live in grader.nbgrader_bridge.lms.
"""

from grader.nbgrader_bridge.lms import CanvasExporter, MoodleExporter

__all__ = ["CanvasExporter", "MoodleExporter"]
