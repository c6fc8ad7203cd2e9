"""Writes the bundled letter templates (letters/templates/*.docx).

    python -m letters.build_templates

The templates are ordinary Word documents a landlord can restyle: fonts and spacing live in the
styles (Normal, Heading 2, List Bullet), and each {{ field }} sits in a run of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"  # on every Windows machine; LibreOffice uses its metric twin on Linux

Body = Callable[[DocumentType], None]


def new_letter(heading: str) -> DocumentType:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    _plain_font(normal)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 2", 11.5), ("Title", 18)):
        style = document.styles[name]
        _plain_font(style)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(8 if name == "Heading 2" else 0)
        style.paragraph_format.space_after = Pt(2)
    _plain_font(document.styles["List Bullet"])

    title = document.add_paragraph(style="Title")
    title.add_run("{{ landlord_name }}")
    _border_below(title)
    letterhead = document.add_paragraph()
    letterhead.add_run("{{ landlord_address }}").font.size = Pt(9.5)
    contact = document.add_paragraph()
    for part in ("{{ landlord_phone }}", "   ", "{{ landlord_email }}"):
        contact.add_run(part).font.size = Pt(9.5)
    contact.paragraph_format.space_after = Pt(18)

    date = document.add_paragraph()
    date.add_run("{{ letter_date }}")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    recipient = document.add_paragraph()
    recipient.add_run("{{ recipient_name }}")
    recipient.add_run().add_break()
    recipient.add_run("{{ recipient_address }}")
    recipient.paragraph_format.space_after = Pt(12)
    reference = document.add_paragraph()
    reference.add_run("Our reference: ").bold = True
    reference.add_run("{{ reference }}").bold = True
    tag(document, "if on_behalf_of")
    text(document, "On behalf of {{ on_behalf_of }}")
    tag(document, "endif")
    document.add_paragraph().add_run("Dear {{ recipient_name }},")
    document.add_heading(heading, level=2)
    return document


def _plain_font(style: object) -> None:
    """Name the font outright: the default styles point at theme fonts, which win otherwise."""
    style.font.name = FONT  # type: ignore[attr-defined]
    fonts = style.element.rPr.rFonts  # type: ignore[attr-defined]
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:eastAsia"), FONT)


def _border_below(paragraph: object) -> None:
    properties = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "444444")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.append(borders)


def text(document: DocumentType, *runs: str) -> None:
    paragraph = document.add_paragraph()
    for run in runs:
        paragraph.add_run(run)


def tag(document: DocumentType, statement: str) -> None:
    """A paragraph holding only a {%p %} tag, which docxtpl removes with its paragraph."""
    document.add_paragraph().add_run(f"{{%p {statement} %}}")


def section(document: DocumentType, heading: str, field: str) -> None:
    document.add_heading(heading, level=2)
    text(document, f"{{{{ {field} }}}}")


def optional(document: DocumentType, heading: str, field: str) -> None:
    tag(document, f"if {field}")
    section(document, heading, field)
    tag(document, "endif")


def bullets(document: DocumentType, field: str, introduction: str, otherwise: str) -> None:
    tag(document, f"if {field}")
    text(document, introduction)
    tag(document, f"for item in {field}")
    document.add_paragraph(style="List Bullet").add_run("{{ item }}")
    tag(document, "endfor")
    tag(document, "else")
    text(document, otherwise)
    tag(document, "endif")


def sign_off(document: DocumentType) -> None:
    document.add_heading("The Housing Ombudsman", level=2)
    text(
        document,
        "You can contact the {{ ombudsman_name }} for advice at any time: "
        "{{ ombudsman_address }}; telephone {{ ombudsman_phone }}; "
        "{{ ombudsman_website }}. {{ ombudsman_how_to_complain }}",
    )
    closing = document.add_paragraph()
    closing.add_run("Yours sincerely,")
    closing.paragraph_format.space_before = Pt(10)
    closing.paragraph_format.space_after = Pt(26)
    closing.paragraph_format.keep_with_next = True
    name = document.add_paragraph()
    name.add_run("{{ officer_name }}")
    name.add_run().add_break()
    name.add_run("Complaints Officer, {{ landlord_name }}")


def acknowledgement(document: DocumentType) -> None:
    text(
        document,
        "Thank you for contacting us on {{ received_date }}. We have logged your "
        "complaint at {{ stage_name }} of our complaints process, under reference "
        "{{ reference }}.",
    )
    section(document, "Our understanding of your complaint", "understanding")
    section(document, "What you would like to happen", "outcomes_sought")
    optional(document, "What we are responsible for", "responsible_for")
    optional(document, "What we are not responsible for", "not_responsible_for")
    tag(document, "if clarification_asked")
    section(document, "Please help us to understand", "clarification_asked")
    tag(document, "endif")
    text(
        document,
        "If we have misunderstood anything, please tell us as soon as you can so that "
        "we can put it right.",
    )
    document.add_heading("When you will hear from us", level=2)
    text(
        document,
        "We will send you our response by {{ response_due }}. If we find we need more "
        "time, we will explain why and tell you the new date.",
    )


def extension(document: DocumentType) -> None:
    text(
        document,
        "We are sorry, but we cannot respond to your complaint at {{ stage_name }} by "
        "the date we gave you.",
    )
    section(document, "Why we need more time", "extension_reasons")
    document.add_heading("Our new response date", level=2)
    text(document, "We will now respond by {{ new_response_date }}.")
    tag(document, "if update_interval")
    text(document, "Until then we will update you {{ update_interval }}.")
    tag(document, "endif")
    text(
        document,
        "If you are unhappy about this extension, you can ask the Housing Ombudsman "
        "for advice; their details are below.",
    )


def response(final: bool) -> Body:
    def body(document: DocumentType) -> None:
        if final:
            text(
                document,
                "This is our final response to your complaint, at {{ stage_name }} of "
                "our complaints process.",
            )
        else:
            text(
                document,
                "This is our response to your complaint at {{ stage_name }} of our "
                "complaints process.",
            )
        section(document, "Your complaint", "understanding")
        section(document, "What you asked for", "outcomes_sought")
        document.add_heading("Our decision", level=2)
        text(document, "Your complaint is {{ decision }}.")
        section(document, "Our reasons", "reasons")
        document.add_heading("Putting things right", level=2)
        bullets(
            document,
            "remedies",
            "To put things right we are offering:",
            "We are not offering a remedy, for the reasons above.",
        )
        document.add_heading("What happens next", level=2)
        bullets(
            document,
            "outstanding_actions",
            "These actions are still to be completed. We will keep you informed until "
            "each is done:",
            "There are no outstanding actions.",
        )
        if final:
            section(document, "If you remain dissatisfied", "how_to_contact_ombudsman")
        else:
            section(document, "If you are not satisfied", "how_to_escalate")

    return body


def refusal(escalation: bool) -> Body:
    def body(document: DocumentType) -> None:
        if escalation:
            text(
                document,
                "You asked us to escalate complaint {{ reference }} to stage 2 of our "
                "complaints process. We have considered your request carefully, and "
                "we have decided not to escalate it, because {{ refusal_ground }}.",
            )
        else:
            text(
                document,
                "Thank you for contacting us on {{ received_date }}. We have "
                "considered carefully whether we can deal with this under our "
                "complaints policy, and we have decided that we cannot, because "
                "{{ refusal_ground }}.",
            )
        section(document, "Our reasons", "refusal_reasons")
        document.add_heading("Your right to ask the Ombudsman", level=2)
        text(
            document,
            "If you disagree with this decision, you can ask the Housing Ombudsman to "
            "look at it. If the Ombudsman does not agree that we applied our policy "
            "fairly, it may tell us to take your complaint forward.",
        )
        text(document, "{{ how_to_contact_ombudsman }}")

    return body


def update(document: DocumentType) -> None:
    text(
        document,
        "We are writing to keep you informed about your complaint, at {{ stage_name }} "
        "of our complaints process.",
    )
    section(document, "Where things stand", "current_position")
    document.add_heading("When you will next hear from us", level=2)
    text(document, "You will next hear from us by {{ next_date }}.")


TEMPLATES: dict[str, tuple[str, Body]] = {
    "acknowledgement.docx": ("Your complaint: {{ stage_name }} acknowledgement", acknowledgement),
    "extension.docx": ("Your complaint: we need more time ({{ stage_name }})", extension),
    "stage1-response.docx": ("Your complaint: our stage 1 response", response(final=False)),
    "stage2-response.docx": ("Your complaint: our final response (stage 2)", response(final=True)),
    "not-accepted.docx": (
        "Your complaint: why we cannot take it forward",
        refusal(escalation=False),
    ),
    "escalation-refused.docx": (
        "Your request to escalate your complaint",
        refusal(escalation=True),
    ),
    "update.docx": ("Your complaint: an update", update),
}


def build(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (heading, body) in TEMPLATES.items():
        document = new_letter(heading)
        body(document)
        sign_off(document)
        document.core_properties.title = heading.replace("{{ stage_name }}", "").strip()
        document.core_properties.author = "complaints-tui"
        document.save(str(folder / name))


if __name__ == "__main__":
    build(Path(__file__).parent / "templates")
