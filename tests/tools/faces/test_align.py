"""Five-landmark alignment to the 112x112 ArcFace / SFace template."""

import numpy as np
import pytest

from cvlab.tools.faces.align import ALIGNED_SIZE, TEMPLATE_112, align_face, similarity_transform


def similarity(scale, degrees, tx, ty):
    a = np.deg2rad(degrees)
    rotation = scale * np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return np.hstack([rotation, [[tx], [ty]]])


def apply(matrix, points):
    return points @ matrix[:, :2].T + matrix[:, 2]


def test_similarity_transform_recovers_a_known_one():
    forward = similarity(2.7, -23.0, 140.0, 95.0)
    landmarks = apply(forward, TEMPLATE_112)
    back = similarity_transform(landmarks, TEMPLATE_112)
    np.testing.assert_allclose(apply(back, landmarks), TEMPLATE_112, atol=1e-9)
    np.testing.assert_allclose(back[:, :2] @ forward[:, :2], np.eye(2), atol=1e-9)


def test_similarity_transform_never_reflects():
    mirrored = TEMPLATE_112 * [-1, 1]
    matrix = similarity_transform(mirrored, TEMPLATE_112)
    assert np.linalg.det(matrix[:, :2]) > 0


def blob_image(shape, centres, sigma):
    yy, xx = np.mgrid[:shape[0], :shape[1]].astype(np.float64)
    image = np.zeros(shape, np.float64)
    for x, y in centres:
        image += np.exp(-((xx - x) ** 2 + (yy - y) ** 2) / (2 * sigma ** 2))
    return np.repeat((np.clip(image, 0, 1) * 255).round().astype(np.uint8)[..., None], 3, axis=2)


def centroid(gray, x, y, radius=7):
    x0, y0 = int(round(x)) - radius, int(round(y)) - radius
    window = gray[y0:y0 + 2 * radius + 1, x0:x0 + 2 * radius + 1].astype(np.float64)
    yy, xx = np.mgrid[y0:y0 + 2 * radius + 1, x0:x0 + 2 * radius + 1]
    return np.array([(window * xx).sum(), (window * yy).sum()]) / window.sum()


@pytest.mark.parametrize("scale, degrees, tx, ty", [(2.5, 17.0, 120.0, 60.0),
                                                    (1.3, -35.0, 40.0, 150.0),
                                                    (4.0, 0.0, 10.0, 5.0)])
def test_aligned_landmarks_land_on_the_template(scale, degrees, tx, ty):
    landmarks = apply(similarity(scale, degrees, tx, ty), TEMPLATE_112)
    image = blob_image((560, 520), landmarks, sigma=1.2 * scale)
    aligned = align_face(image, landmarks)
    assert aligned.shape == (ALIGNED_SIZE, ALIGNED_SIZE, 3) and aligned.dtype == np.uint8
    for found, expected in zip([centroid(aligned[..., 0], *p) for p in TEMPLATE_112],
                               TEMPLATE_112):
        assert np.hypot(*(found - expected)) < 1.0, (found, expected)


def test_align_face_checks_its_landmarks():
    image = np.zeros((50, 50, 3), np.uint8)
    with pytest.raises(ValueError, match="5"):
        align_face(image, np.zeros((4, 2)))
    with pytest.raises(ValueError, match="coincide"):
        align_face(image, np.ones((5, 2)))


def test_mtcnn_landmarks_align_the_astronaut_for_sface(test_data):
    """End to end on a real face: the photo and its mirror image, each detected by MTCNN and
    aligned, give SFace embeddings that agree (measured: cosine 0.973)."""
    from PIL import Image

    from cvlab.core.weights.loading import WeightsMissingError
    from cvlab.tools.faces.mtcnn import load_mtcnn
    from cvlab.tools.faces.sface import cosine_similarity, load_sface

    image = np.asarray(Image.open(test_data / "faces" / "skimage_astronaut.png").convert("RGB"))
    mirror = np.ascontiguousarray(image[:, ::-1])
    try:
        detector, sface = load_mtcnn(), load_sface()
    except WeightsMissingError as exc:
        pytest.fail(str(exc))
    faces = []
    for picture in (image, mirror):
        _, _, landmarks = detector.detect(picture)
        assert len(landmarks) == 1
        faces.append(align_face(picture, landmarks[0]))
    embeddings = sface.embed(np.stack(faces))
    assert cosine_similarity(embeddings[0], embeddings[1]) > 0.9
