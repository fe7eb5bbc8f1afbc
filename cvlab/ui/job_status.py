"""Status-bar widgets bound to the device worker: the device in words, job progress, Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from cvlab.ui.worker import DeviceWorker


class JobProgress(QWidget):
    """A progress bar and a Cancel button, visible while the worker runs a job."""

    def __init__(self, worker: DeviceWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._running: int | None = None
        self._text = QLabel()
        self._bar = QProgressBar()
        self._bar.setRange(0, 1000)
        self._bar.setMaximumWidth(220)
        self._bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Ask the running job to stop"))
        self.cancel_button.clicked.connect(lambda: self._worker.cancel(self._running))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._text)
        layout.addWidget(self._bar)
        layout.addWidget(self.cancel_button)
        worker.started.connect(self._on_started)
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        self.hide()

    def _on_started(self, job_id: int) -> None:
        self._running = job_id
        job = self._worker.job(job_id)
        self._text.setText(job.label if job and job.label else self.tr("Working…"))
        self._bar.setRange(0, 0)  # busy until the job reports a fraction
        self.show()

    def _on_progress(self, job_id: int, fraction: float, text: str) -> None:
        if job_id != self._running:
            return
        self._bar.setRange(0, 1000)
        self._bar.setValue(int(fraction * 1000))
        if text:
            self._text.setText(text)

    def _on_finished(self, job_id: int) -> None:
        # Decided from GUI-side bookkeeping only: the worker thread may not have cleared
        # its current job yet when this slot runs (is_busy() would still say True, and no
        # later signal would come to hide the bar: "tile 2 of 4 [Cancel]" forever).
        if job_id == self._running:
            self._running = None
        if self._running is not None:
            return
        if self._worker.unfinished_jobs() == 0:
            self._bar.setRange(0, 1000)  # stop the busy animation
            self._bar.setValue(0)
            self.hide()
        else:  # the next job is queued: never keep the ended job's text and fraction
            self._text.setText(self.tr("Waiting for the next job…"))
            self._bar.setRange(0, 0)

    def text(self) -> str:
        """What the status bar says about the job (for tests and screenshots)."""
        return self._text.text()

    def is_showing_progress(self) -> bool:
        """Whether a bar (busy or a fraction) is on screen: tests ask what the user sees."""
        return self.isVisible() and self._running is not None


class DeviceLabel(QLabel):
    """'CPU, 2 threads' or 'CUDA: NVIDIA H100 80GB HBM3, 3.1 / 80 GB used'."""

    def __init__(self, worker: DeviceWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr("Device: starting…"))
        self.setToolTip(self.tr("The compute device; change it in View → Device"))
        worker.deviceChanged.connect(lambda spec, text, choices: self.setText(text))
        worker.deviceStatus.connect(self.setText)
        if worker.device is not None:
            self.setText(worker.device_description)
