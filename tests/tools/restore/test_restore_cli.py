"""`cvlab restore inpaint | colorize | scratches` end to end."""

import numpy as np
from PIL import Image

from cvlab.cli import main
from cvlab.core.images import read_image


def run(capsys, *argv):
    code = main(["restore", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_scratches_then_inpaint(capsys, tmp_path):
    from cvlab.tools.restore.samples import make_old_photo

    photo = make_old_photo()
    mask_path, out = tmp_path / "mask.png", tmp_path / "fixed.png"
    code, output, err = run(capsys, "scratches", str(photo), "-o", str(mask_path))
    assert code == 0, err and "proposed" in output
    mask = read_image(mask_path).array > 127
    code, output, err = run(capsys, "inpaint", str(photo), "--mask", str(mask_path),
                            "--method", "telea", "-o", str(out))
    assert code == 0, err
    before, after = read_image(photo).array, read_image(out).array
    np.testing.assert_array_equal(after[~mask], before[~mask])
    assert not np.array_equal(after[mask], before[mask])


def test_colorize_keeps_luminance(capsys, test_data, tmp_path):
    gray = np.asarray(Image.open(test_data / "photos" / "sklearn_china.jpg").convert("L"))
    source, out = tmp_path / "g.png", tmp_path / "c.png"
    Image.fromarray(gray).save(source)
    code, _, err = run(capsys, "colorize", str(source), "--method", "net", "-o", str(out))
    assert code == 0, err
    color = read_image(out).array.astype(float)
    assert color.shape == gray.shape + (3,)
    assert np.abs(color @ np.array([0.299, 0.587, 0.114]) - gray).mean() < 3
    assert color.std(axis=-1).mean() > 2                   # not gray any more


def test_errors_name_the_file(capsys, tmp_path):
    photo = tmp_path / "p.png"
    Image.fromarray(np.zeros((40, 60, 3), np.uint8)).save(photo)
    small = tmp_path / "m.png"
    Image.fromarray(np.zeros((10, 10), np.uint8)).save(small)
    code, _, err = run(capsys, "inpaint", str(photo), "--mask", str(small), "-o",
                       str(tmp_path / "o.png"))
    assert code == 1 and str(small) in err
    code, _, err = run(capsys, "colorize", str(photo), "--method", "scribbles", "-o",
                       str(tmp_path / "o.png"))
    assert code == 1 and "--scribbles" in err
    code, _, err = run(capsys, "colorize", str(photo), "--method", "eccv16", "-o",
                       str(tmp_path / "o.png"))
    assert code == 1 and "cvlab weights fetch zhang_eccv16" in err
