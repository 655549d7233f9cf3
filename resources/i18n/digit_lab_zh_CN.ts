<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>Architectures</name>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="13"/>
        <source>Softmax regression: one dense layer from the 784 pixels to the classes.</source>
        <translation>Softmax 回归：从 784 个像素到各类别的单个全连接层。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="13"/>
        <source>Multilayer perceptron: dense 512-256-128 with ReLU and dropout.</source>
        <translation>多层感知机：512-256-128 全连接层，ReLU 激活并带 dropout。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="13"/>
        <source>Small convnet: conv32-pool-conv64-pool-dense128-dropout.</source>
        <translation>小型卷积网络：conv32-池化-conv64-池化-dense128-dropout。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="13"/>
        <source>LeNet-style deep MNIST: 5×5 conv 32/64 'same' + 2×2 pools, fc 1024, dropout.</source>
        <translation>LeNet 风格的深度 MNIST 网络：5×5 卷积 32/64（'same' 填充）+ 2×2 池化，全连接 1024，dropout。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="13"/>
        <source>Accurate: three 3×3 conv+BatchNorm+pool blocks (32-64-128), dense256; trained long with augmentation (the shipped models).</source>
        <translation>高精度：三个 3×3 卷积+BatchNorm+池化块（32-64-128），dense256；配合数据增强长时间训练（自带模型即此架构）。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="13"/>
        <source>new (default)</source>
        <translation>新增（默认）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="13"/>
        <source>new (shipped models)</source>
        <translation>新增（自带模型）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="13"/>
        <source>≥99.6% in 20 epochs with augment</source>
        <translation>加数据增强 20 轮 ≥99.6%</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="13"/>
        <source>Fast default: 5×5 convs of 24 and 32 filters, each pooled, dense256; batch 256, one-cycle LR up to 0.01, Adam β (0.7, 0.9), weight decay 0.05; bfloat16 where the CPU has it.</source>
        <translation>快速默认模型：24 和 32 个滤波器的 5×5 卷积，各接池化，dense256；批大小 256，one-cycle 学习率最高 0.01，Adam β (0.7, 0.9)，权重衰减 0.05；CPU 支持时以 bfloat16 计算。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="13"/>
        <source>≥99.0% in 1 epoch; ≥99.5% in 30 epochs with augment at LR 0.003</source>
        <translation>1 轮 ≥99.0%；加数据增强、学习率 0.003 时 30 轮 ≥99.5%</translation>
    </message>
</context>
<context>
    <name>AugmentationPreview</name>
    <message>
        <location filename="../../lab/gui/tabs/train/augmentation_preview.py" line="63"/>
        <source>Augmentation: {0}</source>
        <translation>数据增强：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/augmentation_preview.py" line="67"/>
        <source>Distorting…</source>
        <translation>正在变形…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/augmentation_preview.py" line="70"/>
        <source>New draws</source>
        <translation>重新抽取</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/augmentation_preview.py" line="72"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/augmentation_preview.py" line="90"/>
        <source>No dataset loaded: load MNIST or notMNIST in the Dataset tab to preview its distortions.</source>
        <translation>未加载数据集：请先在“数据集”页加载 MNIST 或 notMNIST，再预览其变形。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/augmentation_preview.py" line="95"/>
        <source>No augmentation chosen: the images are trained on as they are.</source>
        <translation>未选择数据增强：图像将按原样用于训练。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/augmentation_preview.py" line="120"/>
        <source>Could not distort the images: {0}</source>
        <translation>无法对图像变形：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/augmentation_preview.py" line="129"/>
        <source>Training images</source>
        <translation>训练图像</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/augmentation_preview.py" line="130"/>
        <source>Handwriting images</source>
        <translation>手写图像</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/augmentation_preview.py" line="141"/>
        <source>Top row: as stored. Below: {0} training batches&apos; random distortions of them (never saved; validation and test images are never distorted).</source>
        <translation>第一行：原始图像。下面：{0} 个训练批次对它们的随机变形（不会保存；验证集和测试集图像从不变形）。</translation>
    </message>
</context>
<context>
    <name>BackgroundTask</name>
    <message>
        <location filename="../../lab/gui/tasks.py" line="140"/>
        <source>unexpected error: {0}</source>
        <translation>意外错误：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tasks.py" line="146"/>
        <source>unexpected error: the task did not run</source>
        <translation>意外错误：任务未运行</translation>
    </message>
</context>
<context>
    <name>ClassCharts</name>
    <message>
        <location filename="../../lab/gui/tabs/dataset/class_charts.py" line="33"/>
        <source>Images per class</source>
        <translation>每类图像数</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/class_charts.py" line="35"/>
        <source>Mean image of each class</source>
        <translation>每类的平均图像</translation>
    </message>
</context>
<context>
    <name>ConfusionHeatmap</name>
    <message>
        <location filename="../../lab/gui/tabs/inspect/confusion_heatmap.py" line="22"/>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/confusion_heatmap.py" line="23"/>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
</context>
<context>
    <name>ConfusionPage</name>
    <message>
        <location filename="../../lab/gui/tabs/inspect/confusion_page.py" line="22"/>
        <source>Row-normalised (% of each true class)</source>
        <translation>按行归一化（占各真实类别的百分比）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/confusion_page.py" line="23"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/confusion_page.py" line="24"/>
        <source>Click a cell to see the images behind it.</source>
        <translation>点击单元格查看其中的图像。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/confusion_page.py" line="79"/>
        <source>True {true}, predicted {predicted}: {count} correct test images</source>
        <translation>真实 {true}，预测 {predicted}：{count} 张正确的测试图像</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/confusion_page.py" line="79"/>
        <source>True {true}, predicted {predicted}: {count} mistaken test images</source>
        <translation>真实 {true}，预测 {predicted}：{count} 张错误的测试图像</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/confusion_page.py" line="99"/>
        <source>Export confusion matrix</source>
        <translation>导出混淆矩阵</translation>
    </message>
</context>
<context>
    <name>CrashGuard</name>
    <message>
        <location filename="../../lab/gui/crash_guard.py" line="104"/>
        <source>Something went wrong ({error}). The window keeps running; the details were added to {log}.</source>
        <translation>出错了（{error}）。窗口仍在运行；详细信息已写入 {log}。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/crash_guard.py" line="125"/>
        <source>{count} more error(s) since; all are in {log}.</source>
        <translation>此后又有 {count} 个错误；全部记录在 {log}。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/crash_guard.py" line="133"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>DatasetStore</name>
    <message>
        <location filename="../../lab/gui/dataset_store.py" line="20"/>
        <source>summarising classes</source>
        <translation>正在统计各类别</translation>
    </message>
