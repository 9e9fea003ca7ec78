"""Issue 15, third round: claim conflicts in wording written for this file, by families the
hand-written tuning half showed missing (pending decisions, drafts, shares of a whole, findings an
audit or survey reports, "not ... yet", a No or Partial that tells the change since, negations of
the case a provision is conditioned on), and meetings' decisions as commitments. Not from the seeds,
not from the dev corpus."""
import json

import pytest

from tests.test_commentary_families import run


def analysed(text, pid, comply="yes", edition="2024"):
    return run(text, pid=pid, comply=comply, edition=edition)  # one row, dated 2025-06-01


def verdict(text, pid, comply="yes", edition="2024"):
    score = analysed(text, pid, comply, edition)["response_scores"][0]
    why = [x["why"] for x in json.loads(score["reasons"]) if x["score"] == "claim_conflict"]
    return score["claim_conflict"], why[0] if why else ""


@pytest.mark.parametrize("pid,comply,text,edition", [
    ("9.5", "yes", "The Board has agreed in principle to name a Member Responsible for Complaints; the appointment "
                   "will be confirmed at the AGM.", "2024"),
    ("4.3", "yes", "Training for frontline staff started in March. Around two thirds of teams have completed the "
                   "e-learning so far.", "2024"),
    ("3.1", "yes", "Residents can complain by phone, email, letter or in person. Our latest STAR survey showed that "
                   "only 41% of tenants knew how to make a complaint.", "2024"),
    ("5.14", "yes", "A draft Unacceptable Behaviour Policy has been written and will go to the Board for approval in "
                    "the autumn.", "2024"),
    ("3.5", "yes", "Publicity for the policy and the Code is currently limited to the website.", "2024"),
    ("6.19", "yes", "The stage 2 letter template is under review to ensure all of the required points are covered.", "2024"),
    ("3.4", "yes", "The policy is on our website. Braille copies were ordered in April but have not arrived yet.", "2024"),
    ("6.2", "yes", "Acknowledgements go out from the contact centre. A spot-check by our quality team in March found "
                   "nine of fifty sent outside five working days.", "2024"),
    ("9.3", "yes", "Learning is shared at team meetings. When our tenant auditors looked at this, they told us that "
                   "residents seldom hear what changed.", "2024"),
    ("7.1", "yes", "An external review noted that apologies were given in most letters and that the actions taken "
                   "were 'limited' in others.", "2024"),
    ("9.4", "yes", "The Chief Operating Officer is the named senior lead, subject to the role being ratified; the "
                   "appointment is to be ratified by the Executive in July.", "2024"),
    ("8.2", "yes", "The report was considered by Cabinet. The governing body's response is still being drafted.", "2024"),
    # a denied act of delivering, tied to the provision by its less common words
    ("2.7", "yes", "Stage letters name the case officer. Our newsletters and rent statements don't include the "
                   "Ombudsman's contact details.", "2022"),
    ("2.2", "yes", "Tweets and Facebook messages are answered by the web team. The Tenant Handbook has no section on "
                   "social media complaints.", "2022"),
    ("4.2", "yes", "Handlers can reach any director. We are still finalising the delegation that lets them agree "
                   "payments themselves.", "2024"),
    ("6.2", "yes", "Complaints are logged on the CRM. The majority are acknowledged by the hub, but a few sent to "
                   "local offices were acknowledged late.", "2024"),
    ("5.12", "yes", "Each file holds the complaint and its letters. Internal auditors sampled thirty closed cases and "
                    "found that phone notes were missing from several.", "2024"),
    ("5.1", "yes", "One policy covers every service. A tenant survey found that tenants who had complained felt they "
                   "were treated less favourably later.", "2024"),
    ("6.9", "yes", "Letters give the decision and how to escalate. For now the template has no space for the actions "
                   "the landlord still has outstanding.", "2024"),
    ("4.3", "yes", "Complaints module in the induction programme; refresher for existing officers 71% complete.",
     "2024"),
    ("1.4", "yes", "Service requests logged on the housing system by the majority of teams.", "2024"),
    ("3.4", "yes", "Policy on the website as a PDF; easy-read copy and community languages outstanding.", "2024"),
    ("3.4", "yes", "Policy on the website as a PDF.\nStatus: Open", "2024"),
    ("5.12", "yes", "Case files held on the CRM; older paper files being scanned, digitisation in progress.", "2024"),
    ("2.4", "yes", "Policy on the website. Peer challenge in May: the page was difficult to find from the home page.",
     "2022"),
    ("6.14", "yes", "Final responses are issued within 30 working days of the stage 2 request being acknowledged.",
     "2024"),
    ("1.4", "yes", "The policy explains the difference. Service requests are handled by each team, but they are not "
                   "recorded in one place.", "2024"),
    ("5.4", "yes", "Cleaning contractor complaints go through our two stages. The heating contractor, however, "
                   "still runs a customer care process of its own.", "2024"),
    ("6.13", "yes", "Stage 2 reviewed by a senior officer; in the smaller estates team the S1 manager still reviews "
                    "stage 2 in some cases.", "2024"),
    ("1.5", "yes", "Service requests carry on while a complaint is open. The exception is the cyclical works "
                   "programme, where orders are put on hold.", "2024"),
    ("5.14", "yes", "The Abusive Contact Policy is in place. Restrictions are not reviewed once set, and reasons "
                    "are not always kept on file.", "2024"),
])
def test_a_yes_its_own_text_contradicts(pid, comply, text, edition):
    flag, why = verdict(text, pid, comply, edition)
    assert flag, why


