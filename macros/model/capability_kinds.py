"""The capability fact kinds (issue 18): their item fields, closed vocabularies and reader labels.

This is the one place that names a capability value for readers: pages, the guide, compare and the
exports take their labels from here and never show a raw id. The JSON Schema
(schema/framework.schema.json) holds the same vocabularies; `capability_fact_schemas` writes them,
and a test keeps the schema equal to what it writes, so the two cannot drift apart.

A capability entry is either sourced (`value`, `source`, `as_of`, optionally `complete: true`
when the source lists every supported value), or a gap: `unknown` (no source settles it, and why)
or `not_applicable` (the kind does not apply to this framework, and why), each with its `as_of`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ACCELERATORS = {
    "cpu": "CPU",
    "cuda": "NVIDIA CUDA",
    "rocm": "AMD ROCm",
    "tpu": "Google TPU",
    "metal": "Apple GPU (Metal)",
    "apple-neural-engine": "Apple Neural Engine",
    "intel-gpu": "Intel GPU",
    "ascend": "Huawei Ascend",
    "hexagon": "Qualcomm Hexagon NPU",
    "other-npu": "other NPU",
    "webgpu": "WebGPU",
    "webgl": "WebGL",
    "wasm": "WebAssembly",
    "vulkan": "Vulkan",
    "opencl": "OpenCL",
}

OPERATING_SYSTEMS = {
    "linux": "Linux",
    "macos": "macOS",
    "windows": "Windows",
    "android": "Android",
    "ios": "iOS",
    "web": "web browser",
}

BUILT_IN_OR_PACKAGE = {"built-in": "built in", "package": "separate package"}
BUILT_IN_OR_LIBRARY = {"built-in": "built in", "library": "separate library"}

AUTODIFF_MODES = {
    "reverse": "reverse mode",
    "forward": "forward mode",
    "higher-order": "higher-order derivatives",
    "none": "no automatic differentiation",
}

COMPILATION_MODES = {
    "jit": "just-in-time compilation",
    "aot-export": "ahead-of-time export",
    "none": "no compilation",
}

PRECISIONS = {"fp16": "FP16", "bf16": "BF16", "fp8": "FP8", "int8": "INT8", "int4": "INT4"}
PRECISION_USES = {"training": "training", "inference": "inference"}

STRATEGIES = {
    "data-parallel": "data parallel",
    "sharded-data-parallel": "sharded data parallel (FSDP/ZeRO)",
    "tensor-parallel": "tensor parallel",
    "pipeline-parallel": "pipeline parallel",
    "multi-node": "multi-node",
}

FORMATS = {
    "onnx": "ONNX",
    "stablehlo": "StableHLO",
    "tflite": "LiteRT/TFLite",
    "coreml": "Core ML",
    "gguf": "GGUF",
    "pte": "ExecuTorch .pte",
    "tensorrt-engine": "TensorRT engine",
    "openvino-ir": "OpenVINO IR",
    "savedmodel": "TensorFlow SavedModel",
    "keras": "Keras .keras",
    "hdf5": "HDF5",
    "torchscript": "TorchScript",
    "pytorch-checkpoint": "PyTorch checkpoint (.pt)",
    "safetensors": "safetensors",
    "tfjs-graph": "TensorFlow.js model",
    "mlx-npz": "MLX .npz",
    "paddle-inference": "Paddle inference model",
    "mindir": "MindIR",
    "pickle": "Python pickle",
    "jax-export": "jax.export serialized",
    "caffe-model": "Caffe model",
    "other": "other format",
}

HUBS = {
    "huggingface-hub": "Hugging Face Hub",
    "huggingface-transformers": "Hugging Face Transformers",
    "pytorch-hub": "PyTorch Hub",
    "kaggle-models": "Kaggle Models",
    "keras-hub": "KerasHub",
    "paddle-hub": "PaddleHub",
    "modelscope": "ModelScope",
    "onnx-model-zoo": "ONNX Model Zoo",
    "openvino-model-zoo": "OpenVINO Model Zoo",
    "mlx-community": "MLX Community",
    "timm": "timm",
    "other": "other hub",
}


@dataclass(frozen=True, slots=True)
class ItemField:
    """One field of a capability item: its id, whether required, and its vocabulary (None: free value)."""

    name: str
    required: bool
    vocabulary: dict[str, str] | None = None
    schema: dict[str, Any] | None = None  # the JSON Schema of a free value
    description: str = ""


@dataclass(frozen=True, slots=True)
class CapabilityKind:
    id: str
    label: str  # the reader's name of the kind (a matrix column, a facts row)
    description: str
    fields: tuple[ItemField, ...]
    group: str  # training | deployment | platform | ecosystem: which kinds of framework it applies to

    @property
    def key_field(self) -> ItemField:
        """The field that names what an item is (os+accelerator for platforms, else the first)."""
        return self.fields[0]


_NAME = {"$ref": "common.schema.json#/$defs/name"}
_TRUE = {"type": "boolean"}

KINDS: tuple[CapabilityKind, ...] = (
    CapabilityKind(
        "platforms", "Platforms",
        "Which operating system with which accelerator. Windows with CUDA means native Windows; WSL2 counts "
        "as Linux (say so in the note).",
        (ItemField("os", True, OPERATING_SYSTEMS), ItemField("accelerator", True, ACCELERATORS)),
        "platform",
    ),
    CapabilityKind(
        "accelerators", "Accelerators",
        "Accelerators by name, and whether each is built in or reached through a separate package "
        "(`package` names it, e.g. torch_xla, jax-metal).",
        (ItemField("accelerator", True, ACCELERATORS), ItemField("via", True, BUILT_IN_OR_PACKAGE),
         ItemField("package", False, schema=_NAME, description="The separate package's name."),
         ItemField("experimental", False, schema=_TRUE, description="true when the makers call it experimental.")),
        "platform",
    ),
    CapabilityKind(
        "autodiff", "Automatic differentiation",
        "The automatic differentiation modes it offers (`none` alone for a runtime without differentiation).",
        (ItemField("mode", True, AUTODIFF_MODES),),
        "training",
    ),
    CapabilityKind(
        "compilation", "Compilation",
        "Just-in-time compilation and ahead-of-time export, and the compiler behind each.",
        (ItemField("mode", True, COMPILATION_MODES),
         ItemField("compiler", False, schema=_NAME, description="The compiler's name, e.g. XLA, TorchInductor.")),
        "platform",
    ),
    CapabilityKind(
        "precision", "Precision and quantisation",
        "Reduced precisions (fp16, bf16, fp8) and quantised integer formats (int8, int4), for training or inference.",
        (ItemField("precision", True, PRECISIONS), ItemField("use", True, PRECISION_USES)),
        "platform",
    ),
    CapabilityKind(
        "distributed_strategies", "Distributed strategies",
        "Ways to spread training over devices and machines, built in or through a separate library (`library` names it).",
        (ItemField("strategy", True, STRATEGIES), ItemField("via", True, BUILT_IN_OR_LIBRARY),
         ItemField("library", False, schema=_NAME, description="The library's name, e.g. DeepSpeed.")),
        "training",
    ),
    CapabilityKind(
        "native_format", "Native model format",
        "The format it saves models in by default (usually one).",
        (ItemField("format", True, FORMATS),),
        "ecosystem",
    ),
    CapabilityKind(
        "export_formats", "Exports to",
        "Model formats it exports to, built in or through a separate package.",
        (ItemField("format", True, FORMATS), ItemField("via", True, BUILT_IN_OR_PACKAGE),
         ItemField("package", False, schema=_NAME, description="The separate package's name.")),
        "ecosystem",
    ),
    CapabilityKind(
        "import_formats", "Imports from",
        "Model formats it loads or converts from, built in or through a separate package.",
        (ItemField("format", True, FORMATS), ItemField("via", True, BUILT_IN_OR_PACKAGE),
         ItemField("package", False, schema=_NAME, description="The separate package's name.")),
        "ecosystem",
    ),
    CapabilityKind(
        "model_hubs", "Pretrained-model hubs",
        "Hubs of pretrained models it loads from: first-party or not, and a count only where a dated source gives one.",
        (ItemField("hub", True, HUBS),
         ItemField("first_party", True, schema=_TRUE, description="true when the framework's makers run the hub."),
         ItemField("models", False, schema={"type": "integer", "minimum": 0},
                   description="How many models, where a dated source gives a count.")),
        "ecosystem",
    ),
    CapabilityKind(
        "python_versions", "Python versions",
        "Supported Python versions, from the package index (classifiers or requires-python of the latest release; "
        "`locator` names which). Without a Python interface: not_applicable.",
        (ItemField("version", True, schema={"type": "string", "pattern": "^[23]\\.[0-9]{1,2}(?![\\s\\S])",
                                             "examples": ["3.11"]}, description="A Python version, e.g. 3.11."),),
        "ecosystem",
    ),
    CapabilityKind(
        "install_size", "Install size",
        "The size the package index lists for one named file of a package (only where a source states it).",
        (ItemField("package", True, schema=_NAME, description="The package's name on its index."),
         ItemField("megabytes", True, schema={"type": "number", "exclusiveMinimum": 0},
                   description="The file's size in megabytes."),
         ItemField("artifact", False, schema={"$ref": "common.schema.json#/$defs/line"},
                   description="The file name (wheel or archive) the size is of.")),
        "ecosystem",
    ),
)

KINDS_BY_ID = {kind.id: kind for kind in KINDS}
CAPABILITY_FACTS = frozenset(KINDS_BY_ID)

# Kinds that apply only to frameworks that train models: an inference runtime reads "not applicable".
TRAINING_KINDS = frozenset(k.id for k in KINDS if k.group == "training")


def value_label(kind_id: str, field_name: str, value: object) -> str:
    """The reader's label of one field value (a vocabulary id, or the free value as written)."""
    kind = KINDS_BY_ID[kind_id]
    item_field = next(f for f in kind.fields if f.name == field_name)
    if item_field.vocabulary is not None:
        return item_field.vocabulary.get(str(value), str(value))
    return str(value)


