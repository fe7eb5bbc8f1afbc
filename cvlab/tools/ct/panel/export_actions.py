"""CT exports that need a dialog: an anonymised copy of the series."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from cvlab.core.i18n import translate
from cvlab.tools.ct.jobs import anonymise_job


def export_anonymised_copy(panel, out_folder: str | None = None) -> bool:
    """Ask for a folder (never the source) and write the PS3.15 anonymised copy there on
    the worker. Returns whether a job was submitted."""
    from cvlab.tools.ct.anonymise import check_output_folder  # pydicom: not at start-up

    files = sorted(set(panel.volume_files()))
    if not files:
        panel.context.notify_error(translate("CTExport", "Open a DICOM series first"))
        return False
    sources = [str(panel.source)] if panel.source else []
    sources += sorted({str(Path(f).parent) for f in files})
    if out_folder is None:
        out_folder = QFileDialog.getExistingDirectory(
            panel, translate("CTExport", "Folder for the anonymised copy (not the source folder)"),
            str(Path.home()))
        if not out_folder:
            return False
    try:
        check_output_folder(files, out_folder, source_folders=sources)
    except ValueError as exc:
        panel.context.notify_error(str(exc))
        return False

    def done(report) -> None:
        text = translate("CTExport", "Anonymised copy: {0} file(s) written to {1}").format(
            len(report.written), out_folder)
        if report.failed:
            details = "\n".join(f"{path}: {why}" for path, why in report.failed)
            failed = translate("CTExport", ", {0} failed").format(len(report.failed))
            panel.context.notify_error(text + failed, details)
        else:
            panel.context.notify(text)

    panel.submit(anonymise_job, files, str(out_folder), sources,
                 label=translate("CTExport", "Anonymised copy"), source=str(panel.source),
                 on_result=done)
    return True
