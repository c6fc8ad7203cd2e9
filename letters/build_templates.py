"""Writes the bundled letter templates (letters/templates/*.docx).

    python -m letters.build_templates

The templates are ordinary Word documents a landlord can restyle: fonts and spacing live in the
styles (Normal, Heading 2, List Bullet), and each {{ field }} sits in a run of its own.

The page is laid out for a DL window envelope: the letterhead sits in the first page's header,
and the top margin puts the recipient's address inside its window (45 to 90 mm from the top of
the page) in any size of type. Later pages carry the reference and the page number. The
closing never stands alone: the last section, the Ombudsman's details and the signature keep
together.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import _Header
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from store.paths import new_file

FONT = "Arial"  # on every Windows machine; LibreOffice uses its metric twin on Linux
ADDRESS_FROM_TOP = Mm(47)  # just inside the top of a DL window envelope's address window

Body = Callable[[DocumentType], None]


def new_letter(heading: str) -> DocumentType:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = ADDRESS_FROM_TOP, Mm(20)
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    _styles(document)
    _letterhead(section.first_page_header)
    _later_pages(section.header.paragraphs[0])

    recipient = document.add_paragraph(style="Address")
    recipient.add_run("{{ recipient_name }}")
    recipient.add_run().add_break()
    recipient.add_run("{{ recipient_address }}")
    date = document.add_paragraph()
    date.add_run("{{ letter_date }}")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    reference = document.add_paragraph()
    reference.add_run("Our reference: ").bold = True
    reference.add_run("{{ reference }}").bold = True
    tag(document, "if on_behalf_of")
    text(document, "On behalf of {{ on_behalf_of }}")
    tag(document, "endif")
    document.add_paragraph().add_run("Dear {{ recipient_name }},")
    document.add_heading(heading, level=2)
    return document


def _styles(document: DocumentType) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    _plain_font(normal)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.widow_control = True
    heading = document.styles["Heading 2"]
    _plain_font(heading)
    heading.font.size = Pt(11.5)
    heading.font.bold = True
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = Pt(8)
    heading.paragraph_format.space_after = Pt(2)
    heading.paragraph_format.keep_with_next = True
    _plain_font(document.styles["List Bullet"])
    address = document.styles.add_style("Address", 1)
    address.base_style = normal
    address.paragraph_format.space_after = Pt(14)
    address.paragraph_format.keep_together = True


def _letterhead(header: _Header) -> None:
    """The landlord's name and contact details, in type of fixed size, so the header never
    grows past the top margin and pushes the address out of the envelope's window."""
    title = header.paragraphs[0]
    name = title.add_run("{{ landlord_name }}")
    name.bold, name.font.size, name.font.name = True, Pt(16), FONT
    title.paragraph_format.space_after = Pt(2)
    _border_below(title)
    for parts in (
        ("{{ landlord_address }}",),
        ("{{ landlord_phone }}", "   ", "{{ landlord_email }}"),
    ):
        line = header.add_paragraph()
        line.paragraph_format.space_after = Pt(0)
        for part in parts:
            run = line.add_run(part)
            run.font.size, run.font.name = Pt(8.5), FONT


