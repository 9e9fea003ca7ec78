"""A labelled set of landlord-name cases, written for chc (every name invented).

Each case is the text a document yields (its first lines are its title) and the
metadata its file carries, with the name it prints (None: it prints none, and
no name may be given).  Even-numbered cases are the tuning half, odd-numbered
the test half (`TUNING`, `TEST`); `python -m tests.landlord_cases` scores both.
"""
from __future__ import annotations

from dataclasses import dataclass, field

FORM = ("Code provision\tCode requirement\tComply\tEvidence\n"
        "1.2\tA complaint must be defined as: 'an expression of dissatisfaction'\tYes\tOur policy.\n")


@dataclass
class Case:
    text: str
    name: str | None
    metadata: dict[str, str] = field(default_factory=dict)


CASES = [
    Case("Complaint handling self-assessment - Ashby & Marsh City Council\n\n" + FORM, "Ashby & Marsh City Council"),
    Case("Self-assessment 2024\n\nAt Fenmoor Group, we take every complaint seriously.\n" + FORM, "Fenmoor Group"),
    Case("Our self-assessment\nThis form is completed by the Northgate Living complaints officer.\n" + FORM,
         "Northgate Living"),
    Case("Annual complaints self-assessment\n" + FORM + "Reviewed by Kelder Vale District Council Cabinet.",
         "Kelder Vale District Council"),
    Case("Self-assessment against the Code\n" + FORM, "Brackenford Housing Group",
         {"site_name": "Brackenford Housing Group"}),
    Case("Complaint Handling Code self-assessment\n" + FORM, "One Fenwick",
         {"title": "Complaint Handling Code self-assessment | One Fenwick"}),
    Case("Self assessment\n" + FORM + "Contact One Fenwick on 0300 000 0000.", "One Fenwick",
         {"title": "Self assessment - One Fenwick"}),
    Case("Complaints self-assessment | x9homes\n" + FORM + "Email complaints@x9homes.org.uk", "x9homes"),
    Case("Self-assessment form\n" + FORM, "Harrowgate Community Housing",
         {"author": "Harrowgate Community Housing"}),
    Case("Self-assessment form\n" + FORM, None, {"author": "Jane Whitcombe"}),
    Case("Self-assessment form\n" + FORM, None, {"author": "Microsoft Office User", "title": "Self-assessment form"}),
    Case("Self-assessment form\n" + FORM + "The council has reviewed its policy.", None),
    Case("Appendix B - Self-Assessment Form\n" + FORM, None),
    Case("Tamsin Valley Housing Trust\nComplaint Handling Code self-assessment 2024\n" + FORM,
         "Tamsin Valley Housing Trust"),
    Case("Self-assessment\n" + FORM + "Welcome to Orrin Homes. Complaints are handled by our team.", "Orrin Homes"),
    Case("Complaints self-assessment\n" + FORM + "Residents of Stoke upon Wyre Borough Council homes were consulted.",
         "Stoke upon Wyre Borough Council"),
    Case("Self-assessment\n" + FORM + "QKH Housing reviews this form every year. QKH Housing publishes it online.",
         "QKH Housing"),
    Case("Self-assessment\n" + FORM + "We report to the Regulator of Social Housing and the Housing Ombudsman.", None),
    Case("Self-assessment\n" + FORM + "Our Resident Scrutiny Group checked this. The Scrutiny Group meets monthly.", None),
    Case("Self-assessment 2024 – Pellam and Rooke Homes\n" + FORM, "Pellam and Rooke Homes"),
    Case("Self-assessment\n" + FORM, "Wenlow Trust", {"site_name": "Wenlow Trust"}),
    Case("Home | Complaints | Self-assessment\n" + FORM, None),
    Case("Self-assessment\n" + FORM + "Greyfield Homes is committed to learning from complaints.", "Greyfield Homes"),
    Case("Self-assessment\n" + FORM + "Here at Lockridge Partnership, we welcome feedback. "
         "Lockridge Partnership publishes its report each year.", "Lockridge Partnership"),
    Case("Self-assessment\n" + FORM, "Corvell Housing Association",
         {"title": "Corvell Housing Association - Complaint handling self-assessment"}),
    Case("Self-assessment\n" + FORM + "Our partners include the local NHS Trust.", None),
    Case("Complaints policy self-assessment\n" + FORM + "Dunmere Council's complaints team answered each point.",
         "Dunmere Council"),
    Case("Self-assessment\n" + FORM + "Please contact the Complaints Team for a copy.", None),
    Case("Complaint Handling Code: self-assessment (2024) – Brindle Housing Group\n" + FORM, "Brindle Housing Group"),
    Case("Self-assessment\n" + FORM, "Ostler Homes", {"subject": "Ostler Homes complaints self-assessment"}),
    Case("Self-assessment\nThis self-assessment is completed by the Marrow Estates complaints manager.\n" + FORM,
         "Marrow Estates"),
    Case("Self-assessment\n" + FORM + "We are a member of the Housing Ombudsman Scheme.", None),
    Case("Newcastle upon Lyne City Council\nSelf-assessment\n" + FORM, "Newcastle upon Lyne City Council"),
    Case("Self-assessment\n" + FORM + "At Hollins Vale Living, our residents come first.", "Hollins Vale Living"),
    Case("Self-assessment\n" + FORM + "A copy is available from Ferrow and Dene Housing Society.",
         "Ferrow and Dene Housing Society"),
    Case("Self-assessment\n" + FORM + "Staff attend a monthly Working Group. The Working Group reports to the Board.", None),
    Case("Self-assessment | Castlebrook\n" + FORM + "Castlebrook publishes this every year.", "Castlebrook"),
    Case("Self-assessment\n" + FORM, "Ruskin Row Homes", {"site_name": "Ruskin Row Homes", "title": "Self-assessment"}),
    Case("Self-assessment\n" + FORM + "North Tarn Metropolitan Borough Council approved this form.",
         "North Tarn Metropolitan Borough Council"),
    Case("Self-assessment form 2024\n" + FORM, None, {"title": "Microsoft Word - SA form v3.docx"}),
    Case("Self-assessment\n" + FORM + "This form is completed by the Ambrel Group complaints lead.", "Ambrel Group"),
    Case("Self-assessment\n" + FORM + "Appeals go to the Local Government and Social Care Ombudsman.", None),
    Case("Self-assessment\n" + FORM, "Wyvern Cross", {"site_name": "Wyvern Cross"}),
    Case("Complaints self-assessment - Elm & Oak Homes\n" + FORM, "Elm & Oak Homes"),
    Case("Self-assessment\n" + FORM + "At BHT Housing, we publish every complaint outcome.", "BHT Housing"),
    Case("Self-assessment\n" + FORM + "Leigh on Mersey District Council adopted the Code in 2023.",
         "Leigh on Mersey District Council"),
]

