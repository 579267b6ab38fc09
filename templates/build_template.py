"""Build templates/narrator.docx, the default Word template for `narrator draft` and `narrator brief`.

python-docx's own default document, with A4 pages, Arial throughout and plain, printable heading
colours. A council replaces it with its own document via `--template council.docx`.

    .venv/bin/python templates/build_template.py
"""

from pathlib import Path

from docx import Document
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
NAVY = RGBColor(0x1F, 0x3A, 0x5F)


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 22), ("Subtitle", 13), ("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = NAVY
    styles["Heading 3"].font.italic = False
    for name in ("List Bullet", "Table Grid"):
        styles[name].font.name = "Arial"
    # an empty body: narrator writes everything
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    doc.core_properties.author = "narrator"
    doc.core_properties.title = "narrator default template"
    doc.save(HERE / "narrator.docx")
    print(f"wrote {HERE / 'narrator.docx'}")


if __name__ == "__main__":
    main()