def item_label(kind_id: str, item: dict[str, Any]) -> str:
    """One item as reader text: 'Windows + NVIDIA CUDA', 'Google TPU (separate package torch_xla)',
    'INT8 inference', 'ONNX (separate package tf2onnx)', 'Hugging Face Hub (1,234 models)'."""
    if kind_id == "platforms":
        return f"{value_label(kind_id, 'os', item.get('os'))} + {value_label(kind_id, 'accelerator', item.get('accelerator'))}"
    if kind_id == "precision":
        return f"{PRECISIONS.get(str(item.get('precision')), str(item.get('precision')))} {item.get('use')}"
    if kind_id == "install_size":
        megabytes = item.get("megabytes")
        size = f"{megabytes:g} MB" if isinstance(megabytes, (int, float)) else str(megabytes)
        return f"{item.get('package')}: {size}" + (f" ({item['artifact']})" if item.get("artifact") else "")
    if kind_id == "python_versions":
        return str(item.get("version"))
    kind = KINDS_BY_ID[kind_id]
    head = value_label(kind_id, kind.key_field.name, item.get(kind.key_field.name))
    details: list[str] = []
    if kind_id == "compilation" and item.get("compiler"):
        details.append(str(item["compiler"]))
    if item.get("via") == "package":
        details.append("separate package" + (f" {item['package']}" if item.get("package") else ""))
    elif item.get("via") == "library":
        details.append("separate library" + (f" {item['library']}" if item.get("library") else ""))
    if item.get("experimental"):
        details.append("experimental")
    if kind_id == "model_hubs":
        details.append("first-party" if item.get("first_party") else "third-party")
        if isinstance(item.get("models"), int):
            details.append(f"{item['models']:,} models")
    return head + (f" ({', '.join(details)})" if details else "")


