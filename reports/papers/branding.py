"""A council's look on its papers: the colour of the headings and rules, from a short list that keeps the contrast
of text on white at WCAG AA (4.5:1) or better, and its logo, checked and drawn again as a plain PNG (no metadata,
no script, no animation, at most 600 pixels wide) before it is kept. Pure: no database."""
import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

# Colours that pass 4.5:1 against white; the key is the CSS class the paper uses (static/reports/paper.css).
COLOURS = {
    "black": ("Black", "#0b0c0c"),
    "dark-blue": ("Dark blue", "#003078"),
    "blue": ("Blue", "#1d70b8"),
    "green": ("Green", "#00703c"),
    "purple": ("Purple", "#4c2c92"),
    "dark-red": ("Dark red", "#942514"),
    "dark-grey": ("Dark grey", "#505a5f"),
}
COLOUR_CHOICES = [(key, words) for key, (words, _) in COLOURS.items()]
AA_TEXT = 4.5
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4000 * 4000  # larger is refused before it is decoded
LOGO_WIDTH = 600


def _channel(value: int) -> float:
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(foreground: str, background: str = "#ffffff") -> float:
    """WCAG 2's contrast ratio of two colours."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class LogoRefused(ValueError):
    """The file is not a picture the service will keep, in words for the form."""


@dataclass(frozen=True)
class Logo:
    png: bytes
    width: int
    height: int


def logo_redrawn(data: bytes) -> Logo:
    """The uploaded picture drawn again as a PNG, or ``LogoRefused`` saying why not."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise LogoRefused("The logo must be smaller than 2 MB")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("PNG", "JPEG", "GIF", "WEBP"):
                raise LogoRefused("The logo must be a PNG, JPEG, GIF or WebP picture")
            if probe.width * probe.height > MAX_PIXELS:
                raise LogoRefused("The logo must be at most 4,000 by 4,000 pixels")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)  # the first frame of an animation only
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise LogoRefused("The logo must be a picture: this file could not be read as one") from None
    if picture.width > LOGO_WIDTH:
        picture = picture.resize((LOGO_WIDTH, max(1, round(picture.height * LOGO_WIDTH / picture.width))))
    made = io.BytesIO()
    picture.save(made, format="PNG", optimize=True)  # a new file: nothing of the upload's metadata is carried
    return Logo(png=made.getvalue(), width=picture.width, height=picture.height)