# A second, fresh set, written after the first set's test half had been scored (0.913:
# 1 wrong, 1 missed) and its failures fixed, so that the figure reported is again on
# cases the rules were not tuned on.
FRESH = [
    Case("Self-assessment 2024 | Tollgate & Weir Housing Association\n" + FORM, "Tollgate & Weir Housing Association"),
    Case("Complaints self-assessment\n" + FORM + "At Quillan Homes, we listen.", "Quillan Homes"),
    Case("Self-assessment\n" + FORM, "Sandlow Council", {"site_name": "Sandlow Council"}),
    Case("Self-assessment\n" + FORM, None, {"author": "admin", "title": "Document1"}),
    Case("Self-assessment\n" + FORM + "This form was completed by the Penhale Living customer resolution team.",
         "Penhale Living"),
    Case("Self-assessment\n" + FORM + "Complaints can be escalated to the Housing Ombudsman Service.", None),
    # Labelled None at first by mistake: the document's first line is its own name.
    Case("Bradwick upon Avon Town Council\nSelf-assessment\n" + FORM, "Bradwick upon Avon Town Council"),
    Case("Self-assessment\n" + FORM + "Marlowe Heath County Council publishes this self-assessment.",
         "Marlowe Heath County Council"),
    Case("Complaint handling self-assessment | One Corby Vale\n" + FORM, "One Corby Vale"),
    Case("Self-assessment\n" + FORM + "z4living and its partners review complaints. Email z4homes@example.org",
         None),
    Case("Self-assessment\n" + FORM, "Greywater Homes", {"title": "Greywater Homes: Complaints self-assessment 2024"}),
    Case("Self-assessment\n" + FORM + "Our Tenant Panel and Customer Experience Group review this. "
         "The Customer Experience Group meets quarterly.", None),
    Case("Self-assessment\n" + FORM + "Kestle Trust is committed to fair complaint handling.", "Kestle Trust"),
    Case("Self-assessment\n" + FORM + "Questions? Write to Halden and Moor Housing Trust, 1 High Street.",
         "Halden and Moor Housing Trust"),
    Case("Self-assessment\n" + FORM, "PVH Housing", {"site_name": "PVH Housing"}),
    Case("Self-assessment\n" + FORM + "Members of the Board of Trustees approved it.", None),
    Case("Self-assessment form\n" + FORM, "Arden Lane Housing Group", {"author": "Arden Lane Housing Group"}),
    Case("Self-assessment\n" + FORM + "Yarrow Cross Council's complaints team answers within 10 days.",
         "Yarrow Cross Council"),
    Case("Self-assessment\n" + FORM + "At Stennet Group, we aim to resolve complaints at the first contact.",
         "Stennet Group"),
    Case("Complaint Handling Code self-assessment\n" + FORM + "Updated March 2024.", None),
    Case("Self-assessment\n" + FORM, "Mossbank Community Housing",
         {"title": "Self-assessment form - Mossbank Community Housing"}),
    Case("Self-assessment\n" + FORM + "The Royal Borough of Kelsey Council responds to all complaints.",
         "Royal Borough of Kelsey Council"),
]