@pytest.mark.parametrize("pid,comply,text", [
    ("8.1", "no", "The annual report was presented to the Board in September 2024 and now includes the "
                  "self-assessment and the Ombudsman's findings."),
    ("9.5", "no", "A Member Responsible for Complaints was appointed by the Board in May and has taken up the role."),
    ("3.4", "partial", "Since this assessment was drafted, the accessible versions of the policy have been published "
                       "on our website."),
    ("6.5", "no", "Before the review our extension letters left out the Ombudsman's details. We've fixed that, and "
                  "every extension letter carries them."),
    ("5.1", "partial", "At the time of our last assessment leaseholders had a separate process. Leasehold complaints "
                       "moved into the single policy in January."),
    ("6.13", "no", "In the past one manager could handle both stages. Now, a different senior officer always takes "
                   "stage 2."),
    ("6.9", "partial", "Letters used to skip the complaint definition. Template revised 04/2025 to add it."),
    ("1.5", "no", "Repairs were put on hold while a complaint about them was open. We no longer do this."),
    # a tracker's status cell is about its own row
    ("3.7", "no", "Ombudsman paragraph added to every letter template / web page updated\nStatus: complete"),
    ("6.12", "no", "Reason box taken off the online escalation form\nDone"),
    ("5.2", "no", "Until February 2024 the lettings team ran a 'quick fix' step before stage 1. It was scrapped on "
                  "1 March 2024 and concerns are now logged at stage 1 straight away."),
    ("5.14", "partial", "When this assessment was first written the policy did not ask for restrictions to be "
                        "reviewed. It has since been amended to require a review every six months."),
])
def test_a_no_or_partial_whose_text_tells_the_change_since(pid, comply, text):
    flag, why = verdict(text, pid, comply)
    assert flag, why


@pytest.mark.parametrize("pid,comply,text", [
    # a date still to come is work left, however the rest is told
    ("4.3", "partial", "Staff training: / office teams – completed 2024 / repairs teams – from October 2025"),
    ("5.10", "partial", "Adjustments recorded on the housing system since 2023. Annual review of each one to begin in "
                        "April 2026."),
])
def test_a_no_or_partial_with_work_still_to_come(pid, comply, text):
    flag, why = verdict(text, pid, comply)
    assert not flag, why


@pytest.mark.parametrize("pid,comply,text", [
    ("5.15", "yes", "No contact restrictions were imposed last year; the policy requires any restriction to be "
                    "proportionate and reviewed."),
    ("8.1", "yes", "The report includes our self-assessment. The Ombudsman has made no findings of maladministration "
                   "against us."),
    ("6.19", "yes", "Final letters list the stage, the decision, the reasons, any actions still to be completed and "
                    "how to contact the Ombudsman."),
    ("4.3", "yes", "Members were told that every relevant officer completed the course, and the audit found no gaps."),
    ("6.20", "no", "Stage 2 replies are written by the complaints team alone. A new protocol with service sign-off is "
                   "due to go live in September."),
    ("4.3", "no", "Training was delivered to the repairs team in May, but the remaining teams have not been trained."),
    ("9.5", "no", "We are recruiting a Member Responsible for Complaints and expect to appoint in the new year."),
    ("5.12", "yes", "Every case file holds the complaint, its dates and all letters; 900 files checked in the spring "
                    "cleanse, none incomplete."),
    ("6.6", "yes", "We reply once the answer is known and then update you on anything still to be put right."),
    ("5.7", "partial", "New points raised after a reply are not always logged as a fresh complaint."),
    ("6.8", "no", "Further issues raised during an investigation are currently logged as separate complaints, even "
                  "when related."),
    ("2.2", "partial", "The policy lists the exclusions, such as cases where legal proceedings have started."),
    ("6.14", "yes", "Stage 2 target cut to 20 working days (previously 25 working days) at the policy review."),
    ("6.15", "yes", "The Director may extend by up to 20 working days and explains why in writing. Last year only "
                    "three cases needed more time."),
    ("8.3", "yes", "After the restructure the Board reviewed a new self-assessment, which confirmed that the change "
                   "had not affected compliance."),
    ("1.6", "yes", "Every satisfaction survey closes with a note explaining that survey comments are not treated as "
                   "complaints, and how to complain."),
    ("5.3", "yes", "The old three-stage route ended in 2022; with two stages now, no case for a third stage is "
                   "needed here."),
    ("6.15", "yes", "A director may extend stage 2 by no more than 20 working days, and the tenant panel's "
                    "review found the reasons are explained each time."),
    ("6.7", "yes", "Where a resident may bring a legal claim, a settlement is still offered where appropriate."),
    ("3.1", "yes", "Residents can complain by any route; most still phone, but every route is handled the same way."),
    ("9.5", "yes", "Councillor Ahmed is the Member Responsible for Complaints and has met the complaints team "
                   "quarterly since her appointment."),
])
def test_wording_that_agrees_with_the_claim(pid, comply, text):
    flag, why = verdict(text, pid, comply)
    assert not flag, why


def promised(text, pid="3.4"):
    out = analysed(text, pid)
    return [s for s in out["signals"] if s["kind"] == "commitment" and s["sub_kind"] in ("future", "ongoing")]


@pytest.mark.parametrize("text", [
    "RESOLVED: that the tenant handbook be rewritten in plain English.",
    "The Committee asked that the complaints leaflet be reissued with the Ombudsman's details.",
    "It was agreed that the complaints web page would be redesigned.",
    "Members agreed that officers would update the extension letter.",
])
def test_a_meetings_decision_about_work_to_come_is_a_commitment(text):
    assert promised(text), text


@pytest.mark.parametrize("text", [
    "Members noted that the leaflet was reissued in March.",
    "The Board agreed that the policy had been rewritten well.",
    "It was agreed that the complaint would be upheld.",
    "Members agreed that the report was clear.",
])
def test_a_decision_about_what_is_done_or_decided_is_not(text):
    assert not promised(text), text
