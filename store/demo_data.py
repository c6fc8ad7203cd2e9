"""The words of the demo case file: names, places, and what residents complain about."""

from __future__ import annotations

from typing import Any

FIRST_NAMES = (
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Eilidh",
    "Fatima",
    "George",
    "Hana",
    "Idris",
    "Joanne",
    "Kwame",
    "Lucy",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Priya",
    "Rhys",
    "Sofia",
    "Tomasz",
    "Una",
    "Vikram",
    "Wendy",
    "Yusuf",
    "Zoe",
)
SURNAMES = (
    "Adebayo",
    "Brennan",
    "Clarke",
    "Dobson",
    "Evans",
    "Fraser",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lloyd",
    "Mahmood",
    "Nowak",
    "O'Brien",
    "Patel",
    "Quinn",
    "Robinson",
    "Singh",
    "Taylor",
    "Walsh",
    "Young",
)
STREETS = (
    "Mill Lane",
    "Church Street",
    "Station Road",
    "Victoria Close",
    "Oak Avenue",
    "Canal Walk",
    "Park View",
    "Orchard Way",
    "Hillside Court",
    "Queen's Road",
)
TOWNS = (("Kendal", "LA9"), ("Penrith", "CA11"), ("Lancaster", "LA1"), ("Carlisle", "CA2"))
EXTENSION_REASONS = (
    "We are waiting for a specialist survey of the property.",
    "The contractor's report is not yet back.",
    "We need to speak to staff who are on leave until next week.",
)
DEMO_LANDLORD: dict[str, Any] = {
    "landlord_name": "Fellside Homes",
    "landlord_address": "12 Market Place\nKendal\nLA9 4TN",
    "landlord_phone": "01539 000 000",
    "landlord_email": "complaints@fellside-homes.example",
    "officer_name": "Priya Shah",
    "homes": 2400,
    "homes_rented": 2150,
    "homes_shared_ownership": 250,
    "setup_done": True,
}
# Who handles a stage, and the role they sign as.
HANDLERS = (
    ("Priya Shah", "Complaints Officer"),
    ("Tom Reilly", "Repairs Manager"),
    ("Grace Okafor", "Head of Housing"),
    ("Dan Hughes", "Neighbourhood Manager"),
    ("Helen Marsh", "Director of Operations"),
)

# What residents complain about, with the definition an officer would write and the outcome.
TOPICS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Repairs",
        "The kitchen tap has leaked for six weeks. Two appointments were missed and "
        "nobody called to rearrange.",
        "You are unhappy that the leak you reported was not repaired, and that appointments were "
        "missed without notice.",
        "The leak repaired, and an apology for the missed appointments.",
    ),
    (
        "Damp and mould",
        "Black mould is back in the children's bedroom. It was painted over in "
        "the spring and has returned.",
        "You say the damp and mould in a bedroom was treated only on the surface and has returned.",
        "A survey of the cause of the damp, lasting repairs, and compensation for damaged "
        "belongings.",
    ),
    (
        "Anti-social behaviour",
        "Loud music from the flat above most nights after midnight. I "
        "reported it three times and heard nothing back.",
        "You reported noise nuisance three times and were not told what action was taken.",
        "Action on the noise, and regular updates on the case.",
    ),
    (
        "Staff conduct",
        "The officer who visited was rude and would not listen to me.",
        "You feel a member of staff was rude to you during a home visit.",
        "An apology and an assurance that it will not happen again.",
    ),
    (
        "Communication",
        "I have phoned five times about my transfer and nobody rings back.",
        "You have not had the call-backs you were promised about your transfer application.",
        "A call-back with the position of the transfer application.",
    ),
    (
        "Rent and service charges",
        "My service charge went up by 40% with no explanation.",
        "You dispute a service charge increase that was not explained to you.",
        "A breakdown of the charge and a refund of anything charged in error.",
    ),
    (
        "Estate services",
        "The communal bins have not been emptied for three weeks.",
        "You say the communal bins were not emptied on schedule.",
        "Bins emptied on schedule and the area cleaned.",
    ),
)

REPRESENTATIVES = (
    ("Cllr Jo Bloggs", "Ward councillor", "Town Hall\nKendal\nLA9 4DL"),
    ("Mark Ellis", "Son", "4 Fell View\nPenrith\nCA11 7QJ"),
    ("Citizens Advice South Lakes", "Adviser", "Stricklandgate House\nKendal\nLA9 4QG"),
)
NEEDS = (
    ("Sight loss: large print letters", "LARGE_PRINT"),
    ("Learning disability: easy read letters and a call to explain each one", "EASY_READ"),
    ("Registered blind: letters in braille", "BRAILLE"),
    ("Anxiety: calls booked in advance, no unplanned visits", "STANDARD"),
)
ACTIONS = (
    ("Replace the kitchen tap", "Repairs team"),
    ("Survey the cause of the damp", "Damp and mould team"),
    ("Call the resident to rearrange the visit", "Customer services"),
    ("Refund the service charge overpaid", "Income team"),
    ("Review the noise case with the neighbourhood officer", "Neighbourhood team"),
)
# What each kind of complaint taught, and what changed (9.1).
LEARNING: dict[str, tuple[str, str]] = {
    "Repairs": (
        "Missed appointments were not followed up.",
        "Texts now confirm every repair appointment the day before.",
    ),
    "Damp and mould": (
        "Damp was treated on the surface only.",
        "Every mould report now has a survey of its cause.",
    ),
    "Anti-social behaviour": (
        "Residents were not told what action was taken on noise reports.",
        "Noise reports now get an update within five working days.",
    ),
    "Estate services": (
        "Missed bin collections were not reported to the contractor.",
        "Caretakers now log missed collections on the day.",
    ),
    "Rent and service charges": (
        "Service charge statements did not explain the increase.",
        "Statements now show each charge against the year before.",
    ),
    "Communication": (
        "Letters went unanswered when the officer was away.",
        "A shared inbox now covers every officer's absence.",
    ),
    "Staff conduct": (
        "Visits were not recorded, so complaints about them could not be checked.",
        "Every home visit is now noted on the resident's record the same day.",
    ),
}
CALLS = (
    "Rang to ask when the repair would be done.",
    "Emailed photographs of the mould.",
    "Visited the office to hand in a letter from the GP.",
)
