"""Immich ML's CLIP image preprocessing, as an independent reference (Pillow, no numpy).

Follows machine-learning/immich_ml/models/transforms.py and clip/visual.py at Immich v3.1.0
(8aa95c67): decode_pil (Image.open, convert("RGB") unless RGB: alpha dropped, stored colours
kept), resize_pil (shorter side to `size`, the other int()-truncated, always BICUBIC), crop_pil
(centre crop at int(w/2 - size/2)), to_numpy (/255) and normalize ((x - mean) / std), CHW.

  python3 immich_preprocess.py IMAGE SIZE MEAN_R,MEAN_G,MEAN_B STD_R,STD_G,STD_B > tensor.f32

writes 3*SIZE*SIZE little-endian float32 values (channel planes R, G, B) to stdout.
"""
import sys
from array import array

from PIL import Image


def decode_pil(path):
    image = Image.open(path)
    image.load()
    if not image.mode == "RGB":
        image = image.convert("RGB")
    return image


def resize_pil(img, size):
    if img.width < img.height:
        return img.resize((size, int((img.height / img.width) * size)), resample=Image.Resampling.BICUBIC)
    return img.resize((int((img.width / img.height) * size), size), resample=Image.Resampling.BICUBIC)


def crop_pil(img, size):
    left = int((img.size[0] / 2) - (size / 2))
    upper = int((img.size[1] / 2) - (size / 2))
    return img.crop((left, upper, left + size, upper + size))


def main():
    path, size = sys.argv[1], int(sys.argv[2])
    mean = [float(v) for v in sys.argv[3].split(",")]
    std = [float(v) for v in sys.argv[4].split(",")]
    img = crop_pil(resize_pil(decode_pil(path), size), size)
    pixels = list(img.getdata())
    out = array("f")
    for c in range(3):
        out.extend((p[c] / 255.0 - mean[c]) / std[c] for p in pixels)
    if sys.byteorder != "little":
        out.byteswap()
    sys.stdout.buffer.write(out.tobytes())


if __name__ == "__main__":
    main()