# Sentences that name no landlord, met while tuning on FRESH (each once gave a wrong name).
PROSE = [
    Case("Self-assessment\n" + FORM + "This form is completed by the Head of Customer Services.", None),
    Case("Self-assessment\n" + FORM + "The Warm Homes Group scheme helped 40 households.", None),
    Case("Self-assessment\n" + FORM + "We work with Safer Homes Trust to support victims.", None),
    Case("Self-assessment\n" + FORM + "At Christmas, we close the office.", None),
    Case("Self-assessment\n" + FORM + "Birmingham's complaints process is clear.", None),
]

# The last set, written after every rule above was settled and scored once only: the
# figure to report.
FINAL = [
    Case("Customer feedback self-assessment – Rowan & Hale Homes\n" + FORM, "Rowan & Hale Homes"),
    Case("Self-assessment\n" + FORM + "At Eskdale Moor Group, we publish our complaint data quarterly.",
         "Eskdale Moor Group"),
    Case("Self-assessment\n" + FORM + "This form is completed by the Brookvale Living complaints and feedback team.",
         "Brookvale Living"),
    Case("Self-assessment\n" + FORM, "Cardle Bay Housing Association", {"site_name": "Cardle Bay Housing Association"}),
    Case("Self-assessment\n" + FORM, "One Harbourside", {"title": "Complaints self-assessment | One Harbourside"}),
    Case("Self-assessment\n" + FORM + "Write to q7homes, Freepost, or call us.", "q7homes"),
    Case("Self-assessment\n" + FORM + "Thornhill upon Sea Borough Council reviewed this form in May.",
         "Thornhill upon Sea Borough Council"),
    Case("Self-assessment\n" + FORM + "Anyone unhappy can contact the Housing Ombudsman or their MP.", None),
    Case("Self-assessment\n" + FORM + "The Tenant Voice Group scrutinised the draft. Our Tenant Voice Group "
         "meets every month.", None),
    Case("Self-assessment\n" + FORM, None, {"author": "Tom Barker", "title": "Microsoft Word - self assessment.docx"}),
    Case("Self-assessment\n" + FORM, "Ravensmoor Community Housing", {"author": "Ravensmoor Community Housing"}),
    Case("Self-assessment\n" + FORM + "Dovecote Trust is committed to resolving complaints fairly.", "Dovecote Trust"),
    Case("Self-assessment\n" + FORM + "At Stage 2, we appoint a senior manager.", None),
    Case("Self-assessment\n" + FORM + "SNH Housing answers every complaint in writing. SNH Housing reports to its board.",
         "SNH Housing"),
    Case("Tarnside Metropolitan Borough Council\nHousing complaints self-assessment 2024\n" + FORM,
         "Tarnside Metropolitan Borough Council"),
    Case("Self-assessment\n" + FORM + "Our Resident Involvement Team is available on weekdays.", None),
    Case("Self-assessment\n" + FORM + "Welcome to Millbrook Homes. This page sets out our self-assessment.",
         "Millbrook Homes"),
    Case("Self-assessment\n" + FORM + "Penrose and Lyle Housing Trust adopted the new Code in April.",
         "Penrose and Lyle Housing Trust"),
    Case("Self-assessment\n" + FORM, "Gallowhill Council", {"title": "Gallowhill Council - complaints self-assessment"}),
    Case("Self-assessment\n" + FORM + "In 2024 we joined the National Housing Federation.", None),
    Case("Self-assessment\n" + FORM + "Applications go through the Homes England Affordable Homes Programme.", None),
    Case("Self-assessment\n" + FORM + "At Kinross Vale Homes, our complaints team is here to help.", "Kinross Vale Homes"),
]

TUNING = CASES[0::2]
TEST = CASES[1::2]


def score(cases: list[Case]) -> dict[str, float]:
    """correct / wrong / missed counts and the share correct, for `landlord_name`."""
    from pipeline.ingest.landlord_name import landlord_name

    correct = wrong = missed = 0
    failures = []
    for case in cases:
        got, _ = landlord_name(case.text, case.metadata)
        if got == case.name:
            correct += 1
        elif got is None:
            missed += 1
            failures.append((case.name, got))
        else:
            wrong += 1
            failures.append((case.name, got))
    return {"cases": len(cases), "correct": correct, "wrong": wrong, "missed": missed,
            "share_correct": round(correct / len(cases), 3), "failures": failures}


if __name__ == "__main__":
    for label, cases in (("tuning", TUNING), ("test", TEST), ("fresh test", FRESH), ("prose", PROSE),
                         ("final test", FINAL)):
        print(label, score(cases))
