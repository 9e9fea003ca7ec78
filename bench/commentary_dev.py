"""Build the labelled development corpus for the commentary analysis.

    .venv/bin/python bench/commentary_dev.py   # writes tests/data/commentary_dev/{tune,test,test2}.jsonl

Every text is written here, from templates and phrase banks of our own, never from the seeds
(data/raw). Each family of wording the rules must read (issue 15) has positives and hard
negatives; each writing style has its own phrase banks, and the corpus is split by style:
`council` (terse council tables), `web` (plain-English web pages), `board` (board-report prose)
and `minutes` (scrutiny panel minutes) are the tuning half; `association` (formal housing
association prose) and `bullets` (action lists, no full stops) the test half; `notes` (terse
officer notes, written before the second round's rules) test2. Tune on tune.jsonl only;
bench/bench_commentary.py reports all three.

One JSON object a line:
  id, style, family, code_version, provision_id, comply, evidence, commentary,
  conflict (bool), commitment (bool: a promised change, or change work going on now), due ([start, end] ISO dates or null),
  references ([{"number", "kind"}]: section numbers and the document kind they point into),
  timescales ([{"number", "working"}]), document_date.
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "commentary_dev"
DOCUMENT_DATE = "2025-06-01"
TUNE_STYLES = ("council", "web", "board", "minutes")
TEST_STYLES = ("association", "bullets")
TEST2_STYLES = ("notes",)  # held out in test2.jsonl; "board" joins the tuning half

# --------------------------------------------------------------------------- what provisions ask

# Provisions that ask for something: (edition, id, the thing in a landlord's words, the act, the items it covers)
REQUIRE = [
    ("2024", "3.4", "an accessible version of the complaints policy", "publish the complaints policy in accessible formats", "formats"),
    ("2024", "3.7", "information on the right to access the Ombudsman service", "tell residents about their right to access the Ombudsman service", "letters"),
    ("2024", "9.5", "a member of the governing body with lead responsibility for complaints", "appoint a member of the governing body with lead responsibility for complaints", "board papers"),
    ("2024", "8.2", "the annual complaints performance and service improvement report", "publish the annual complaints performance and service improvement report on the website", "sections"),
    ("2024", "4.3", "complaint handling training for all relevant staff", "train all relevant staff in complaint handling", "teams"),
    ("2024", "5.10", "a record of reasonable adjustments", "keep a record of reasonable adjustments agreed with residents", "case files"),
    ("2024", "1.4", "the difference between a service request and a complaint", "set out the difference between a service request and a complaint in the complaints policy", "service areas"),
    ("2024", "6.9", "written confirmation of the complaint stage, the decision and the reasons", "confirm in writing the complaint stage, the decision and the reasons at the completion of stage 1", "stage 1 letters"),
    ("2024", "9.7", "regular updates on the volume, categories and outcomes of complaints", "give the governing body regular updates on the volume, categories and outcomes of complaints", "reports"),
    ("2022", "2.6", "publicity for the complaints policy, the Code and the Housing Ombudsman Scheme", "publicise the complaints policy, the Code and the Housing Ombudsman Scheme in leaflets, posters and newsletters", "leaflets"),
    ("2022", "8.1", "an annual self-assessment against the Code", "carry out an annual self-assessment against the Code", "service areas"),
    ("2022", "4.15", "a full record of each complaint and its outcome at each stage", "keep a full record of each complaint, any review and the outcomes at each stage", "case files"),
    ("2022", "7.3", "a governing body member with lead responsibility for complaints", "appoint a member of the governing body to have lead responsibility for complaints", "committee papers"),
    ("2024", "2.4", "an explanation of the reasons when a complaint is not accepted", "explain to the resident the reasons why the matter is not suitable for the complaints process", "refusal letters"),
    ("2024", "7.3", "a remedy offer that sets out what will happen and by when", "set out clearly in each remedy offer what will happen and by when", "remedy offers"),
    ("2022", "2.4", "information on how to raise a complaint on the website", "include information on the website on how to raise a complaint", "web pages"),
]

# Provisions that forbid something, and sentences that agree with them (negations that comply)
FORBID = [
    ("2024", "5.2", ["There is no informal stage ahead of stage 1 in our procedure.",
                     "We do not run a stage 0 or any pre-complaint stage.",
                     "No extra named stage sits in front of stage 1.",
                     "Nothing is dealt with as an informal complaint before stage 1 is opened."]),
    ("2024", "5.3", ["Our procedure has no third stage.",
                     "We do not operate more than two stages.",
                     "A third stage does not exist in the process.",
                     "There is not, and never has been, a stage 3."]),
    ("2024", "6.12", ["Residents are not asked to explain why they want a stage 2 review.",
                      "We never require a reason for an escalation request.",
                      "No resident has to justify asking for stage 2.",
                      "Tenants don't need to give their reasons for requesting a stage 2 consideration."]),
    ("2024", "6.13", ["The stage 2 reviewer is never the officer who handled stage 1.",
                      "Stage 2 is not considered by the same person who considered stage 1.",
                      "A manager with no involvement at stage 1 takes the stage 2 review.",
                      "Stage 1 handlers do not review their own cases at stage 2."]),
    ("2024", "5.1", ["Residents are not treated differently because they have complained.",
                     "Making a complaint does not affect the service a resident receives.",
                     "No resident is disadvantaged for raising a complaint.",
                     "We never treat a tenant less favourably after a complaint."]),
    ("2024", "2.5", ["We do not take a blanket approach to excluding complaints.",
                     "No type of complaint is excluded automatically; each case is considered on its circumstances.",
                     "Exclusions are never applied as a blanket rule.",
                     "We don't refuse complaints as a class."]),
    ("2024", "6.6", ["We do not hold the response back until the repair is finished.",
                     "Responses are not delayed until outstanding actions are complete.",
                     "The stage 1 reply is never held until the works are closed.",
                     "We don't wait for repairs to be completed before sending the response."]),
    ("2024", "3.3", ["High volumes of complaints are not seen as a negative.",
                     "A rise in complaints is not treated as a failure of the service.",
                     "We do not view complaint numbers as a bad thing.",
                     "Low complaint volumes are not taken to mean all is well."]),
    ("2022", "4.9", ["Response letters do not name individual members of staff or contractors.",
                     "Staff are not identified by name in our correspondence with residents.",
                     "We never name contractors in complaint replies.",
                     "Individual officers aren't identified in letters to the resident."]),
    ("2024", "5.11", ["We do not refuse to escalate a complaint without valid reasons.",
                      "Escalation is never refused unless there is a valid reason, which we explain.",
                      "No request to escalate is turned down without a clear reason.",
                      "We won't refuse an escalation request other than for a reason set out in the policy."]),
]

# Provisions with a timescale printed in their text: (edition, id, stage, action, Code's working days)
TIMED = [
    ("2024", "6.2", "stage 1", "acknowledge", 5),
    ("2024", "6.3", "stage 1", "respond", 10),
    ("2024", "6.11", "stage 2", "acknowledge", 5),
    ("2024", "6.14", "stage 2", "respond", 20),
    ("2022", "5.1", "stage 1", "respond", 10),
    ("2022", "5.13", "stage 2", "respond", 20),
]

DOCS = {
    "policy": ["Complaints Policy", "Compensation Policy", "Complaints and Compliments Policy",
               "Unacceptable Behaviour Policy", "Customer Feedback Policy"],
    "procedure": ["Complaints Procedure", "Complaint Handling Procedure", "Customer Feedback Procedure",
                  "Stage 2 Review Procedure"],
    "report": ["Annual Complaints Report", "Complaints Performance and Service Improvement Report",
               "Self-Assessment Report", "Board Complaints Report"],
    "website": ["website", "complaints web page", "online complaints page"],
}

# (text, ISO start, ISO end) past the document date / before it
FUTURE = [
    ("by March 2026", "2026-03-01", "2026-03-31"), ("in September 2025", "2025-09-01", "2025-09-30"),
    ("by December 2025", "2025-12-01", "2025-12-31"), ("in Q3 2025/26", "2025-10-01", "2025-12-31"),
    ("during Q2 of 2025/26", "2025-07-01", "2025-09-30"), ("in Q4 2025-26", "2026-01-01", "2026-03-31"),
    ("by 31 October 2025", "2025-10-31", "2025-10-31"), ("in 2026/27", "2026-04-01", "2027-03-31"),
    ("by the end of January 2026", "2026-01-01", "2026-01-31"), ("in Q1 2026/27", "2026-04-01", "2026-06-30"),
    ("in November 2025", "2025-11-01", "2025-11-30"), ("by Q3 in 2025/26", "2025-10-01", "2025-12-31"),
    ("in quarter 2 of 2026/27", "2026-07-01", "2026-09-30"), ("by 1 April 2026", "2026-04-01", "2026-04-01"),
]
PAST = ["in January 2024", "in March 2023", "on 1 April 2024", "in October 2024", "during 2023",
        "in February 2025", "in November 2023", "on 12 June 2024", "in 2022/23", "in May 2024"]

# --------------------------------------------------------------------------- phrase banks by style
# Slots: {org} {Org} (who speaks), {thing}, {act}, {items}, {doc}, {past}, {future}, {sec}

STYLE = {
    "council": {
        "org": "the Council", "Org": "The Council",
        "comply_yes": ["Officers {act} as standard. Set out in the {doc}.", "Compliant. {Org} does {act_ing}.",
                       "Yes - we {act}. Monitored monthly by the complaints team.",
                       "In place: {thing} ({doc})."],
        "unfinished": ["Draft {thing} prepared; awaiting Member approval.", "Only some {items} include this at present.", "~{Thing} partly introduced - roll-out continues.", "Aim is to have {thing} in place; currently incomplete.", "~Partly done - {thing} is being drafted and is not complete.",
                       "~Work has started on {thing}; sign-off by Cabinet is still pending.",
                       "Most {items} now cover this, but not all of them.",
                       "~{Org} is working towards {thing}.",
                       "An improvement would be adding {thing} to the {doc}.",
                       "The {doc} will have to be amended to include {thing}.",
                       "~Review of {thing} under way at present.",
                       "Not yet done because of staff vacancies in the team."],
        "finding": ["Peer review 2024 noted that {thing} was not always evident.", "Scrutiny panel found weaknesses in {thing}.", "Internal audit (2024) found {thing} was not consistently in place.",
                    "The HQN health check reported gaps in {thing}.",
                    "Tenant survey: over half of respondents were unaware of {thing}.",
                    "Audit finding - {thing} missing from a sample of {items}."],
        "finding_ok": ["Peer review 2024 noted good practice on {thing}.", "Scrutiny panel found no concerns about {thing}.", "Internal audit (2024) gave substantial assurance on {thing}.",
                       "HQN health check found no issues with {thing}.",
                       "Tenant survey: 91% satisfied with {thing}.",
                       "Audit sample of {items} - all compliant."],
        "no_done": ["Since resolved - {thing} went live {past}.", "Implemented {past}. {Thing} now in place.", "Now in place - {thing} introduced {past}.", "Completed {past}: {thing} is in place.",
                    "Done. {thing} has since been put in place."],
        "no_pending": ["Not in place. {Org} is looking at {thing}.", "Not yet - {thing} to follow.",
                       "No. Budget not agreed for {thing}."],
        "deny": ["{Org} is not able to {act} yet.", "Officers do not {act} at the moment.", "{Org} does not currently {act}.", "We don't {act} at present.",
                 "No - {items} do not include {thing}."],
        "past": ["{doc} refreshed {past} in line with the Code.", "Review of the {doc} against the Code completed {past}.", "{doc} revised {past} to be compliant with the Code.",
                 "{doc} updated {past} so that it meets the Code.",
                 "Training for officers delivered {past}."],
        "promise": ["Plan to {act} {future}.", "{Org} will look to {act} {future}.", "{Org} will update the {doc} {future} to include {thing}.",
                    "We will introduce {thing} {future}.",
                    "To be rolled out {future}: {thing}."],
        "standing": ["Residents will be told the outcome in writing.", "Complaints will be logged on receipt by the team.", "Officers will acknowledge every complaint within five working days.",
                     "Staff will contact the resident to agree the complaint definition.",
                     "The complaints team will log each case on the case management system.",
                     "Every stage 1 response will be signed off by a service manager."],
        "ref_forms": [("Set out in {Pdoc} {a}; {b}.", "procedure"), ("See {Ldoc} {a}.", "policy"),
                      ("This is covered in the {Pdoc} at {a}.", "procedure"),
                      ("Published on the {Wdoc} ({a}).", "website"),
                      ("{Ldoc} paragraphs {a} and {b}.", "policy")],
        "nonref": ["Signed off by the Section 151 Officer.", "Letter template at Appendix 3.",
                   "Reported to the Section 151 Officer quarterly; see Appendix 2 for the form."],
        "timescale": ["Stage {n_stage} complaints are {verb_ed} within {n} {unit}.",
                      "Target: {verb} at stage {n_stage} in {n} {unit}."],
    },
    "web": {
        "org": "we", "Org": "We",
        "comply_yes": ["{Org} {act}. You can read how in our {doc}.", "Yes, we {act}, and we check this every month.",
                       "{Org} make sure we {act}.", "You can find {thing} in our {doc}."],
        "unfinished": ["~We're still working on {thing}.", "Some of our {items} don't yet do this.", "This will be in place once our board signs it off.", "~We've made a start on {thing} but there's more to do.", "~We have started on {thing}, but it isn't finished yet.",
                       "~We're partway through {thing} and expect to finish later.",
                       "The large majority of our {items} do this, though a few still don't.",
                       "Our {doc} doesn't yet include {thing}.",
                       "We still need our board to approve {thing}.",
                       "~We are moving towards {thing} across all teams.",
                       "~We are currently reviewing {thing}.",
                       "This hasn't happened yet because our new system was delayed."],
        "finding": ["Our auditors flagged problems with {thing}.", "An outside review found that {thing} was not always clear.", "When our auditors checked, they found {thing} was missing in some {items}.",
                    "A recent inspection told us that {thing} needs to improve.",
                    "Our customer survey showed many residents did not know about {thing}.",
                    "An independent review said there was an issue with {thing}."],
        "finding_ok": ["Our auditors were happy with {thing}.", "An outside review found no gaps in {thing}.", "When our auditors checked, they found {thing} in every case they looked at.",
                       "A recent inspection told us {thing} works well.",
                       "Our customer survey showed most residents were happy with {thing}.",
                       "An independent review found no problems with {thing}."],
        "no_done": ["We've now sorted this - {thing} started {past}.", "Good news: {thing} has been in place since {past_bare}.", "This is now done - we introduced {thing} {past}.",
                    "We have since put {thing} in place ({past}).",
                    "Since {past}, {thing} has been in place."],
        "no_pending": ["We don't have {thing} yet.", "Not yet. We want to look at {thing} next year.",
                       "This isn't something we do at the moment."],
        "deny": ["We can't {act} yet.", "At the moment we don't {act}.", "We don't {act} at the moment.", "Right now we do not {act}.",
                 "Our {items} do not yet show {thing}."],
        "past": ["Back {past}, we updated our {doc} to match the Code.", "We reviewed our {doc} {past} and it now follows the Code.", "We changed our {doc} {past} so it is compliant with the Code.",
                 "Our {doc} was rewritten {past} to follow the Code.",
                 "We trained all our complaint handlers {past}."],
        "promise": ["We'll {act} {future}.", "Our plan is to introduce {thing} {future}.", "We're going to update our {doc} {future} so it includes {thing}.",
                    "We will launch {thing} {future}.",
                    "We plan to publish {thing} {future}."],
        "standing": ["We'll keep you updated while we look into your complaint.", "You'll get a letter explaining our decision.", "We will reply to your stage 1 complaint within 10 working days.",
                     "A member of staff will call you to talk about your complaint.",
                     "We will always tell you who is dealing with your complaint.",
                     "We'll write to you to confirm the outcome."],
        "ref_forms": [("Read more in our {Ldoc} ({a}, {b}).", "policy"),
                      ("It's explained at {a} of our {Pdoc}.", "procedure"),
                      ("Our {Rdoc} sets this out in sections {a} and {b}.", "report"),
                      ("See paragraph {a} on our {Wdoc}.", "website"),
                      ("{Ldoc} {a}", "policy")],
        "nonref": ["Our Section 151 Officer checks the figures.", "You'll find the form in Appendix 4.",
                   "The Section 151 Officer and the board see Appendix 1 every year."],
        "timescale": ["We {verb} to stage {n_stage} complaints within {n} {unit}.",
                      "You'll get our stage {n_stage} {noun} in {n} {unit}."],
    },
    "association": {
        "org": "the Association", "Org": "The Association",
        "comply_yes": ["{Org} has arrangements to {act}, as described in the {doc}.",
                       "{Org} is able to {act} and has done so throughout the year.",
                       "{Org} continues to {act}; this is monitored by the Customer Services Committee.",
                       "{thing} is provided for in the {doc}."],
        "unfinished": ["~{Org} has begun work on {thing}, which remains incomplete at the time of writing.",
                       "The revised {doc} providing for {thing} awaits approval by the Board.",
                       "The majority of {items} now reflect this requirement; a small number do not.",
                       "Progress towards {thing} has been made, with further work required.",
                       "It would be beneficial to include {thing} within the {doc}.",
                       "The {doc} will need to be amended to reflect {thing}.",
                       "~A review of {thing} is being undertaken at present.",
                       "This has not been achieved owing to the implementation of the new housing management system."],
        "finding": ["The internal audit completed {past} identified weaknesses in {thing}.",
                    "An inspection by our auditors concluded that {thing} was not evidenced in all {items}.",
                    "The tenant satisfaction survey indicated limited awareness of {thing}.",
                    "External assurance work highlighted shortcomings in {thing}."],
        "finding_ok": ["The internal audit completed {past} confirmed that {thing} is well embedded.",
                       "An inspection by our auditors concluded that {thing} was evidenced in all {items} sampled.",
                       "The tenant satisfaction survey indicated high awareness of {thing}.",
                       "External assurance work raised no concerns regarding {thing}."],
        "no_done": ["{Org} has since implemented {thing}, with effect from {past_bare}.",
                    "Subsequent to the assessment, {thing} was introduced {past} and is now operating.",
                    "This has now been completed: {thing} was put in place {past}."],
        "no_pending": ["{Org} does not currently have {thing}.", "This requirement is not met at present.",
                       "{thing} is not yet available."],
        "deny": ["{Org} does not at present {act}.", "{Org} is unable to {act} at this time.",
                 "Not all {items} contain {thing}."],
        "past": ["The {doc} was revised {past} in order to be compliant with the Code.",
                 "The {doc} was reviewed and approved by the Board {past} to align with the Code.",
                 "Complaint handling training was delivered to all relevant staff {past}."],
        "promise": ["{Org} intends to revise the {doc} {future} to provide for {thing}.",
                    "{Org} will develop {thing} {future}.",
                    "{Org} proposes to implement {thing} {future}."],
        "standing": ["The Association will acknowledge each complaint within five working days of receipt.",
                     "A member of the Customer Services team will contact the resident to discuss the complaint.",
                     "The Association will confirm the outcome in writing at each stage.",
                     "Complaint handlers will keep residents updated at agreed intervals."],
        "ref_forms": [("Refer to the {Pdoc} {a}; {b}.", "procedure"),
                      ("As set out in the {Ldoc} (see {a}).", "policy"),
                      ("Detailed at paragraphs {a} and {b} of the {Ldoc}.", "policy"),
                      ("The {Rdoc} ({a}) reports this to the Board.", "report"),
                      ("Provided for in the {Pdoc} at {a}.", "procedure")],
        "nonref": ["The report is reviewed by the Section 151 Officer.",
                   "A template letter is attached as Appendix 5.",
                   "Appendix 2 to the Board report lists the Section 151 Officer's comments."],
        "timescale": ["The Association will {verb} at stage {n_stage} within {n} {unit} of receipt.",
                      "Stage {n_stage} {noun_pl} are issued within {n} {unit}."],
    },
    "bullets": {
        "org": "we", "Org": "We",
        "comply_yes": ["• {thing} in place\n• set out in the {doc}\n• checked by the complaints lead",
                       "- {act_ing_cap} as standard\n- monitored quarterly",
                       "• {Org} {act}\n• evidence: {doc}",
                       "* {thing}: yes\n* reviewed annually"],
        "unfinished": ["• {thing} drafted\n• still awaiting sign-off",
                       "~• work started on {thing}\n• not yet complete",
                       "- most {items} compliant\n- a few outstanding",
                       "• {doc} still to be amended for {thing}",
                       "• improvement needed: adding {thing} to the {doc}",
                       "~• progress towards {thing}\n• further work needed",
                       "~- review of {thing} ongoing",
                       "• not achieved - staffing gaps"],
        "finding": ["• internal audit {past}: gaps found in {thing}",
                    "• inspection noted {thing} not in place for all {items}",
                    "- survey: low awareness of {thing}",
                    "• audit flagged an issue with {thing}"],
        "finding_ok": ["• internal audit {past}: {thing} fully in place",
                       "• inspection noted {thing} in place for all {items}",
                       "- survey: high awareness of {thing}",
                       "• audit found no issue with {thing}"],
        "no_done": ["• {thing} introduced {past}\n• now in place",
                    "- completed {past}\n- {thing} live",
                    "• since done: {thing}"],
        "no_pending": ["• {thing} not in place\n• options being looked at",
                       "- {thing} not yet in place", "• not met"],
        "deny": ["• {items} do not include {thing}", "- we do not {act}",
                 "• {thing} not provided at present"],
        "past": ["• {doc} revised {past} to be compliant with the Code",
                 "• {doc} approved {past} to meet the Code",
                 "- staff training delivered {past}"],
        "promise": ["• {doc} to be updated {future} to include {thing}",
                    "• {Org} will put in place {thing} {future}",
                    "- new {thing} to be introduced {future}"],
        "standing": ["• we will acknowledge complaints within 5 working days\n• we will log every complaint",
                     "- staff will contact the resident\n- outcome confirmed in writing",
                     "• complaints handled by the central team\n• we will keep residents updated",
                     "• the manager will sign off each response"],
        "ref_forms": [("• {Pdoc} {a}; {b}", "procedure"), ("• {Ldoc} {a}", "policy"),
                      ("- see {Ldoc} ({a}, {b})", "policy"), ("• {Rdoc} paragraphs {a} and {b}", "report"),
                      ("• {Wdoc}, at {a}", "website")],
        "nonref": ["• signed off by the Section 151 Officer", "• template at Appendix 6",
                   "- Section 151 Officer review\n- see Appendix 1"],
        "timescale": ["• stage {n_stage} {noun_pl}: {n} {unit}", "- we {verb} at stage {n_stage} within {n} {unit}"],
    },
}

# Styles written for issue 15's second round, after the four above were fixed: `board`
# (formal board-report prose, third person) and `minutes` (scrutiny panel minutes, reported
# speech) join the tuning half; `notes` (terse officer
# notes: abbreviations, no verbs, slashes) is held out in test2.jsonl. Each carries its own
# agreeing negations (`forbid`), so no prohibition sentence is shared with another style.
NEW_STYLE = {
    "board": {
        "org": "the Group", "Org": "The Group",
        "comply_yes": ["The Group's {doc} requires officers to {act}; compliance is reported to the Audit and Risk Committee.",
                       "Members are asked to note that {thing} is in place and is set out in the {doc}.",
                       "{Org} continues to {act}, as recorded in the {doc}.",
                       "Assurance on {thing} was received by the Board in the year and no exceptions were reported."],
        "unfinished": ["~Implementation of {thing} commenced in the last quarter and has not yet concluded.",
                       "{Thing} has been drafted, although the Executive Team has not yet approved it.",
                       "~Progress has been made towards {thing}; the work continues.",
                       "A substantial proportion of {items}, though not every one, now reflect this requirement.",
                       "It would strengthen compliance to incorporate {thing} within the {doc}.",
                       "The {doc} must be revised before it fully reflects {thing}.",
                       "~A review of {thing} is presently being undertaken by officers.",
                       "{Thing} has not been introduced owing to the delayed procurement of a case management system.",
                       "~The majority of {items} comply; the remainder are being brought into line.",
                       "Formal ratification of {thing} by the Board remains outstanding.",
                       "~The Group is partway through establishing {thing}.",
                       "~The {doc} is due to be amended so that it contains {thing}."],
        "finding": ["The internal auditors' report of {past_bare} concluded that {thing} was inadequately evidenced.",
                    "A regulatory inspection identified that {thing} was absent from several {items}.",
                    "Results of the tenant satisfaction survey indicated that fewer than half of tenants were aware of {thing}.",
                    "The peer review observed that {thing} had not been consistently applied.",
                    "Internal audit gave only limited assurance over {thing}.",
                    "Tenant scrutiny highlighted shortcomings in {thing}."],
        "finding_ok": ["The internal auditors' report of {past_bare} concluded that {thing} was well evidenced.",
                       "A regulatory inspection confirmed that {thing} was present in all {items} sampled.",
                       "Results of the tenant satisfaction survey indicated that nine in ten tenants were aware of {thing}.",
                       "The peer review observed that {thing} had been consistently applied.",
                       "Internal audit gave substantial assurance over {thing}.",
                       "Tenant scrutiny raised no shortcomings in {thing}."],
        "no_done": ["Since the assessment was drafted, {thing} has been introduced ({past_bare}).",
                    "This action was concluded {past} and {thing} is now operating.",
                    "Officers have subsequently put {thing} in place; it took effect {past}.",
                    "Remedied {past}: {thing} was approved by the Board and adopted."],
        "no_pending": ["{Thing} has not been introduced; options have not yet been costed.",
                       "Not met at the date of this assessment.",
                       "The Group does not yet have {thing}, and no date has been agreed.",
                       "Part of {thing} was introduced {past}; the remaining elements are not in place."],
        "deny": ["The Group does not at present {act}.",
                 "At the date of this report, {items} did not contain {thing}.",
                 "{Org} has not been able to {act} during the year.",
                 "Officers are unable to {act} with the current system."],
        "past": ["The {doc} was reviewed and reissued {past} to align with the Code.",
                 "Following the Board's decision {past}, the {doc} was amended to comply with the Code.",
                 "A training programme for officers was completed {past}.",
                 "The {doc} was approved by the Board {past} to ensure compliance with the Code."],
        "promise": ["The Group intends to {act} {future}.",
                    "It is proposed that the {doc} is revised {future} to incorporate {thing}.",
                    "Officers will develop {thing} for approval {future}.",
                    "{Thing} is scheduled for introduction {future}.",
                    "The Executive Team has committed to {act} {future}."],
        "standing": ["Officers will write to the resident to confirm the outcome of each complaint.",
                     "The Group will record all complaints on receipt.",
                     "Each complaint will be allocated to an investigating officer on the day it is received.",
                     "The Customer Resolution Team will acknowledge complaints within 5 working days.",
                     "The investigating officer will telephone the resident before the response is issued."],
        "ref_forms": [("As detailed in the {Ldoc}, sections {a} and {b}.", "policy"),
                      ("The {Pdoc} (paragraph {a}) applies.", "procedure"),
                      ("Refer to the {Rdoc} {a}.", "report"),
                      ("Further detail is provided at {a} of the {Pdoc}.", "procedure"),
                      ("The position is described on the {Wdoc} (see {a}).", "website")],
        "nonref": ["Approved by the Section 151 Officer under delegated powers.",
                   "The template is reproduced as Appendix 4 to this report.",
                   "Reviewed by the Section 151 Officer; the form is at Appendix 5."],
        "timescale": ["Stage {n_stage} complaints receive {noun_a} within {n} {unit}.",
                      "The Group's standard at stage {n_stage} is to {verb} within {n} {unit}."],
        "forbid": {
            "5.2": ["The procedure contains no preliminary or informal stage before stage 1.",
                    "No pre-complaint process operates ahead of stage 1."],
            "5.3": ["No further internal stage exists beyond stage 2.",
                    "The Group does not offer an additional stage after the stage 2 review."],
            "6.12": ["Residents seeking escalation are not required to state their reasons.",
                     "An explanation is never sought from a resident who asks for stage 2."],
            "6.13": ["The officer who determined stage 1 takes no part in the stage 2 review.",
                     "Stage 2 reviews are never conducted by the stage 1 investigator."],
            "5.1": ["Residents who complain suffer no detriment in the services they receive.",
                    "Complainants are not treated less favourably as a result of complaining."],
            "2.5": ["No category of complaint is excluded as a matter of course.",
                    "The Group does not apply exclusions in a blanket manner."],
            "6.6": ["Responses are not deferred pending completion of remedial works.",
                    "The issue of a response is not postponed until outstanding repairs are finished."],
            "3.3": ["The Board does not regard an increase in complaints as an indicator of poor performance.",
                    "Complaint volumes are not interpreted negatively by the Group."],
            "4.9": ["Correspondence does not identify individual employees or contractors by name.",
                    "Named individuals are not referred to in letters to complainants."],
            "5.11": ["A request to escalate is never declined without a valid reason being given.",
                     "Escalation requests are not refused other than for the reasons in the policy."],
        },
    },
    "minutes": {
        "org": "the landlord", "Org": "The landlord",
        "comply_yes": ["The panel was told that officers {act} and saw the {doc} as evidence.",
                       "Members confirmed that {thing} is provided and is described in the {doc}.",
                       "Officers reported that {org} routinely {act_s}, and the panel agreed.",
                       "The panel reviewed {items} and was satisfied that {thing} was there."],
        "unfinished": ["~Officers reported that work on {thing} had begun but would not be finished this year.",
                       "The panel heard that {thing} exists only for some {items}.",
                       "Members noted that {thing} awaits a decision by the Chief Executive.",
                       "The panel was told that {thing} is partially in use across {items}.",
                       "Officers accepted that the {doc} would need revising to reflect {thing}.",
                       "~Officers are currently consulting residents on {thing}.",
                       "Members were told that {thing} could not be introduced until the new IT system arrives.",
                       "It was agreed that adding {thing} to the {doc} would be an improvement.",
                       "Officers said that the bulk of {items} now comply, with a small number outstanding.",
                       "~The panel heard that progress towards {thing} is slower than planned."],
        "finding": ["The panel's own review found {thing} to be inadequate in a sample of {items}.",
                    "A resident survey reported by officers showed limited knowledge of {thing}.",
                    "Members heard that the latest audit judged {thing} to be inconsistent.",
                    "The mystery shopping exercise found that {thing} was not offered."],
        "finding_ok": ["The panel's own review found {thing} to be adequate in a sample of {items}.",
                       "A resident survey reported by officers showed good knowledge of {thing}.",
                       "Members heard that the latest audit judged {thing} to be consistent.",
                       "The mystery shopping exercise found that {thing} was offered every time."],
        "no_done": ["Officers told the panel that {thing} has since been completed.",
                    "Members heard that {thing} came into force {past}.",
                    "The panel was told the gap had since been closed: {thing} is now provided."],
        "no_pending": ["Officers said that {thing} remains under discussion.",
                       "Members heard that no progress has been made on {thing}.",
                       "The panel was told that {thing} is not yet available."],
        "deny": ["Officers confirmed that {org} cannot currently {act}.",
                 "The panel heard that {items} lack {thing}.",
                 "Members were told that {org} does not {act} at present."],
        "past": ["Members noted that the {doc} was reissued {past} to meet the Code.",
                 "Officers reported that the {doc} was brought into line with the Code {past}.",
                 "The panel heard that officers attended training {past}."],
        "promise": ["Officers undertook to {act} {future}.",
                    "The panel was assured that the {doc} will be rewritten {future} to cover {thing}.",
                    "Officers agreed to introduce {thing} {future}."],
        "standing": ["Officers explained that they will speak to each resident before closing a complaint.",
                     "The panel heard that the team will send a written reply to every complaint.",
                     "Members were told that a senior officer will review each stage 2 case."],
        "ref_forms": [("The panel was referred to paragraphs {a} and {b} of the {Ldoc}.", "policy"),
                      ("Officers pointed to the {Pdoc}, at {a}.", "procedure"),
                      ("The {Rdoc} (section {a}) was tabled.", "report"),
                      ("Members looked at {a} on the {Wdoc}.", "website")],
        "nonref": ["The minutes were signed by the Section 151 Officer.", "The action log is at Appendix 3.",
                   "Papers went to the Section 151 Officer; see Appendix 1."],
        "timescale": ["Officers said stage {n_stage} complaints get {noun_a} within {n} {unit}.",
                      "The panel heard that the stage {n_stage} target is to {verb} in {n} {unit}."],
        "forbid": {
            "5.2": ["Officers confirmed that there is no informal step before stage 1.",
                    "The panel heard that nothing sits in front of the first formal stage."],
            "5.3": ["Members were told that there is no stage beyond stage 2.",
                    "Officers said that the process stops at stage 2."],
            "6.12": ["The panel heard that residents are never asked to justify an escalation.",
                     "Officers confirmed that no reason is needed to ask for stage 2."],
            "6.13": ["Members heard that stage 2 is never reviewed by the stage 1 officer.",
                     "Officers said a person not involved at stage 1 handles stage 2."],
            "5.1": ["The panel was told that complaining does not count against any resident.",
                    "Officers said residents who complain are never treated worse."],
            "2.5": ["Officers said that no complaint is turned away under a blanket rule.",
                    "Members heard that exclusions are not applied wholesale."],
            "6.6": ["The panel heard that replies are not held back while repairs are outstanding.",
                    "Officers said they never wait for works to finish before replying."],
            "3.3": ["Members heard that more complaints are not seen as bad news.",
                    "Officers said a rise in complaints is not treated as failure."],
            "4.9": ["Officers confirmed that letters never name individual staff.",
                    "The panel heard that contractors are not named in replies."],
            "5.11": ["Members were told that escalation is not refused without good reason.",
                     "Officers said no escalation is declined unless a valid reason is given."],
        },
    },
    "notes": {
        "org": "we", "Org": "We",
        "comply_yes": ["Checked {past_bare} - {thing} in place, per {doc}.", "OK. {doc} covers it.",
                       "Met; {act_ing} is BAU.", "Y - {thing} evidenced in {doc}."],
        "unfinished": ["{Thing}: in draft, not signed off yet.", "{Thing} awaiting ELT approval.",
                       "Approx 80% of {items} done, rest o/s.", "~Working on {thing} - c. half complete.",
                       "{doc} needs amending to add {thing}.", "Would be better if {doc} included {thing}.",
                       "~{Thing} under review now.", "Not done - no budget this yr.",
                       "Most {items} OK, not all.", "~Moving toward {thing}, target TBC."],
        "finding": ["IA {past_bare}: {thing} not evidenced on sample.",
                    "Mock insp. found {thing} lacking in several {items}.",
                    "TSAT survey - majority of tenants unaware of {thing}.",
                    "Audit report says {thing} inconsistent across {items}."],
        "finding_ok": ["IA {past_bare}: {thing} evidenced on sample.",
                       "Mock insp. found {thing} present in all {items}.",
                       "TSAT survey - majority of tenants aware of {thing}.",
                       "Audit report says {thing} consistent across {items}."],
        "no_done": ["Now done - {thing} live since {past_bare}.", "Sorted {past}; {thing} in place.",
                    "Completed after SA: {thing} introduced {past}."],
        "no_pending": ["Not in place; no date yet.", "{Thing} - not started.", "No. Not progressed this yr.",
                       "Partly done {past}, rest still to do."],
        "deny": ["{items} don't include {thing} currently.", "Not doing this at the moment.",
                 "We don't {act} yet."],
        "past": ["{doc} rewritten {past} to comply w/ Code.", "{doc} signed off {past} - now Code compliant.",
                 "Staff trained {past}."],
        "promise": ["Action: update {doc} {future} to add {thing}.", "Will roll out {thing} {future}.",
                    "Plan - {act} {future}."],
        "standing": ["We will phone the resident within 2 working days of the complaint.",
                     "Officer will log complaint on CRM same day.",
                     "Manager will check each response before it goes out."],
        "ref_forms": [("{Pdoc} s.{a}", "procedure"), ("per {Ldoc} {a}, {b}", "policy"),
                      ("{Rdoc} para {a}", "report"), ("{Wdoc} - see {a}", "website")],
        "nonref": ["Sec 151 Officer sign-off.", "Form at App. 2.", "S151 Officer aware; Appendix 5 attached."],
        "timescale": ["Stage {n_stage} {noun}: {n} {unit}.", "Target to {verb} at stage {n_stage} = {n} {unit}."],
        "forbid": {
            "5.2": ["No informal step before stage 1.", "No stage 0 / pre-complaint stage."],
            "5.3": ["Two-stage only, nothing beyond stage 2.", "Stage 2 is final internal stage, no more."],
            "6.12": ["Reasons for escalation not asked for.", "Resident need not say why they want stage 2."],
            "6.13": ["Stage 2 not handled by the stage 1 officer.", "Different person does stage 2, never stage 1 handler."],
            "5.1": ["Complainants not treated any differently.", "No detriment to residents who complain."],
            "2.5": ["No blanket exclusions.", "Exclusions not applied as a class."],
            "6.6": ["Response not held back for repairs to finish.", "Don't wait for works to close before responding."],
            "3.3": ["Rising complaint numbers not seen as negative.", "High volumes not treated as failure."],
            "4.9": ["Staff/contractors not named in letters.", "No individual names in replies."],
            "5.11": ["Escalation not refused w/o valid reason.", "Never refuse to escalate without a reason given."],
        },
    },
}
STYLE.update(NEW_STYLE)

SECTIONS = ["3.1", "3.4", "4.2", "5.6", "6.3", "2.1", "2.5", "7.2", "9.4", "4.2.1", "8.3", "5", "10.1", "11"]


# --------------------------------------------------------------------------- building the texts

def _act_ing(act: str) -> str:
    verb, _, rest = act.partition(" ")
    ing = {"set": "setting", "give": "giving", "carry": "carrying", "keep": "keeping", "tell": "telling",
           "publish": "publishing", "train": "training", "appoint": "appointing", "confirm": "confirming",
           "publicise": "publicising", "explain": "explaining", "include": "including"}.get(verb, verb + "ing")
    return f"{ing} {rest}"


def _act_s(act: str) -> str:
    verb, _, rest = act.partition(" ")
    s = {"carry": "carries", "publish": "publishes"}.get(verb, verb + "s")
    return f"{s} {rest}"


class Builder:
    def __init__(self, style: str, rng: random.Random) -> None:
        self.style, self.rng, self.bank = style, rng, STYLE[style]
        self.items: list[dict] = []

    def pick(self, key: str) -> str:
        return self.rng.choice(self.bank[key])

    def pick_marked(self, key: str) -> tuple[str, bool]:
        """A template and whether it describes work going on now (marked "~"): an ongoing commitment."""
        t = self.pick(key)
        return t.removeprefix("~"), t.startswith("~")

    def slots(self, topic=None) -> dict:
        ed, pid, thing, act, items = topic if topic else ("2024", "3.4", "", "", "")
        past = self.rng.choice(PAST)
        return {"org": self.bank["org"], "Org": self.bank["Org"], "thing": thing, "Thing": thing[:1].upper() + thing[1:],
                "act": act, "act_s": _act_s(act), "act_ing": _act_ing(act), "act_ing_cap": _act_ing(act).capitalize(), "items": items,
                "doc": self.rng.choice(DOCS["policy"] + DOCS["procedure"]), "past": past,
                "past_bare": past.removeprefix("in ").removeprefix("on ").removeprefix("during ")}

    def fill(self, template: str, slots: dict) -> str:
        text = template.format(**slots)
        lines = text.split("\n")
        return "\n".join(ln[:1].upper() + ln[1:] if not ln.startswith(("•", "-", "*")) else ln for ln in lines)

    def add(self, family: str, ed: str, pid: str, comply: str, text: str, *, conflict=False, commitment=False,
            due=None, references=(), timescales=(), commentary: str = "") -> None:
        self.items.append({"style": self.style, "family": family, "code_version": ed, "provision_id": pid,
                           "comply": comply, "evidence": text, "commentary": commentary, "conflict": conflict,
                           "commitment": commitment, "due": list(due) if due else None,
                           "references": list(references), "timescales": list(timescales),
                           "document_date": DOCUMENT_DATE})

    # families --------------------------------------------------------------
    def unfinished(self, n: int) -> None:
        for _ in range(n):
            topic = self.rng.choice(REQUIRE)
            s = self.slots(topic)
            t, ongoing = self.pick_marked("unfinished")
            self.add("unfinished_under_yes", topic[0], topic[1], "yes", self.fill(t, s), conflict=True,
                     commitment=ongoing)
            topic = self.rng.choice(REQUIRE)
            s = self.slots(topic)
            self.add("unfinished_under_yes", topic[0], topic[1], "yes", self.fill(self.pick("comply_yes"), s))
            t, ongoing = self.pick_marked("unfinished")
            self.add("unfinished_under_yes", topic[0], topic[1], "partial", self.fill(t, s), commitment=ongoing)

    def finding(self, n: int) -> None:
        for _ in range(n):
            topic = self.rng.choice(REQUIRE)
            s = self.slots(topic)
            self.add("finding", topic[0], topic[1], "yes", self.fill(self.pick("finding"), s), conflict=True)
            topic = self.rng.choice(REQUIRE)
            s = self.slots(topic)
            self.add("finding", topic[0], topic[1], "yes", self.fill(self.pick("finding_ok"), s))
            self.add("finding", topic[0], topic[1], "yes", self.fill(self.pick("finding_ok"), s))

    def no_done(self, n: int) -> None:
        for _ in range(n):
            topic = self.rng.choice(REQUIRE)
            s = self.slots(topic)
            self.add("no_now_done", topic[0], topic[1], "no", self.fill(self.pick("no_done"), s), conflict=True)
            topic = self.rng.choice(REQUIRE)
            s = self.slots(topic)
            self.add("no_now_done", topic[0], topic[1], "no", self.fill(self.pick("no_pending"), s))
            self.add("no_now_done", topic[0], topic[1], "no", self.fill(self.pick("no_pending"), s))

    def partial_done(self, n: int) -> None:
        """A Partial whose text says the work has since been completed, and Partials still part-done."""
        for _ in range(n):
            topic = self.rng.choice(REQUIRE)
            s = self.slots(topic)
            self.add("partial_now_done", topic[0], topic[1], "partial", self.fill(self.pick("no_done"), s),
                     conflict=True)
            topic = self.rng.choice(REQUIRE)
            s = self.slots(topic)
            self.add("partial_now_done", topic[0], topic[1], "partial", self.fill(self.pick("no_pending"), s))
            t, ongoing = self.pick_marked("unfinished")
            self.add("partial_now_done", topic[0], topic[1], "partial", self.fill(t, s), commitment=ongoing)

    def negations(self, n: int, half: int) -> None:
        for _ in range(n):
            ed, pid, sentences = self.rng.choice(FORBID)
            # tuning styles use the first two phrasings of each prohibition, test styles the last two
            if "forbid" in self.bank:
                sent = self.rng.choice(self.bank["forbid"][pid])
            else:
                sent = self.rng.choice(sentences[:2] if half == 0 else sentences[2:])
            text = sent if self.style != "bullets" else "• " + sent.rstrip(".").lower()
            extra = self.fill(self.pick("comply_yes"), self.slots(self.rng.choice(REQUIRE)))
            self.add("agreeing_negation", ed, pid, "yes", text if self.rng.random() < 0.5 else f"{text}\n{extra}"
                     if self.style == "bullets" else f"{text} {extra}")
            self.add("agreeing_negation", ed, pid, "yes", text)
            topic = self.rng.choice(REQUIRE)
            self.add("denying_negation", topic[0], topic[1], "yes", self.fill(self.pick("deny"), self.slots(topic)),
                     conflict=True)

    def past_and_promises(self, n: int) -> None:
        for _ in range(n):
            topic = self.rng.choice(REQUIRE)
            s = self.slots(topic)
            self.add("past_action", topic[0], topic[1], "yes", self.fill(self.pick("past"), s))
            self.add("past_action", topic[0], topic[1], "yes", self.fill(self.pick("past"), self.slots(topic)))
            text, a, b = self.rng.choice(FUTURE)
            s = self.slots(topic)
            s["future"] = text
            comply = self.rng.choice(["partial", "in_progress", "yes", "partial"])
            self.add("promise", topic[0], topic[1], comply, self.fill(self.pick("promise"), s),
                     conflict=comply == "yes", commitment=True, due=(a, b))

    def standing(self, n: int) -> None:
        for _ in range(n):
            pid = self.rng.choice(["5.6", "6.2", "6.9", "5.9", "6.19"])
            text = self.pick("standing")
            # the standing texts state their timescales in working days; label them as written
            said = [{"number": {"five": 5}.get(n, int(n) if n.isdigit() else 0), "working": True}
                    for n in re.findall(r"(\w+) working days", text)]
            self.add("standing_procedure", "2024", pid, "yes", text, timescales=said)

    def bullets_with_dates(self, n: int) -> None:
        for _ in range(n):
            topic = self.rng.choice(REQUIRE)
            s = self.slots(topic)
            text, a, b = self.rng.choice(FUTURE)
            s["future"] = text
            past1, past2 = self.rng.sample(PAST, 2)
            promise = self.fill(self.rng.choice(STYLE[self.style]["promise"]), s).lstrip("•-* ").rstrip(".")
            lines = [f"{self.rng.choice(['Policy reviewed', 'Leaflet reprinted', 'Staff briefed'])} {past1}",
                     promise, f"{self.rng.choice(['Training delivered', 'Report to board', 'Template issued'])} {past2}"]
            self.rng.shuffle(lines)
            mark = self.rng.choice(["•", "-", "*"])
            comply = self.rng.choice(["partial", "in_progress"])
            self.add("bullets_without_full_stops", topic[0], topic[1], comply,
                     "\n".join(f"{mark} {ln}" for ln in lines), commitment=True, due=(a, b))

    def references(self, n: int) -> None:
        for _ in range(n):
            topic = self.rng.choice(REQUIRE)
            form, kind = self.rng.choice(self.bank["ref_forms"])
            a, b = self.rng.sample(SECTIONS, 2)
            slots = {"Pdoc": self.rng.choice(DOCS["procedure"]), "Ldoc": self.rng.choice(DOCS["policy"]),
                     "Rdoc": self.rng.choice(DOCS["report"]), "Wdoc": self.rng.choice(DOCS["website"]), "a": a, "b": b}
            text = form.format(**slots)
            refs = [{"number": a, "kind": kind}] + ([{"number": b, "kind": kind}] if "{b}" in form else [])
            lead = self.fill(self.pick("comply_yes"), self.slots(topic)) if self.rng.random() < 0.5 else ""
            joined = f"{lead}\n{text}" if lead and self.style == "bullets" else f"{lead} {text}".strip()
            self.add("references", topic[0], topic[1], "yes", joined, references=refs)

    def non_references(self, n: int) -> None:
        for _ in range(n):
            topic = self.rng.choice(REQUIRE)
            self.add("non_references", topic[0], topic[1], "yes", self.pick("nonref"))

    def timescales(self, n: int) -> None:
        for _ in range(n):
            ed, pid, stage, action, code = self.rng.choice(TIMED)
            kind = self.rng.choice(["longer", "equal", "calendar", "shorter", "longer"])
            number = {"longer": code + self.rng.choice([5, 10, 3]), "equal": code,
                      "calendar": self.rng.choice([code, code + 4, 28 if code == 20 else 14]),
                      "shorter": max(1, code - self.rng.choice([2, 3]))}[kind]
            unit = "working days" if kind != "calendar" else self.rng.choice(["days", "calendar days"])
            verb = "respond" if action == "respond" else "acknowledge"
            slots = {"n_stage": stage.split()[1], "n": number, "unit": unit, "verb": verb,
                     "verb_ed": "responded to" if verb == "respond" else "acknowledged",
                     "noun": "response" if verb == "respond" else "acknowledgement",
                     "noun_pl": "responses" if verb == "respond" else "acknowledgements",
                     "noun_a": "a response" if verb == "respond" else "an acknowledgement"}
            text = self.fill(self.pick("timescale"), slots)
            self.add("timescale", ed, pid, "yes", text, conflict=kind == "longer",
                     timescales=[{"number": number, "working": kind != "calendar"}])


def build() -> dict[str, list[dict]]:
    halves: dict[str, list[dict]] = {"tune": [], "test": [], "test2": []}
    for style in TUNE_STYLES + TEST_STYLES + TEST2_STYLES:
        half = 0 if style in TUNE_STYLES else 1
        # the held-out notes are a smaller portion: most of the new writing goes to the tuning half
        k = 0.6 if style in TEST2_STYLES else 1.0
        n = lambda count, k=k: max(1, round(count * k))  # noqa: E731
        b = Builder(style, random.Random(f"commentary-dev-{style}"))
        b.unfinished(n(9))
        b.finding(n(6))
        b.no_done(n(6))
        b.negations(n(10), half)
        b.past_and_promises(n(7))
        b.standing(n(8))
        b.bullets_with_dates(n(7))
        b.references(n(18))
        b.non_references(n(7))
        b.timescales(n(16))
        if style in NEW_STYLE:
            b.partial_done(n(6))
        halves["tune" if half == 0 else "test" if style in TEST_STYLES else "test2"].extend(b.items)
    for name, items in halves.items():
        seen = set()
        unique = []
        for it in items:
            key = (it["provision_id"], it["comply"], it["evidence"])
            if key not in seen:
                seen.add(key)
                unique.append(it)
        for n, it in enumerate(unique, 1):
            it["id"] = f"{name}-{n:04d}"
        halves[name] = unique
    return halves


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, items in build().items():
        with (OUT / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for it in items:
                f.write(json.dumps({"id": it.pop("id"), **it}, ensure_ascii=False) + "\n")
        pos = sum(it["conflict"] for it in items)
        print(f"{name}: {len(items)} texts, {pos} conflicts ({pos / len(items):.0%}), "
              f"{sum(it['commitment'] for it in items)} commitments, "
              f"{sum(len(it['references']) for it in items)} reference numbers")


if __name__ == "__main__":
    main()
