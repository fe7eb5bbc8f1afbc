"""ToolPanel.submit hands the job to the worker as its tool's job."""

from types import SimpleNamespace

from cvlab.ui.notifications import NotificationArea
from cvlab.ui.tool_panel import ToolPanel


class RecordingWorker:
    def __init__(self):
        self.calls = []

    def submit(self, fn, *args, **options):
        self.calls.append((fn, args, options))


def test_submit_adds_the_panels_tool_id(qtbot):
    worker = RecordingWorker()
    notifications = NotificationArea()
    qtbot.addWidget(notifications)
    notifications.set_active_tab("faces")
    notifications.post("photo.png is empty", "error", tab="faces")
    panel = ToolPanel(SimpleNamespace(id="faces"),
                      SimpleNamespace(worker=worker, notifications=notifications))
    qtbot.addWidget(panel)

    def job(ctx, image):
        return image

    panel.submit(job, "photo", label="Detect faces", source="/x.png", key="faces-run")
    [(fn, args, options)] = worker.calls
    assert fn is job and args == ("photo",)
    assert options["tool"] == "faces" and options["source"] == "/x.png"
    assert options["label"] == "Detect faces" and options["key"] == "faces-run"
    assert notifications.current_text() == ""  # the next action there cleared the error


def test_callbacks_of_a_deleted_panel_are_not_called(qtbot):
    # Closing the window cancels the queued jobs; their callbacks used to reach a panel
    # whose widgets were gone ("Internal C++ object already deleted").
    import shiboken6

    worker = RecordingWorker()
    notifications = NotificationArea()
    qtbot.addWidget(notifications)
    panel = ToolPanel(SimpleNamespace(id="heatmaps"),
                      SimpleNamespace(worker=worker, notifications=notifications))
    seen = []
    panel.submit(lambda ctx: None, on_result=seen.append, on_cancelled=lambda: seen.append("x"))
    [(_, _, options)] = worker.calls
    options["on_result"]("while alive")
    shiboken6.delete(panel)
    options["on_result"]("after")
    options["on_cancelled"]()
    assert seen == ["while alive"]