# ---- the JSON Schema of the kinds (schema/framework.schema.json holds exactly this) -------------

def _item_schema(kind: CapabilityKind) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for f in kind.fields:
        if f.vocabulary is not None:
            properties[f.name] = {"enum": list(f.vocabulary)}
        else:
            properties[f.name] = dict(f.schema or {})
        if f.description:
            properties[f.name]["description"] = f.description
    return {
        "type": "object",
        "required": [f.name for f in kind.fields if f.required],
        "additionalProperties": False,
        "properties": properties,
    }


def capability_fact_schema(kind: CapabilityKind) -> dict[str, Any]:
    return {
        "type": "array",
        "minItems": 1,
        "description": f"{kind.description} A capability: a list of sourced entries (several when the value "
                       "changed over time; `complete: true` when the source lists every supported value, so "
                       "an absent one reads \"no\"), or one `unknown` or `not_applicable` entry with its reason.",
        # Which form an entry is, is read from its keys (if/then/else rather than oneOf), so that an
        # error is reported against the form the author meant, not "valid under none of three".
        "items": {
            "if": {"required": ["unknown"]},
            "then": {"$ref": "#/$defs/unknownEntry"},
            "else": {
                "if": {"required": ["not_applicable"]},
                "then": {"$ref": "#/$defs/notApplicableEntry"},
                "else": {
                    "allOf": [{"$ref": "#/$defs/factEntry"}],
                    "properties": {
                        "value": {"type": "array", "minItems": 1, "uniqueItems": True, "items": _item_schema(kind)},
                        "complete": {"$ref": "#/$defs/completeFlag"},
                    },
                    "unevaluatedProperties": False,
                },
            },
        },
    }


def capability_defs() -> dict[str, Any]:
    return {
        "completeFlag": {
            "type": "boolean",
            "description": "true when the cited source lists every supported value (an official support table): "
                           "a value absent from this entry then reads \"no\"; without it, \"unknown\".",
        },
        "unknownEntry": {
            "type": "object",
            "required": ["unknown", "as_of"],
            "additionalProperties": False,
            "properties": {
                "unknown": {"$ref": "common.schema.json#/$defs/text",
                            "description": "In reader words: what was looked at and why it does not settle the "
                                           "capability."},
                "as_of": {"$ref": "common.schema.json#/$defs/date", "description": "The day it was looked at."},
            },
        },
        "notApplicableEntry": {
            "type": "object",
            "required": ["not_applicable", "as_of"],
            "additionalProperties": False,
            "properties": {
                "not_applicable": {"$ref": "common.schema.json#/$defs/text",
                                   "description": "In reader words: why the capability does not apply."},
                "as_of": {"$ref": "common.schema.json#/$defs/date", "description": "The day it was decided."},
            },
        },
    }


def capability_fact_schemas() -> dict[str, Any]:
    return {kind.id: capability_fact_schema(kind) for kind in KINDS}