def _later_pages(paragraph: Paragraph) -> None:
    """Each page after the first: the landlord, the reference, and the page's number."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for part in ("{{ landlord_name }}", " · Our reference ", "{{ reference }}", " · Page "):
        run = paragraph.add_run(part)
        run.font.size, run.font.name = Pt(8.5), FONT
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = paragraph.add_run("2")  # LibreOffice and Word put the page's own number here
    number.font.size, number.font.name = Pt(8.5), FONT
    field.append(number._r)
    paragraph._p.append(field)


def _plain_font(style: object) -> None:
    """Name the font outright: the default styles point at theme fonts, which win otherwise."""
    style.font.name = FONT  # type: ignore[attr-defined]
    fonts = style.element.rPr.rFonts  # type: ignore[attr-defined]
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:eastAsia"), FONT)


def _border_below(paragraph: Paragraph) -> None:
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "444444")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.append(borders)


def text(document: DocumentType, *runs: str) -> Paragraph:
    paragraph = document.add_paragraph()
    for run in runs:
        paragraph.add_run(run)
    return paragraph


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


def sign_off(document: DocumentType, ombudsman: str | None) -> None:
    """The Ombudsman's details, once, unless the letter has given them already; then the
    closing. From the last section on, every paragraph keeps with the next."""
    if ombudsman is not None:
        section(document, "The Housing Ombudsman", ombudsman)
    closing = document.add_paragraph()
    closing.add_run("Yours sincerely,")
    closing.paragraph_format.space_before = Pt(10)
    closing.paragraph_format.space_after = Pt(26)
    name = document.add_paragraph()
    name.add_run("{{ signatory_name }}")
    name.add_run().add_break()
    name.add_run("{{ signatory_role }}, {{ landlord_name }}")
    _keep_closing_together(document)


def _keep_closing_together(document: DocumentType) -> None:
    """From the last heading to the signature, each paragraph keeps with the next."""
    paragraphs = document.paragraphs
    last_heading = max(
        index
        for index, paragraph in enumerate(paragraphs)
        if paragraph.style is not None and paragraph.style.name == "Heading 2"
    )
    for paragraph in paragraphs[last_heading:-1]:
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True


def acknowledgement(document: DocumentType) -> None:
    text(
        document,
        "Thank you for contacting us on {{ received_date }}. We have logged {{ your_complaint }} "
        "at {{ stage_name }} of our complaints process, under reference {{ reference }}.",
    )
    section(document, "Our understanding of the complaint", "understanding")
    section(document, "The outcomes sought", "outcomes_sought")
    optional(document, "What we are responsible for", "responsible_for")
    optional(document, "What we are not responsible for", "not_responsible_for")
    optional(document, "Please help us to understand", "clarification_asked")
    text(
        document,
        "If we have misunderstood anything, please tell us as soon as you can so that we can "
        "put it right.",
    )
    document.add_heading("When you will hear from us", level=2)
    text(
        document,
        "We will send our response by {{ response_due }}. If we find we need more time, we "
        "will explain why and tell you the new date.",
    )
    sign_off(document, "ombudsman_advice")


def extension(document: DocumentType) -> None:
    text(
        document,
        "We are sorry, but we cannot respond to {{ your_complaint }} at {{ stage_name }} by the "
        "date we gave you.",
    )
    section(document, "Why we need more time", "extension_reasons")
    tag(document, "if good_reason")
    document.add_heading("Why we are going beyond the usual limit", level=2)
    text(
        document,
        "The Housing Ombudsman's Complaint Handling Code limits how far a response may be "
        "put back. In all, the response at {{ stage_name }} is now {{ extension_days }} "
        "working days later than first set, which is beyond that limit, for this reason:",
    )
    text(document, "{{ good_reason }}")
    tag(document, "else")
    text(
        document,
        "In all, the response at {{ stage_name }} is now {{ extension_days }} working days "
        "later than first set.",
    )
    tag(document, "endif")
    document.add_heading("Our new response date", level=2)
    text(document, "We will now respond by {{ new_response_date }}.")
    tag(document, "if update_interval")
    text(document, "Until then we will update you {{ update_interval }}.")
    tag(document, "endif")
    text(
        document,
        "If you are unhappy about this extension, you can ask the Housing Ombudsman for "
        "advice; its details are below.",
    )
    sign_off(document, "ombudsman_advice")


def response(final: bool) -> Body:
    def body(document: DocumentType) -> None:
        which = "our final response to" if final else "our response to"
        text(
            document,
            f"This is {which} {{{{ your_complaint }}}} at {{{{ stage_name }}}} of our "
            "complaints process.",
        )
        section(document, "The complaint", "understanding")
        section(document, "The outcomes sought", "outcomes_sought")
        document.add_heading("Our decision", level=2)
        text(document, "The complaint is {{ decision }}. {{ decision_explained }}")
        tag(document, "if what_was_upheld")
        text(document, "{{ what_was_upheld }}")
        tag(document, "endif")
        optional(document, "Our apology", "apology")
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
            "These actions are still to be completed. We will keep you informed until each "
            "is done:",
            "There are no outstanding actions.",
        )
        if final:
            section(document, "If you remain dissatisfied", "how_to_contact_ombudsman")
            sign_off(document, None)
        else:
            section(document, "If you are not satisfied", "how_to_escalate")
            sign_off(document, "ombudsman_advice")

    return body


def refusal(escalation: bool) -> Body:
    def body(document: DocumentType) -> None:
        if escalation:
            text(
                document,
                "You asked us to escalate complaint {{ reference }} to stage 2 of our "
                "complaints process. We have considered the request carefully, and we have "
                "decided not to escalate it, because {{ refusal_ground }}.",
            )
        else:
            text(
                document,
                "Thank you for contacting us on {{ received_date }}. We have considered "
                "carefully whether we can deal with this under our complaints policy, and we "
                "have decided that we cannot, because {{ refusal_ground }}.",
            )
        section(document, "Our reasons", "refusal_reasons")
        document.add_heading("Your right to ask the Ombudsman", level=2)
        text(
            document,
            "If you disagree with this decision, you can ask the Housing Ombudsman to look at "
            "it. If the Ombudsman does not agree that we applied our policy fairly, it may tell "
            "us to take the complaint forward.",
        )
        text(document, "{{ how_to_contact_ombudsman }}")
        sign_off(document, None)

    return body


def update(document: DocumentType) -> None:
    text(
        document,
        "We are writing to keep you informed about {{ your_complaint }}, at {{ stage_name }} "
        "of our complaints process.",
    )
    section(document, "Where things stand", "current_position")
    tag(document, "if delay_reasons")
    document.add_heading("Why it is taking longer", level=2)
    text(document, "{{ delay_reasons }}")
    text(document, "{{ delay_apology }}")
    tag(document, "endif")
    document.add_heading("When you will hear from us", level=2)
    text(
        document,
        "We now expect to send our response by {{ expected_date }}. You will next hear from "
        "us by {{ next_date }}.",
    )
    sign_off(document, "ombudsman_advice")


TEMPLATES: dict[str, tuple[str, Body]] = {
    "acknowledgement.docx": (
        "Complaint {{ reference }}: {{ stage_name }} acknowledgement",
        acknowledgement,
    ),
    "extension.docx": ("Complaint {{ reference }}: we need more time", extension),
    "stage1-response.docx": ("Complaint {{ reference }}: our stage 1 response", response(False)),
    "stage2-response.docx": (
        "Complaint {{ reference }}: our final response (stage 2)",
        response(True),
    ),
    "not-accepted.docx": (
        "Complaint {{ reference }}: why we cannot take it forward",
        refusal(escalation=False),
    ),
    "escalation-refused.docx": (
        "Complaint {{ reference }}: your request to escalate it",
        refusal(escalation=True),
    ),
    "update.docx": ("Complaint {{ reference }}: an update", update),
}


def build(folder: Path) -> None:
    for name, (heading, body) in TEMPLATES.items():
        document = new_letter(heading)
        body(document)
        title = heading.replace("Complaint {{ reference }}: ", "").replace("{{ stage_name }} ", "")
        document.core_properties.title = title.capitalize()
        document.core_properties.author = "complaints-tui"
        with new_file(folder / name, replace=True) as scratch:
            document.save(scratch.file)


if __name__ == "__main__":
    build(Path(__file__).parent / "templates")
