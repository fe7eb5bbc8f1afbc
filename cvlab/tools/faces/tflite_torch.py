"""A parsed TFLite graph (:mod:`cvlab.tools.faces.tflite_reader`) run as a torch module.

A small interpreter: the ops run in the file's order with the file's weights registered as
parameters, so any graph made of the supported ops (Conv2D, DepthwiseConv2D, Add/Sub/Mul,
ReLU/ReLU6/PReLU/Logistic/Tanh, MaxPool2D, Pad, Reshape, Concatenation, ResizeBilinear) runs
without hand-written blocks. TFLite is NHWC; inside, rank-4 tensors are kept NCHW and turned
back at Reshape and at the outputs. SAME padding follows TensorFlow's rule (the odd pixel at
the bottom/right). Used for BlazeFace (:mod:`cvlab.tools.faces.blazeface`).
"""

from __future__ import annotations

import numpy as np

from cvlab.tools.faces.tflite_reader import OpInfo, TFLiteGraph


def _same_padding(size: int, kernel: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    out = -(-size // stride)
    total = max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


def _nhwc_axis_to_nchw(axis: int) -> int:
    return (0, 2, 3, 1)[axis % 4]


def _resize_indices(in_size: int, out_size: int, align_corners: bool, half_pixel: bool):
    """TFLite bilinear resize along one axis: (lower index, upper index, weight of upper)."""
    if align_corners and out_size > 1:
        scale = (in_size - 1) / (out_size - 1)
    else:
        scale = in_size / out_size
    dst = np.arange(out_size, dtype=np.float64)
    src = (dst + 0.5) * scale - 0.5 if half_pixel else dst * scale
    lower_f = np.floor(src)
    weight = src - lower_f
    lower = np.clip(lower_f, 0, in_size - 1).astype(np.int64)
    upper = np.clip(np.ceil(src), 0, in_size - 1).astype(np.int64)
    return lower, upper, weight.astype(np.float32)


def build_module(graph: TFLiteGraph):
    """A torch ``nn.Module`` that runs ``graph``: ``forward(x_nhwc)`` returns the graph's outputs
    (TFLite layouts) as a tuple."""
    import torch
    import torch.nn.functional as F
    from torch import nn

    activations = {
        "NONE": lambda x: x,
        "RELU": F.relu,
        "RELU6": lambda x: x.clamp(0.0, 6.0),
        "RELU_N1_TO_1": lambda x: x.clamp(-1.0, 1.0),
        "TANH": torch.tanh,
    }

    class _Module(nn.Module):
        def __init__(self, graph: TFLiteGraph):
            super().__init__()
            self.graph_description = f"{graph.path}: {graph.op_counts()}"
            self.inputs = graph.inputs
            self.outputs = graph.outputs
            self.ranks = {t.index: len(t.shape) for t in graph.tensors}
            self.params = nn.ParameterDict()
            self.steps: list[tuple] = []  # (runner(env, op, config), op, config)
            for op in graph.ops:
                builder = getattr(self, "_build_" + op.kind.lower(), None)
                if builder is None:
                    raise NotImplementedError(f"TFLite op {op.kind} (#{op.index}) is not "
                                              "supported by this interpreter")
                self.steps.append(builder(graph, op))

        # -- parameters --------------------------------------------------------------------
        def _param(self, name: str, array: np.ndarray) -> str:
            self.params[name] = nn.Parameter(torch.from_numpy(np.ascontiguousarray(array)),
                                             requires_grad=False)
            return name

        def _const_operand(self, graph, op, index: int, other_rank: int) -> str:
            """A constant operand of an elementwise op, laid out to broadcast against an NCHW
            activation (TFLite broadcasts against NHWC)."""
            data = graph.constant(index).astype(np.float32)
            if other_rank == 4:
                data = data.reshape((1,) * (4 - data.ndim) + data.shape).transpose(0, 3, 1, 2)
            return self._param(f"op{op.index}_in{index}", data)

        @staticmethod
        def _activation(op: OpInfo):
            name = op.options.get("fused_activation_function", "NONE")
            if name not in activations:
                raise NotImplementedError(f"fused activation {name} (op #{op.index})")
            return activations[name]

        # -- builders: parse options once, return (runner, op, config) -----------------------
        def _conv_padding(self, graph, op, kernel_h, kernel_w):
            o = op.options
            _, h, w, _ = graph.tensor(op.inputs[0]).shape
            if o["padding"] == "VALID":
                return (0, 0, 0, 0)
            top, bottom = _same_padding(h, kernel_h, o["stride_h"], o.get("dilation_h_factor", 1))
            left, right = _same_padding(w, kernel_w, o["stride_w"], o.get("dilation_w_factor", 1))
            return (left, right, top, bottom)

        def _build_conv_2d(self, graph, op):
            weight = graph.constant(op.inputs[1]).transpose(0, 3, 1, 2)  # OHWI -> OIHW
            in_channels = graph.tensor(op.inputs[0]).shape[3]
            return self._conv_step(graph, op, weight, in_channels // weight.shape[1])

        def _build_depthwise_conv_2d(self, graph, op):
            weight = graph.constant(op.inputs[1])[0].transpose(2, 0, 1)[:, None]  # 1HWC -> C1HW
            in_channels = graph.tensor(op.inputs[0]).shape[3]
            return self._conv_step(graph, op, weight, in_channels)

        def _conv_step(self, graph, op, weight, groups):
            o = op.options
            w_name = self._param(f"op{op.index}_weight", weight.astype(np.float32))
            b_name = None
            if len(op.inputs) > 2 and op.inputs[2] >= 0:
                b_name = self._param(f"op{op.index}_bias",
                                     graph.constant(op.inputs[2]).astype(np.float32))
            pad = self._conv_padding(graph, op, weight.shape[2], weight.shape[3])
            config = dict(weight=w_name, bias=b_name, groups=groups, pad=pad,
                          stride=(o["stride_h"], o["stride_w"]),
                          dilation=(o.get("dilation_h_factor", 1), o.get("dilation_w_factor", 1)),
                          act=self._activation(op))
            return (self._run_conv, op, config)

        def _run_conv(self, env, op, c):
            x = env[op.inputs[0]]
            left, right, top, bottom = c["pad"]
            padding = 0
            if left == right and top == bottom:
                padding = (top, left)
            else:
                x = F.pad(x, (left, right, top, bottom))
            bias = self.params[c["bias"]] if c["bias"] else None
            y = F.conv2d(x, self.params[c["weight"]], bias, c["stride"], padding, c["dilation"],
                         c["groups"])
            return c["act"](y)

        def _build_elementwise(self, graph, op, fn):
            ranks = [len(graph.tensor(i).shape) for i in op.inputs]
            operands = []
            for index in op.inputs:
                if graph.tensor(index).is_constant:
                    operands.append(("param", self._const_operand(graph, op, index,
                                                                  max(ranks))))
                else:
                    operands.append(("tensor", index))
            return (self._run_elementwise, op,
                    dict(operands=operands, fn=fn, act=self._activation(op)))

        def _run_elementwise(self, env, op, c):
            a, b = (self.params[v] if k == "param" else env[v] for k, v in c["operands"])
            return c["act"](c["fn"](a, b))

        def _build_add(self, graph, op):
            return self._build_elementwise(graph, op, torch.add)

        def _build_sub(self, graph, op):
            return self._build_elementwise(graph, op, torch.sub)

        def _build_mul(self, graph, op):
            return self._build_elementwise(graph, op, torch.mul)

        def _build_relu(self, graph, op):
            return (self._run_unary, op, dict(fn=F.relu))

        def _build_relu6(self, graph, op):
            return (self._run_unary, op, dict(fn=activations["RELU6"]))

        def _build_logistic(self, graph, op):
            return (self._run_unary, op, dict(fn=torch.sigmoid))

        def _build_tanh(self, graph, op):
            return (self._run_unary, op, dict(fn=torch.tanh))

        def _run_unary(self, env, op, c):
            x = env[op.inputs[0]]
            return c["fn"](x)

        def _build_prelu(self, graph, op):
            rank = len(graph.tensor(op.inputs[0]).shape)
            alpha = self._const_operand(graph, op, op.inputs[1], rank)
            return (self._run_prelu, op, dict(alpha=alpha))

        def _run_prelu(self, env, op, c):
            x = env[op.inputs[0]]
            return torch.where(x >= 0, x, x * self.params[c["alpha"]])

        def _build_max_pool_2d(self, graph, op):
            o = op.options
            if o.get("padding") == "SAME":
                _, h, w, _ = graph.tensor(op.inputs[0]).shape
                top, bottom = _same_padding(h, o["filter_height"], o["stride_h"])
                left, right = _same_padding(w, o["filter_width"], o["stride_w"])
            else:
                top = bottom = left = right = 0
            config = dict(kernel=(o["filter_height"], o["filter_width"]),
                          stride=(o["stride_h"], o["stride_w"]), pad=(left, right, top, bottom),
                          act=self._activation(op))
            return (self._run_max_pool, op, config)

        def _run_max_pool(self, env, op, c):
            x = env[op.inputs[0]]
            if any(c["pad"]):
                x = F.pad(x, c["pad"], value=float("-inf"))
            return c["act"](F.max_pool2d(x, c["kernel"], c["stride"]))

        def _build_pad(self, graph, op):
            paddings = graph.constant(op.inputs[1]).astype(np.int64)
            rank = paddings.shape[0]
            if rank == 4:  # NHWC paddings -> F.pad order for NCHW (last dim first)
                order = (2, 1, 3, 0)  # W, H, C, N
            else:
                order = tuple(range(rank - 1, -1, -1))
            flat = tuple(int(v) for d in order for v in paddings[d])
            return (self._run_pad, op, dict(pad=flat))

        def _run_pad(self, env, op, c):
            x = env[op.inputs[0]]
            return F.pad(x, c["pad"])

        def _build_reshape(self, graph, op):
            return (self._run_reshape, op, dict(shape=graph.tensor(op.outputs[0]).shape,
                                                in_rank=len(graph.tensor(op.inputs[0]).shape)))

        def _run_reshape(self, env, op, c):
            x = env[op.inputs[0]]
            if c["in_rank"] == 4:
                x = x.permute(0, 2, 3, 1)
            x = x.reshape(c["shape"])
            if len(c["shape"]) == 4:
                x = x.permute(0, 3, 1, 2)
            return x

        def _build_concatenation(self, graph, op):
            rank = len(graph.tensor(op.outputs[0]).shape)
            axis = op.options.get("axis", 0)
            axis = _nhwc_axis_to_nchw(axis) if rank == 4 else axis % rank
            return (self._run_concat, op, dict(axis=axis, act=self._activation(op)))

        def _run_concat(self, env, op, c):
            return c["act"](torch.cat([env[i] for i in op.inputs], dim=c["axis"]))

        def _build_resize_bilinear(self, graph, op):
            _, in_h, in_w, _ = graph.tensor(op.inputs[0]).shape
            _, out_h, out_w, _ = graph.tensor(op.outputs[0]).shape
            align = bool(op.options.get("align_corners", False))
            half = bool(op.options.get("half_pixel_centers", False))
            config = {}
            for axis, (n_in, n_out) in (("h", (in_h, out_h)), ("w", (in_w, out_w))):
                lower, upper, weight = _resize_indices(n_in, n_out, align, half)
                shape = (n_out, 1) if axis == "h" else (n_out,)
                for name, arr in (("lower", lower), ("upper", upper)):
                    self.register_buffer(f"op{op.index}_{axis}_{name}", torch.from_numpy(arr),
                                         persistent=False)
                    config[f"{axis}_{name}"] = f"op{op.index}_{axis}_{name}"
                config[f"{axis}_weight"] = self._param(f"op{op.index}_{axis}_weight",
                                                       weight.reshape(shape))
            return (self._run_resize, op, config)

        def _run_resize(self, env, op, c):
            x = env[op.inputs[0]]
            hl, hu = getattr(self, c["h_lower"]), getattr(self, c["h_upper"])
            wl, wu = getattr(self, c["w_lower"]), getattr(self, c["w_upper"])
            wy, wx = self.params[c["h_weight"]], self.params[c["w_weight"]]
            x = x[:, :, hl] + (x[:, :, hu] - x[:, :, hl]) * wy
            return x[..., wl] + (x[..., wu] - x[..., wl]) * wx

        # -- execution ----------------------------------------------------------------------
        def forward(self, x):
            """x: (1, H, W, C) float tensor, NHWC as the TFLite model takes it."""
            env = {self.inputs[0]: x.permute(0, 3, 1, 2) if x.dim() == 4 else x}
            for run, op, config in self.steps:
                env[op.outputs[0]] = run(env, op, config)
            results = []
            for index in self.outputs:
                value = env[index]
                results.append(value.permute(0, 2, 3, 1) if self.ranks[index] == 4 else value)
            return tuple(results)

    return _Module(graph)


# ----- detection ----------------------------------------------------------------------------