</context>
<context>
    <name>DatasetTab</name>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="15"/>
        <source>Train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="15"/>
        <source>Validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="15"/>
        <source>Test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="51"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="56"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="59"/>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="111"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="117"/>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="119"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="148"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="152"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="157"/>
        <source>Show every class</source>
        <translation>显示所有类别</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="157"/>
        <source>Show only class {0}</source>
        <translation>只显示类别 {0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="209"/>
        <source>Downloading {0}…</source>
        <translation>正在下载 {0}…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="209"/>
        <source>Loading {0}…</source>
        <translation>正在加载 {0}…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="212"/>
        <source>Downloading %p%</source>
        <translation>正在下载 %p%</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="212"/>
        <source>Loading %p%</source>
        <translation>正在加载 %p%</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="234"/>
        <source>{title}: skipped {count} file(s) that could not be decoded</source>
        <translation>{title}：跳过了 {count} 个无法解码的文件</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="246"/>
        <source>Download of {0} failed</source>
        <translation>{0} 下载失败</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="246"/>
        <source>No {0} data found</source>
        <translation>未找到 {0} 数据</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="248"/>
        <source>no data folder chosen</source>
        <translation>未选择数据文件夹</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="249"/>
        <source>{error}

Data folder: {folder}

Choose the folder that holds the data, or download it.</source>
        <translation>{error}

数据文件夹：{folder}

请选择存放数据的文件夹，或下载数据。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="303"/>
        <source>{0} images</source>
        <translation>{0} 张图像</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="305"/>
        <source>{shown} of class {name} · {total} in split</source>
        <translation>类别 {name} 共 {shown} 张 · 本划分共 {total} 张</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="319"/>
        <source>Open data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
</context>
<context>
    <name>Datasets</name>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="13"/>
        <source>MNIST digits</source>
        <translation>MNIST 手写数字</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/dataset_tab.py" line="13"/>
        <source>notMNIST letters</source>
        <translation>notMNIST 字母</translation>
    </message>
</context>
<context>
    <name>DigitView</name>
    <message>
        <location filename="../../lab/gui/tabs/dataset/digit_view.py" line="90"/>
        <source>Click an image</source>
        <translation>点击一张图像</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/digit_view.py" line="45"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/digit_view.py" line="45"/>
        <source>Index</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/digit_view.py" line="45"/>
        <source>Min / max</source>
        <translation>最小值 / 最大值</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/digit_view.py" line="45"/>
        <source>Mean</source>
        <translation>平均值</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/digit_view.py" line="45"/>
        <source>Ink pixels</source>
        <translation>墨迹像素</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/digit_view.py" line="45"/>
        <source>Centre of mass</source>
        <translation>质心</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/digit_view.py" line="51"/>
        <source>pixels at or above {0}</source>
        <translation>值不低于 {0} 的像素</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/digit_view.py" line="74"/>
        <source>Image #{0}</source>
        <translation>图像 #{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/digit_view.py" line="80"/>
        <source>{ink} of {size}</source>
        <translation>{ink} / {size}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/digit_view.py" line="83"/>
        <source>row {row}
col {col}</source>
        <translation>行 {row}
列 {col}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/dataset/digit_view.py" line="104"/>
        <source>pixel ({row}, {col}) = {value}</source>
        <translation>像素 ({row}, {col}) = {value}</translation>
    </message>
</context>
<context>
    <name>DrawBars</name>
    <message>
        <location filename="../../lab/gui/tabs/draw/bars.py" line="21"/>
        <source>probability</source>
        <translation>概率</translation>
    </message>
</context>
<context>
    <name>DrawCanvas</name>
    <message>
        <location filename="../../lab/gui/tabs/draw/canvas.py" line="30"/>
        <source>Draw here</source>
        <translation>在此书写</translation>
    </message>
</context>
<context>
    <name>DrawModelChooser</name>
    <message>
        <location filename="../../lab/gui/tabs/draw/model_chooser.py" line="37"/>
        <source>Model used on the pad: shipped, loaded (File ▸ Load model) or just trained</source>
        <translation>手写板使用的模型：自带的、已加载的（文件 ▸ 加载模型）或刚训练的</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/model_chooser.py" line="41"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/model_chooser.py" line="66"/>
        <source>{0} (shipped)</source>
        <translation>{0}（自带）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/model_chooser.py" line="69"/>
        <source>current model</source>
        <translation>当前模型</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/model_chooser.py" line="78"/>
        <source>no model yet</source>
        <translation>尚无模型</translation>
    </message>
</context>
<context>
    <name>DrawPreview</name>
    <message>
        <location filename="../../lab/gui/tabs/draw/preview.py" line="19"/>
        <source>The 28×28 image the network is given (after preprocessing)</source>
        <translation>输入网络的 28×28 图像（预处理之后）</translation>
    </message>
</context>
<context>
    <name>DrawTab</name>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="56"/>
        <source>Brush size (pixels of the 280×280 pad)</source>
        <translation>笔刷大小（以 280×280 手写板的像素计）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="59"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="59"/>
        <source>Remove the last stroke (Ctrl+Z)</source>
        <translation>删除最后一笔（Ctrl+Z）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="60"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="60"/>
        <source>Clear the pad (Esc or Delete)</source>
        <translation>清空手写板（Esc 或 Delete）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="61"/>
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="61"/>
        <source>Predict a PNG/JPG of any size</source>
        <translation>识别任意尺寸的 PNG/JPG 图像</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="66"/>
        <source>Several characters</source>
        <translation>多个字符</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="67"/>
        <source>Read a string left to right (automatic when the drawing has separate characters)</source>
        <translation>从左到右识别一串字符（书写中有分开的字符时自动启用）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="71"/>
        <source>Brush</source>
        <translation>笔刷</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="214"/>
        <source>Probability of each class:</source>
        <translation>各类别的概率：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="88"/>
        <source>Below this confidence the answer is &quot;Not sure&quot;</source>
        <translation>置信度低于此值时回答“不确定”</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="93"/>
        <source>Not sure below</source>
        <translation>不确定阈值</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="99"/>
        <source>The true label of the drawing (a class, or a string such as 42)</source>
        <translation>书写内容的真实标签（一个类别，或如 42 这样的字符串）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="101"/>
        <source>Save drawing</source>
        <translation>保存书写</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="101"/>
        <source>Save the pad with this label to your drawings folder</source>
        <translation>以此标签将手写板内容保存到你的书写文件夹</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="109"/>
        <source>Send to Inspect</source>
        <translation>发送到“检视”</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="109"/>
        <source>Look inside the model with this input</source>
        <translation>用这个输入查看模型内部</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="112"/>
        <source>My drawings</source>
        <translation>我的书写</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="114"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="131"/>
        <source>The network sees:</source>
        <translation>网络看到的是：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="160"/>
        <source>Draw a letter here</source>
        <translation>在此写一个字母</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="160"/>
        <source>Draw a digit here</source>
        <translation>在此写一个数字</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="191"/>
        <source>Prediction failed: {0}</source>
        <translation>预测失败：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="216"/>
        <source>Choose a model to see predictions</source>
        <translation>选择一个模型以查看预测</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="218"/>
        <source>Draw a letter</source>
        <translation>写一个字母</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="218"/>
        <source>Draw a digit</source>
        <translation>写一个数字</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="226"/>
        <source>{0} sure</source>
        <translation>把握 {0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="228"/>
        <source>Not sure (best guess: {label}, {confidence})</source>
        <translation>不确定（最可能：{label}，{confidence}）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="235"/>
        <source> (not sure)</source>
        <translation>（不确定）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="239"/>
        <source>Probabilities for character {index} of {count} (the least sure: {label}):</source>
        <translation>第 {index} 个字符（共 {count} 个）的概率（最不确定的：{label}）：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="259"/>
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="259"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.gif)</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="275"/>
        <source>Opened {0}</source>
        <translation>已打开 {0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="284"/>
        <source>The pad is empty: draw something before saving it.</source>
        <translation>手写板是空的：请先书写再保存。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="287"/>
        <source>Type or pick the drawing&apos;s label first (what it really is).</source>
        <translation>请先输入或选择书写内容的标签（它实际是什么）。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="295"/>
        <source>Saved drawing as {label}: {path}</source>
        <translation>已将书写保存为 {label}：{path}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="349"/>
        <source>Nothing to inspect: draw something first.</source>
        <translation>没有可检视的内容：请先书写。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="351"/>
        <source>Drawn: {answer} ({detail})</source>
        <translation>书写：{answer}（{detail}）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="357"/>
        <source>Draw: undo the last stroke</source>
        <translation>书写：撤销最后一笔</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="358"/>
        <source>Draw: clear the pad</source>
        <translation>书写：清空手写板</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="310"/>
        <source>Opened {name}, labelled {label}</source>
        <translation>已打开 {name}，标签为 {label}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/draw_tab.py" line="327"/>
        <source>Added {0} drawing(s) to my drawings</source>
        <translation>已将 {0} 个书写加入我的书写</translation>
    </message>
</context>
<context>
    <name>DrawingsGallery</name>
    <message>
        <location filename="../../lab/gui/tabs/draw/drawings_gallery.py" line="27"/>
        <source>Classes and how many drawings each has</source>
        <translation>各类别及其书写数量</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/drawings_gallery.py" line="36"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/drawings_gallery.py" line="36"/>
        <source>Delete the selected drawings</source>
        <translation>删除所选书写</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/drawings_gallery.py" line="40"/>
        <source>The label to give the selected drawings</source>
        <translation>要赋予所选书写的标签</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/drawings_gallery.py" line="41"/>
        <source>Relabel as</source>
        <translation>重新标注为</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/drawings_gallery.py" line="41"/>
        <source>Move the selected drawings to another class</source>
        <translation>将所选书写移到另一个类别</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/drawings_gallery.py" line="89"/>
        <source>1 drawing in {1}</source>
        <translation>{1} 中有 1 个书写</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/drawings_gallery.py" line="89"/>
        <source>{0} drawings in {1}</source>
        <translation>{1} 中有 {0} 个书写</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/drawings_gallery.py" line="120"/>
        <source>Type or pick the label to move the drawings to.</source>
        <translation>请输入或选择要移到的标签。</translation>
    </message>
</context>
<context>
    <name>HistogramsPage</name>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="36"/>
        <source>Histograms CSV…</source>
        <translation>直方图 CSV…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="37"/>
        <source>Gradient norms CSV…</source>
        <translation>梯度范数 CSV…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="38"/>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="40"/>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="48"/>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="48"/>
        <source>weight value</source>
        <translation>权重值</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="48"/>
        <source>activations on the fixed batch</source>
        <translation>固定批次上的激活</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="48"/>
        <source>output value</source>
        <translation>输出值</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="65"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="60"/>
        <source>gradient norm per layer (loss on the fixed batch, at epoch end)</source>
        <translation>各层梯度范数（固定批次上的损失，每轮结束时）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="80"/>
        <source>Train a model, or pick a run in the Runs table: each epoch, every layer&apos;s weights, its outputs on a fixed batch of 256 validation images and its gradient norm.</source>
        <translation>训练一个模型，或在“运行”表中选择一次运行：每一轮中各层的权重、其在固定的 256 张验证图像批次上的输出及其梯度范数。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="110"/>
        <source>This run has no histograms over training: it was recorded before Digit Lab kept them, or has not finished an epoch yet.</source>
        <translation>这次运行没有训练过程的直方图：它记录于 Digit Lab 开始保存直方图之前，或尚未完成一轮。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="128"/>
        <source>{run}: {rows} epochs recorded{members}. Colour: log count per bin, bin edges fixed at the first epoch (values beyond them count in the end bins). Gradient norm: of the loss on a fixed batch of 256 validation images at epoch end.</source>
        <translation>{run}：记录了 {rows} 轮{members}。颜色：每个区间计数的对数，区间边界固定于第一轮（超出边界的值计入两端区间）。梯度范数：每轮结束时，固定的 256 张验证图像批次上损失的梯度范数。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="128"/>
        <source>this run</source>
        <translation>本次运行</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="128"/>
        <source>, members one after another</source>
        <translation>，各成员依次排列</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="154"/>
        <source> — {share} beyond the edges</source>
        <translation> — {share} 超出边界</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="195"/>
        <source>Export histograms</source>
        <translation>导出直方图</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="190"/>
        <source>Export gradient norms</source>
        <translation>导出梯度范数</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/histograms_page.py" line="63"/>
        <source>log₁₀ norm</source>
        <translation>log₁₀ 范数</translation>
    </message>
</context>
<context>
    <name>ImageGridModel</name>
    <message>
        <location filename="../../lab/gui/tabs/dataset/image_grid.py" line="64"/>
        <source>#{index} · label {label}</source>
        <translation>#{index} · 标签 {label}</translation>
    </message>
</context>
<context>
    <name>InspectClassImages</name>
    <message>
        <location filename="../../lab/gui/tabs/inspect/class_images_page.py" line="49"/>
        <source>No model yet: train one or load a model folder.</source>
        <translation>尚无模型：请训练一个或加载模型文件夹。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/class_images_page.py" line="41"/>
        <source>Drawing what each class looks like to the network (gradient ascent on each class score from grey noise)…</source>
        <translation>正在绘制网络眼中每个类别的样子（从灰色噪声出发，对每个类别得分做梯度上升）…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/class_images_page.py" line="43"/>
        <source>computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/class_images_page.py" line="54"/>
        <source>The image each class&apos;s score is highest for, grown from grey noise with jitter, blur and a penalty on ink (so it stays readable); under each, the probability the network gives it.</source>
        <translation>使每个类别得分最高的图像，从灰色噪声出发，经抖动、模糊并对墨迹施加惩罚生成（以保持可读）；每张图下方是网络给出的概率。</translation>
    </message>
</context>
<context>
    <name>InspectClassTable</name>
    <message>
        <location filename="../../lab/gui/tabs/inspect/class_table.py" line="23"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/class_table.py" line="23"/>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/class_table.py" line="23"/>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/class_table.py" line="23"/>
        <source>F1</source>
        <translation>F1 值</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/class_table.py" line="23"/>
        <source>Support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/class_table.py" line="29"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/class_table.py" line="41"/>
        <source>{0} · lowest recall highlighted</source>
        <translation>{0} · 已高亮召回率最低的类别</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/class_table.py" line="73"/>
        <source>Export per-class metrics</source>
        <translation>导出各类别指标</translation>
    </message>
</context>
<context>
    <name>InspectEmbedding</name>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="153"/>
        <source>No model yet: train one or load a model folder.</source>
        <translation>尚无模型：请训练一个或加载模型文件夹。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="59"/>
        <source>Point at a dot to see its image.</source>
        <translation>指向一个点以查看其图像。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="84"/>
        <source>Map:</source>
        <translation>映射：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="86"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="90"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="91"/>
        <source>Each image&apos;s PCA and t-SNE coordinates with its true and predicted class</source>
        <translation>每张图像的 PCA 与 t-SNE 坐标及其真实和预测类别</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="127"/>
        <source>all classes</source>
        <translation>所有类别</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="129"/>
        <source>× mistake  ★ drawing</source>
        <translation>× 错误  ★ 书写</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="133"/>
        <source>Reading the features of {0} images…</source>
        <translation>正在读取 {0} 张图像的特征…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="159"/>
        <source>{0} test images by the features the classifier reads: PCA shown, t-SNE being computed in the background (tens of seconds)…</source>
        <translation>按分类器读取的特征排布的 {0} 张测试图像：当前显示 PCA，t-SNE 正在后台计算（需数十秒）…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="176"/>
        <source>{0} test images; colour = true class, × = mistake. Click a point to look inside it.</source>
        <translation>{0} 张测试图像；颜色 = 真实类别，× = 错误。点击一个点以查看其内部。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="255"/>
        <source>Export embedding</source>
        <translation>导出嵌入</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/embedding_map.py" line="270"/>
        <source>test #{index}: true {true}, predicted {predicted} ({confidence})</source>
        <translation>测试 #{index}：真实 {true}，预测 {predicted}（{confidence}）</translation>
    </message>
</context>
<context>
    <name>InspectFeatureMaps</name>
    <message>
        <location filename="../../lab/gui/tabs/inspect/feature_maps.py" line="23"/>
        <source>true {0}</source>
        <translation>真实 {0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/feature_maps.py" line="25"/>
        <source>predicted {label} ({share})</source>
        <translation>预测 {label}（{share}）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/feature_maps.py" line="42"/>
        <source>Pick an input: a test image by number, a mistake, or the draw pad.</source>
        <translation>选择一个输入：按编号选测试图像、选一个错误样本，或使用手写板。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/feature_maps.py" line="56"/>
        <source>{0} · computing the activations…</source>
        <translation>{0} · 正在计算激活…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/feature_maps.py" line="65"/>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/feature_maps.py" line="84"/>
        <source>No model yet: train one or load a model folder.</source>
        <translation>尚无模型：请训练一个或加载模型文件夹。</translation>
    </message>
</context>
<context>
    <name>InspectFilterImages</name>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filter_images_page.py" line="35"/>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filter_images_page.py" line="37"/>
        <source>First filters:</source>
        <translation>前若干个滤波器：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filter_images_page.py" line="65"/>
        <source>This model has no convolution layer: dense models show their templates on the Filters page.</source>
        <translation>此模型没有卷积层：全连接模型的模板显示在“滤波器”页。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filter_images_page.py" line="75"/>
        <source>No model yet: train one or load a model folder.</source>
        <translation>尚无模型：请训练一个或加载模型文件夹。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filter_images_page.py" line="83"/>
        <source>Drawing what the first {count} filters of {layer} respond to (gradient ascent on each filter's mean activation)…</source>
        <translation>正在绘制 {layer} 前 {count} 个滤波器所响应的图像（对每个滤波器的平均激活做梯度上升）…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filter_images_page.py" line="86"/>
        <source>computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filter_images_page.py" line="97"/>
        <source>filter {index}: {value:.2f}</source>
        <translation>滤波器 {index}：{value:.2f}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filter_images_page.py" line="92"/>
        <source>The image each filter of {layer} responds to most, grown from grey noise with jitter, blur and a penalty on ink; under each, its mean activation (0 everywhere: a dead filter).</source>
        <translation>使 {layer} 的每个滤波器响应最强的图像，从灰色噪声出发，经抖动、模糊并对墨迹施加惩罚生成；每张图下方是其平均激活值（处处为 0：失效的滤波器）。</translation>
    </message>
</context>
<context>
    <name>InspectFilters</name>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filters.py" line="22"/>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filters.py" line="60"/>
        <source>No model yet: train one or load a model folder.</source>
        <translation>尚无模型：请训练一个或加载模型文件夹。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filters.py" line="38"/>
        <source>{name} — {count} filters {height}×{width}</source>
        <translation>{name} — {count} 个 {height}×{width} 滤波器</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filters.py" line="44"/>
        <source>first dense layer — {0} templates 28×28</source>
        <translation>第一个全连接层 — {0} 个 28×28 模板</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filters.py" line="68"/>
        <source>This model has no convolution or dense input layer.</source>
        <translation>此模型没有卷积层或全连接输入层。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filters.py" line="75"/>
        <source>Each tile is one kernel (mean over its input channels); bright = large weight.</source>
        <translation>每个小块是一个卷积核（对其输入通道取平均）；越亮 = 权重越大。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filters.py" line="81"/>
        <source>Weights from each pixel to a unit: red pushes towards the unit, blue against it (white = 0).</source>
        <translation>从每个像素到一个单元的权重：红色促进该单元，蓝色抑制（白色 = 0）。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/filters.py" line="84"/>
        <source>class {0}</source>
        <translation>类别 {0}</translation>
    </message>
</context>
<context>
    <name>InspectModelPage</name>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="28"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="28"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="28"/>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="28"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="33"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="34"/>
        <source>The layers: name, kind, output shape, parameters</source>
        <translation>各层：名称、类型、输出形状、参数</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="37"/>
        <source>Layers, in the order the image passes them:</source>
        <translation>各层（按图像经过的顺序）：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="72"/>
        <source>&lt;b&gt;{title}&lt;/b&gt; on {data} — {n} classes: {classes}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;，数据 {data} — {n} 个类别：{classes}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="75"/>
        <source> · model.keras {0:.1f} MB</source>
        <translation> · model.keras {0:.1f} MB</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="78"/>
        <source>{total} parameters: {n} members of {each}, averaged; {trainable} trainable{size}</source>
        <translation>{total} 个参数：{n} 个成员各 {each} 个，取平均；{trainable} 个可训练{size}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="84"/>
        <source>{total} parameters, {trainable} trainable{size}</source>
        <translation>{total} 个参数，{trainable} 个可训练{size}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="87"/>
        <source>Test accuracy {accuracy} (loss {loss}, {n} images)</source>
        <translation>测试准确率 {accuracy}（损失 {loss}，{n} 张图像）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="91"/>
        <source>Trained: {0}</source>
        <translation>训练：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="93"/>
        <source>Made by: {0}</source>
        <translation>生成命令：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="95"/>
        <source>Member {number} (seed {seed}): {command}</source>
        <translation>成员 {number}（种子 {seed}）：{command}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="99"/>
        <source>Saved {0} UTC</source>
        <translation>保存于 {0} UTC</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="106"/>
        <source>Each of the {0} members:</source>
        <translation>{0} 个成员中的每一个：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/model_page.py" line="128"/>
        <source>Export the layers</source>
        <translation>导出各层</translation>
    </message>
</context>
<context>
    <name>InspectSaliency</name>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="13"/>
        <source>Gradient (SmoothGrad)</source>
        <translation>梯度（SmoothGrad）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="13"/>
        <source>Occlusion (6×6 patches)</source>
        <translation>遮挡（6×6 图块）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="13"/>
        <source>Grad-CAM (conv models)</source>
        <translation>Grad-CAM（卷积模型）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="13"/>
        <source>Integrated gradients</source>
        <translation>积分梯度</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="39"/>
        <source>Pick an input: a test image by number, a mistake, or the draw pad.</source>
        <translation>选择一个输入：按编号选测试图像、选一个错误样本，或使用手写板。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="48"/>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="50"/>
        <source>Class:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="53"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="54"/>
        <source>The map's 28×28 values as CSV</source>
        <translation>将该图的 28×28 数值导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="83"/>
        <source>Export saliency map</source>
        <translation>导出显著图</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="104"/>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="113"/>
        <source>No model yet: train one or load a model folder.</source>
        <translation>尚无模型：请训练一个或加载模型文件夹。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="121"/>
        <source>{0} · computing the saliency…</source>
        <translation>{0} · 正在计算显著图…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="133"/>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="133"/>
        <source>saliency for “{0}” over the input</source>
        <translation>“{0}”的显著图（叠加在输入上）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="133"/>
        <source>saliency for “{name}” ({method})</source>
        <translation>“{name}”的显著图（{method}）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/saliency.py" line="133"/>
        <source>probabilities</source>
        <translation>概率</translation>
    </message>
</context>
<context>
    <name>InspectTab</name>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="22"/>
        <source>No model yet: train one on the Train tab or load a model folder (File ▸ Load model…).</source>
        <translation>尚无模型：请在“训练”页训练一个，或加载模型文件夹（文件 ▸ 加载模型…）。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="60"/>
        <source>Evaluate on test set</source>
        <translation>在测试集上评估</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="61"/>
        <source>Evaluate the model on the whole test split now</source>
        <translation>立即在整个测试集上评估模型</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="76"/>
        <source>Input: test image #</source>
        <translation>输入：测试图像 #</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="78"/>
        <source>— or click a mistake, or send a drawing from the Draw tab.</source>
        <translation>— 或点击一个错误样本，或从“书写”页发送一个书写。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="105"/>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="105"/>
        <source>Mistakes</source>
        <translation>错误样本</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="105"/>
        <source>Per class</source>
        <translation>各类别</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="105"/>
        <source>Filters</source>
        <translation>滤波器</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="105"/>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="105"/>
        <source>Saliency</source>
        <translation>显著图</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="105"/>
        <source>Embedding</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="105"/>
        <source>Class images</source>
        <translation>类别图像</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="105"/>
        <source>Filter images</source>
        <translation>滤波器图像</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="161"/>
        <source>MNIST digits</source>
        <translation>MNIST 手写数字</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="161"/>
        <source>notMNIST letters</source>
        <translation>notMNIST 字母</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="166"/>
        <source>{0}1 epoch</source>
        <translation>{0}1 轮</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="166"/>
        <source>{0}{1} epochs</source>
        <translation>{0}{1} 轮</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="169"/>
        <source>{name} on {data} ({where}{after})</source>
        <translation>{name}，基于 {data}（{where}{after}）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="214"/>
        <source>the model&apos;s metadata does not say which dataset it was trained on: load a dataset on the Dataset tab first</source>
        <translation>模型元数据未说明其训练所用的数据集：请先在“数据集”页加载一个数据集</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="241"/>
        <source>evaluation failed</source>
        <translation>评估失败</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="259"/>
        <source>Test accuracy {accuracy} · loss {loss} · {n} images of {data}</source>
        <translation>测试准确率 {accuracy} · 损失 {loss} · {data} 的 {n} 张图像</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="265"/>
        <source>{count} misclassified of {n} test images, most confident first (true → predicted, confidence). Click one to look inside.</source>
        <translation>{n} 张测试图像中有 {count} 张分类错误，按置信度从高到低排列（真实 → 预测，置信度）。点击一张以查看其内部。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="287"/>
        <source>test #{0}</source>
        <translation>测试 #{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/inspect/inspect_tab.py" line="105"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
</context>
<context>
    <name>LabSession</name>
    <message>
        <location filename="../../lab/gui/session.py" line="87"/>
        <source>Runs folder: {0}</source>
        <translation>运行文件夹：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/session.py" line="95"/>
        <source>Data folder: {0}</source>
        <translation>数据文件夹：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/session.py" line="138"/>
        <source>Loaded model {0}</source>
        <translation>已加载模型 {0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/session.py" line="159"/>
        <source>No dataset</source>
        <translation>无数据集</translation>
    </message>
    <message>
        <location filename="../../lab/gui/session.py" line="160"/>
        <source>{title}: {train} train · {test} test</source>
        <translation>{title}：训练 {train} · 测试 {test}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/session.py" line="170"/>
        <source>unsaved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../lab/gui/session.py" line="177"/>
        <source>No model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location filename="../../lab/gui/session.py" line="182"/>
        <source> · test {0}</source>
        <translation> · 测试 {0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/session.py" line="184"/>
        <source>Model: {name} ({where}){accuracy}</source>
        <translation>模型：{name}（{where}）{accuracy}</translation>
    </message>
</context>
<context>
    <name>LabTab</name>
    <message>
        <location filename="../../lab/gui/tabs/base.py" line="36"/>
        <source>This tab has nothing to save.</source>
        <translation>此页没有可保存的内容。</translation>
    </message>
</context>
<context>
    <name>LearnPanel</name>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="14"/>
        <source>before</source>
        <translation>之前</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="14"/>
        <source>after</source>
        <translation>之后</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="24"/>
        <source>loading data: {0}</source>
        <translation>正在加载数据：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="29"/>
        <source>saving the tuned model</source>
        <translation>正在保存微调后的模型</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="47"/>
        <source>learning: epoch {0}</source>
        <translation>学习中：第 {0} 轮</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="70"/>
        <source>Learn my handwriting</source>
        <translation>学习我的笔迹</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="71"/>
        <source>Fine-tune a copy of the pad&apos;s model on your drawings (part of each class is held out to measure it)</source>
        <translation>用你的书写微调手写板模型的副本（每个类别留出一部分用于衡量效果）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="73"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="104"/>
        <source>Choose a model first: Learn my handwriting tunes a copy of it.</source>
        <translation>请先选择一个模型：“学习我的笔迹”会微调它的副本。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="123"/>
        <source>Learning from {0} …</source>
        <translation>正在从 {0} 学习 …</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="129"/>
        <source>Cancelled: the model on the pad is unchanged.</source>
        <translation>已取消：手写板上的模型未改变。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="150"/>
        <source>drawings of {0}</source>
        <translation>{0} 的书写</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="151"/>
        <source>held-out drawings</source>
        <translation>留出的书写</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="152"/>
        <source>test split</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/learn_panel.py" line="167"/>
        <source>“{name}” is on the pad; saved in {path}</source>
        <translation>“{name}”已用于手写板；保存在 {path}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../lab/gui/main_window.py" line="20"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="20"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="20"/>
        <source>Inspect</source>
        <translation>检视</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="20"/>
        <source>Draw</source>
        <translation>书写</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="40"/>
        <source>Open data folder…</source>
        <translation>打开数据文件夹…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="41"/>
        <source>Load model…</source>
        <translation>加载模型…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="42"/>
        <source>Save model…</source>
        <translation>保存模型…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="22"/>
        <source>Export plot… (current tab)</source>
        <translation>导出图表…（当前页）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="22"/>
        <source>Dataset, Train, Inspect, Draw tab</source>
        <translation>数据集、训练、检视、书写页</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="22"/>
        <source>Next / previous tab</source>
        <translation>下一页 / 上一页</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="22"/>
        <source>Move through the image grid</source>
        <translation>在图像网格中移动</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="22"/>
        <source>This list of shortcuts</source>
        <translation>本快捷键列表</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="45"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="35"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="36"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="37"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="38"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="39"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="43"/>
        <source>Export model…</source>
        <translation>导出模型…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="44"/>
        <source>Export plot…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="308"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="47"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="48"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="49"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="50"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="204"/>
        <source>Open data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="210"/>
        <source>Load model folder (model.keras + metadata.json)</source>
        <translation>加载模型文件夹（model.keras + metadata.json）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="229"/>
        <source>There is no model to export: load or train one first.</source>
        <translation>没有可导出的模型：请先加载或训练一个。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="231"/>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="231"/>
        <source>Format (SavedModel is a folder, the others one file):</source>
        <translation>格式（SavedModel 是一个文件夹，其他为单个文件）：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="238"/>
        <source>Export model as {0}</source>
        <translation>将模型导出为 {0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="244"/>
        <source>Exporting to {0}…</source>
        <translation>正在导出到 {0}…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="256"/>
        <source>Exported {path}: {summary}</source>
        <translation>已导出 {path}：{summary}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="259"/>
        <source>{path} was written but does not match the model: {summary}</source>
        <translation>{path} 已写入，但与模型不一致：{summary}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="266"/>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="266"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="275"/>
        <source>Exported {0}</source>
        <translation>已导出 {0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="290"/>
        <source>About Digit Lab</source>
        <translation>关于 Digit Lab</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="290"/>
        <source>Browse MNIST digits and notMNIST letters, train classic recognizers live, look inside them, and draw.</source>
        <translation>浏览 MNIST 手写数字和 notMNIST 字母，实时训练经典识别模型，查看其内部，并亲手书写。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="329"/>
        <source>Unsaved model</source>
        <translation>未保存的模型</translation>
    </message>
    <message>
        <location filename="../../lab/gui/main_window.py" line="329"/>
        <source>The model you trained has not been saved. Save it first?</source>
        <translation>你训练的模型尚未保存。要先保存吗？</translation>
    </message>
</context>
<context>
    <name>MisreadDialog</name>
    <message>
        <location filename="../../lab/gui/tabs/draw/misread_dialog.py" line="29"/>
        <source>Misread drawings</source>
        <translation>识别错误的书写</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/misread_dialog.py" line="44"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/misread_dialog.py" line="45"/>
        <source>Every misread drawing: file, label, what was read, confidence</source>
        <translation>每个识别错误的书写：文件、标签、识别结果、置信度</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/misread_dialog.py" line="67"/>
        <source>{folder}: every one of the {n} drawings was read right.</source>
        <translation>{folder}：全部 {n} 个书写都识别正确。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/misread_dialog.py" line="69"/>
        <source>{folder}: {count} of {n} drawings misread; the {shown} surest misreadings are shown (Export CSV lists all). Click one to read it on the pad.</source>
        <translation>{folder}：{n} 个书写中有 {count} 个识别错误；这里显示最有把握的 {shown} 个错误（导出 CSV 列出全部）。点击一个即可在画板上识别它。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/misread_dialog.py" line="73"/>
        <source>{folder}: {count} of {n} drawings misread, the surest misreading first. Click one to read it on the pad.</source>
        <translation>{folder}：{n} 个书写中有 {count} 个识别错误，最有把握的错误在前。点击一个即可在画板上识别它。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/misread_dialog.py" line="115"/>
        <source>Export misread drawings</source>
        <translation>导出识别错误的书写</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/misread_dialog.py" line="78"/>
        <source>Most common: {0}</source>
        <translation>最常见：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/misread_dialog.py" line="49"/>
        <source>Add to my drawings</source>
        <translation>加入我的书写</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/misread_dialog.py" line="50"/>
        <source>Copy the selected drawings, with their true labels, into my drawings: Learn my handwriting learns them</source>
        <translation>把选中的书写连同其真实标签复制到我的书写中：“学习我的笔迹”会学习它们</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="47"/>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="47"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="47"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="47"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="47"/>
        <source>Runs folder…</source>
        <translation>运行文件夹…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="75"/>
        <source>Runs folder: {0}</source>
        <translation>运行文件夹：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="111"/>
        <source>This run has no saved model yet: pick a finished or stopped run.</source>
        <translation>这次运行还没有保存的模型：请选择已完成或已停止的运行。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="125"/>
        <source>Rename run</source>
        <translation>重命名运行</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="125"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="143"/>
        <source>Delete run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="143"/>
        <source>Delete the run {run} and its folder {folder}, with its model and curves? This cannot be undone.</source>
        <translation>删除运行 {run} 及其文件夹 {folder}（包括模型和曲线）？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="160"/>
        <source>Deleted run {0}</source>
        <translation>已删除运行 {0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_panel.py" line="163"/>
        <source>Runs folder</source>
        <translation>运行文件夹</translation>
    </message>
</context>
<context>
    <name>RunsTable</name>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="8"/>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="8"/>
        <source>architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="8"/>
        <source>hyperparameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="8"/>
        <source>best val acc</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="8"/>
        <source>test acc</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="8"/>
        <source>wall time</source>
        <translation>用时</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="8"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="14"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="14"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="14"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="14"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="14"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="14"/>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="14"/>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="14"/>
        <source>stopped by user</source>
        <translation>被用户停止</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="14"/>
        <source>loss diverged</source>
        <translation>损失发散</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/runs_table.py" line="14"/>
        <source>resuming</source>
        <translation>恢复中</translation>
    </message>
</context>
<context>
    <name>ScoringPanel</name>
    <message>
        <location filename="../../lab/gui/tabs/draw/scoring_panel.py" line="32"/>
        <source>Score model on my drawings</source>
        <translation>用我的书写评估模型</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/scoring_panel.py" line="35"/>
        <source>Score a folder…</source>
        <translation>评估一个文件夹…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/scoring_panel.py" line="38"/>
        <source>Misread…</source>
        <translation>识别错误…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/scoring_panel.py" line="38"/>
        <source>The drawings the last scoring misread; click one to read it on the pad</source>
        <translation>上次评估中识别错误的书写；点击一个即可在画板上识别它</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/scoring_panel.py" line="53"/>
        <source>Folder of labelled drawings</source>
        <translation>带标签的书写文件夹</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/scoring_panel.py" line="64"/>
        <source>Choose a model first.</source>
        <translation>请先选择一个模型。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/scoring_panel.py" line="69"/>
        <source>Scoring {0} …</source>
        <translation>正在评估 {0} …</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/scoring_panel.py" line="96"/>
        <source>Drawings: {0}</source>
        <translation>书写：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/draw/scoring_panel.py" line="97"/>
        <source>Misread ({0})…</source>
        <translation>识别错误（{0}）…</translation>
    </message>
</context>
<context>
    <name>TrainControls</name>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="16"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="17"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="59"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="19"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="20"/>
        <source>Train on the dataset loaded in the Dataset tab</source>
        <translation>在“数据集”页加载的数据集上训练</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="26"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="27"/>
        <source>Change the learning rate of the running training</source>
        <translation>修改正在进行的训练的学习率</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="29"/>
        <source>Loading the model list…</source>
        <translation>正在加载模型列表…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="31"/>
        <source>Test accuracy: –</source>
        <translation>测试准确率：–</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="33"/>
        <source>Save model…</source>
        <translation>保存模型…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="34"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="40"/>
        <source>Live rate:</source>
        <translation>实时学习率：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/controls.py" line="59"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>TrainForm</name>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="62"/>
        <source>loading models…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="104"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="109"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="110"/>
        <source>Train on N images drawn at random (the same ones every run), for quick demo runs</source>
        <translation>只用随机抽取的 N 张图像训练（每次相同），用于快速演示</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="115"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="122"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="123"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="124"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="125"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="126"/>
        <source>Dropout</source>
        <translation>Dropout 比例</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="127"/>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="133"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="134"/>
        <source>Training images</source>
        <translation>训练图像数</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="85"/>
        <source>Random distortions of every training batch (never of the validation or test images)</source>
        <translation>对每个训练批次做随机变形（验证集和测试集图像不变）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="140"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="98"/>
        <source> per class</source>
        <translation> 张/类</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="99"/>
        <source>Handwriting-like images mixed into the training images: synthesised pen strokes and handwriting fonts (the shipped models: 2,000 per class)</source>
        <translation>混入训练图像的类手写图像：合成的笔画和手写字体（随附模型：每类 2,000 张）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="132"/>
        <source>Handwriting</source>
        <translation>手写图像</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="140"/>
        <source>Train on the images as they are</source>
        <translation>按原样用图像训练</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="140"/>
        <source>the dataset&apos;s own</source>
        <translation>数据集自带的</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="140"/>
        <source>Digits: move. Letters: glyph.</source>
        <translation>数字：move。字母：glyph。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="140"/>
        <source>move</source>
        <translation>move（移动）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="140"/>
        <source>Rotate, zoom and shift the digit in its 20×20 box; vary the stroke thickness</source>
        <translation>在 20×20 框内旋转、缩放并平移数字；改变笔画粗细</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="140"/>
        <source>glyph</source>
        <translation>glyph（字形）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="140"/>
        <source>Rotate and slant; vary the stroke thickness; stretch the glyph back over the frame, as notMNIST renders fonts</source>
        <translation>旋转并倾斜；改变笔画粗细；再把字形拉伸回整个画框，与 notMNIST 渲染字体的方式相同</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="140"/>
        <source>elastic</source>
        <translation>elastic（弹性）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="140"/>
        <source>move, then bend every image by a smooth random field, as different writers bend the same shape</source>
        <translation>先 move，再用平滑的随机位移场弯曲每张图像，如同不同书写者对同一字形的弯曲</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="140"/>
        <source>elastic glyph</source>
        <translation>elastic glyph（弹性字形）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="140"/>
        <source>glyph, with a milder bend before the glyph is stretched over the frame</source>
        <translation>glyph，并在字形拉伸到画框之前做较轻的弯曲</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="87"/>
        <source>Preview distortions…</source>
        <translation>预览变形…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/form.py" line="88"/>
        <source>Show a few training images with these distortions</source>
        <translation>显示几张经过这些变形的训练图像</translation>
    </message>
</context>
<context>
    <name>TrainProgress</name>
    <message>
        <location filename="../../lab/gui/tabs/train/progress.py" line="32"/>
        <source>Position:</source>
        <translation>进度：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/progress.py" line="32"/>
        <source>Speed:</source>
        <translation>速度：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/progress.py" line="32"/>
        <source>Elapsed:</source>
        <translation>已用时间：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/progress.py" line="32"/>
        <source>ETA:</source>
        <translation>预计剩余：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/progress.py" line="32"/>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/progress.py" line="58"/>
        <source>epoch {0}/{1}</source>
        <translation>第 {0}/{1} 轮</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/progress.py" line="58"/>
        <source>step {0}/{1}</source>
        <translation>第 {0}/{1} 步</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/progress.py" line="71"/>
        <source>{0} samples/s</source>
        <translation>{0} 样本/秒</translation>
    </message>
</context>
<context>
    <name>TrainTab</name>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="47"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="70"/>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="71"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="75"/>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="76"/>
        <source>Histograms</source>
        <translation>直方图</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="121"/>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="121"/>
        <source>Load a dataset in the Dataset tab, then press Start.</source>
        <translation>请在“数据集”页加载数据集，然后点击“开始”。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="126"/>
        <source>Cannot load the model list: {0}</source>
        <translation>无法加载模型列表：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="151"/>
        <source>No dataset loaded: load MNIST or notMNIST in the Dataset tab, then press Start.</source>
        <translation>未加载数据集：请在“数据集”页加载 MNIST 或 notMNIST，然后点击“开始”。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="166"/>
        <source>Test accuracy: –</source>
        <translation>测试准确率：–</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="223"/>
        <source>Training {0}…</source>
        <translation>正在训练 {0}…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="184"/>
        <source>Loading {0} to resume {1}…</source>
        <translation>正在加载 {0} 以继续 {1}…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="202"/>
        <source>Resuming {0}…</source>
        <translation>正在继续 {0}…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="227"/>
        <source>Paused: press Resume to continue.</source>
        <translation>已暂停：点击“继续”以继续。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="236"/>
        <source>Stopping at the end of the current batch…</source>
        <translation>将在当前批次结束时停止…</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="243"/>
        <source>The learning rate must be greater than 0.</source>
        <translation>学习率必须大于 0。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="304"/>
        <source>Test accuracy ({0}): {1}</source>
        <translation>测试准确率（{0}）：{1}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="306"/>
        <source>{0}: test accuracy {1}</source>
        <translation>{0}：测试准确率 {1}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="330"/>
        <source>Training failed: {0}</source>
        <translation>训练失败：{0}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="332"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="344"/>
        <source>Nothing to save yet: train a model in the Train tab first.</source>
        <translation>尚无可保存的内容：请先在“训练”页训练一个模型。</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="360"/>
        <source>Saved {0} to {1}</source>
        <translation>已将 {0} 保存到 {1}</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="367"/>
        <source>Save model folder</source>
        <translation>保存模型文件夹</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="385"/>
        <source>Export run metrics</source>
        <translation>导出运行指标</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="385"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/train_tab.py" line="390"/>
        <source>Run metrics written to {0}</source>
        <translation>运行指标已写入 {0}</translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <location filename="../../lab/gui/tabs/train/plots.py" line="36"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/plots.py" line="36"/>
        <source>Training and validation loss</source>
        <translation>训练与验证损失</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/plots.py" line="37"/>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/plots.py" line="37"/>
        <source>Training and validation accuracy</source>
        <translation>训练与验证准确率</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/plots.py" line="45"/>
        <source>training (raw)</source>
        <translation>训练（原始）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/plots.py" line="46"/>
        <source>training (EMA)</source>
        <translation>训练（EMA 平滑）</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/plots.py" line="47"/>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/plots.py" line="64"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/plots.py" line="168"/>
        <source>{0} loss</source>
        <translation>{0} 损失</translation>
    </message>
    <message>
        <location filename="../../lab/gui/tabs/train/plots.py" line="170"/>
        <source>{0} val acc</source>
        <translation>{0} 验证准确率</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <location filename="../../lab/gui/widgets/export.py" line="24"/>
        <source>cannot write {path}: {reason}; choose another folder</source>
        <translation>无法写入 {path}：{reason}；请选择其他文件夹</translation>
    </message>
</context>
</TS>
