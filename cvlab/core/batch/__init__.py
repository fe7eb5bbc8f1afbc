"""`cvlab batch`: one tool over a cohort, on Ray, resumable (no Qt).

A batch run is a different driver of the same Qt-free engines the tabs and the per-tool
commands use; nothing here knows a model. The pieces, one module each:

* ``task``    -- :class:`BatchTask`, what a tool declares to be batchable (its options, its
  kind of item, and a lazy ``"module:function"`` that opens its engine on a worker).
* ``items``   -- the cohort under INPUT_ROOT, streamed: image files, or the DICOM series the
  scanner finds folder by folder; each item's output folder mirrors the input tree.
* ``ledger``  -- ``batch_manifest.jsonl`` in OUT_ROOT, an append-only journal of finished
  items with their input hashes, so a crashed or interrupted run loses nothing finished.
* ``summary`` -- ``batch_summary.csv``/``.json`` (a row per item) and ``batch_failures.csv``.
* ``cluster`` -- Ray itself: a local instance or a cluster, and the actors sized to it.
* ``worker``  -- the actor: opens the tool's engine once (its model loaded once), then items.
* ``driver``  -- the loop: at most two items in flight per actor, results journalled as they
  arrive, a dead worker replaced and its items retried once, Ctrl+C.
* ``cli``     -- the ``cvlab batch TOOL [SUB] INPUT_ROOT OUT_ROOT`` command line.

Lifecycle of one run: check the roots (OUT_ROOT never inside INPUT_ROOT) -> read the
journal -> start discovery (a thread) -> connect to Ray and start the actors -> feed items as
they are found, skipping those the journal says are done with the same inputs and options
-> journal each result as it arrives -> write the summaries (also after Ctrl+C).
"""
