"""`cvlab faces` end to end: JSON, anonymising, folders, errors."""

import json

import numpy as np
from PIL import Image

from cvlab.cli import main
from cvlab.core.images import read_image


def run(capsys, *argv):
    code = main(["faces", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_the_astronaut_face(capsys, test_data):
    code, out, err = run(capsys, str(test_data / "faces" / "skimage_astronaut.png"), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["count"] == 1 and data["detector"] == "mtcnn"
    face = data["faces"][0]
    assert len(face["box"]) == 4 and len(face["landmarks"]) == 5


def test_no_face_on_coffee_with_each_detector(capsys):
    from cvlab.tools import tool_samples

    coffee = next(s.path for _, s in tool_samples() if "coffee" in s.relative_path)
    for detector in ("mtcnn", "blazeface", "haar"):
        code, out, err = run(capsys, str(coffee), "--detector", detector, "--json")
        assert code == 0, err
        assert json.loads(out)["count"] == 0, detector


def test_anonymise_writes_a_blurred_copy(capsys, test_data, tmp_path):
    source = test_data / "faces" / "skimage_astronaut.png"
    target = tmp_path / "anon.png"
    code, out, err = run(capsys, str(source), "--anonymize", "pixelate", "-o", str(target))
    assert code == 0, err and "anonymised" in out
    before, after = read_image(source).array, read_image(target).array
    assert before.shape == after.shape
    changed = np.any(before != after, axis=-1)
    assert 0.02 < changed.mean() < 0.5          # the face, not the whole photo


def test_folder_form_and_errors(capsys, test_data, tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    Image.open(test_data / "faces" / "skimage_astronaut.png").save(source / "a.png")
    (source / "broken.png").write_bytes(b"junk")
    code, out, err = run(capsys, str(source), "--anonymize", "fill", "-o", str(tmp_path / "o"))
    assert code == 1 and "broken.png" in err
    assert (tmp_path / "o" / "a_anonymised.png").is_file()
    assert "a.png,1," in (tmp_path / "o" / "faces_summary.csv").read_text()

    code, _, err = run(capsys, str(source), "--anonymize", "blur", "-o", str(source / "x"))
    assert code == 1 and "inside" in err
    code, _, err = run(capsys, str(source / "a.png"), "--anonymize", "blur")
    assert code == 1 and "needs -o" in err
    code, _, err = run(capsys, str(source / "a.png"), "--threshold", "3")
    assert code == 1 and "between 0 and 1" in err


# ----- cvlab faces same A B ---------------------------------------------------------------

def test_same_says_two_photos_of_one_man_are_the_same_person(capsys, test_data):
    people = test_data / "faces" / "people"
    code, out, err = run(capsys, "same", str(people / "obama_480.jpg"),
                         str(people / "obama3_480.jpg"), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["same_person"] is True and data["model"] == "sface"
    assert data["metric"] == "cosine" and data["score"] >= data["threshold"]
    assert data["a"]["faces"] == 1 and data["b"]["face"] == 1


def test_same_tells_two_people_apart_with_each_offline_model(capsys, test_data):
    people = test_data / "faces" / "people"
    for model, metric in (("sface", "cosine"), ("dlib", "distance")):
        code, out, err = run(capsys, "same", str(people / "obama2_480.jpg"),
                             str(people / "biden_480.jpg"), "--model", model)
        assert code == 0, err
        assert "different people" in out and f"[{model}]" in out and metric in out


def test_same_refuses_what_it_cannot_answer_in_one_line(capsys, test_data):
    from cvlab.tools import tool_samples

    people = test_data / "faces" / "people"
    coffee = next(s.path for _, s in tool_samples() if "coffee" in s.relative_path)
    cases = [(("same", str(people / "obama_480.jpg")), "two photos"),
             (("same", str(people / "obama_480.jpg"), str(coffee)), "no face found"),
             (("same", str(people / "obama_480.jpg"), str(people / "biden_480.jpg"),
               "--face-b", "3"), "no face 3"),
             (("same", str(people / "obama_480.jpg"), str(people / "missing.jpg")),
              "missing.jpg")]
    for argv, words in cases:
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == "", argv
        assert words in err and len(err.strip().splitlines()) == 1, err
