"""Draws resources/digit-lab.png, the application icon: a handwritten-looking 7 on a pad with a
faint pixel grid (MNIST's 28 × 28 look). Run `python3 resources/make_icon.py` to redraw it."""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 256
GRID = 8  # cells across the pad, a hint of the 28 × 28 pixel grid at icon size


def draw_icon(size=SIZE):
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    margin, radius = size // 16, size // 6
    pad = (margin, margin, size - margin, size - margin)
    draw.rounded_rectangle(pad, radius=radius, fill=(32, 46, 72, 255))
    cell = (size - 2 * margin) / GRID
    for index in range(1, GRID):
        offset = margin + index * cell
        draw.line((offset, margin + 6, offset, size - margin - 6), fill=(52, 70, 102, 255), width=2)
        draw.line((margin + 6, offset, size - margin - 6, offset), fill=(52, 70, 102, 255), width=2)
    stroke = size // 11
    seven = [(0.30, 0.30), (0.70, 0.28), (0.56, 0.50), (0.44, 0.74)]
    points = [(x * size, y * size) for x, y in seven]
    draw.line(points, fill=(250, 250, 250, 255), width=stroke, joint="curve")
    for x, y in (points[0], points[-1]):  # round pen ends
        draw.ellipse((x - stroke / 2, y - stroke / 2, x + stroke / 2, y + stroke / 2),
                     fill=(250, 250, 250, 255))
    draw.line([(0.45 * size, 0.50 * size), (0.66 * size, 0.50 * size)],
              fill=(120, 200, 255, 255), width=stroke // 2)
    return image


def main():
    target = Path(__file__).resolve().parent / "digit-lab.png"
    temporary = target.with_suffix(".png.tmp")
    draw_icon().save(temporary, format="PNG")
    temporary.replace(target)
    print(target)


if __name__ == "__main__":
    main()
