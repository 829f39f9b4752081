"""The demo plans' story as data: people, subgroups and strands, the actions and their ratings month by month, measures.

Grounded in real plans: one subgroup per area of significant weakness, each with a lead accountable for its
actions and a monthly report to the improvement board (Rotherham, 2021); short strand titles in the style of
Blackpool's four improvement strands (2022); actions led by the council, the ICB, community health, schools, the
college and the parent carer forum.
"""

from dataclasses import dataclass

from wsoa.roles import Role

COUNCIL = "Demo Borough Council"
ICB = "NHS Demo Integrated Care Board"
COMMUNITY_HEALTH = "Demo Community Health NHS Trust"
FORUM = "Demo Parent Carer Forum"
SCHOOLS = "Demo Schools Partnership"
COLLEGE = "Demo College"

# People beyond the five demo sign-ins: the other subgroup leads and the action leads.
PEOPLE = [
    ("helen.marsh", "Helen", "Marsh", "Head of Inclusion and SEN Support", COUNCIL, Role.SUBGROUP_LEAD),
    ("daniel.price", "Daniel", "Price", "Service Manager, Preparing for Adulthood", COUNCIL, Role.SUBGROUP_LEAD),
    ("kate.morris", "Kate", "Morris", "Head of Participation and Engagement", COUNCIL, Role.SUBGROUP_LEAD),
    ("aisha.khan", "Aisha", "Khan", "EHC Team Manager", COUNCIL, Role.OFFICER),
    ("gareth.lewis", "Gareth", "Lewis", "Designated Social Care Officer", COUNCIL, Role.OFFICER),
    ("mark.jennings", "Mark", "Jennings", "SENCO Network Lead", COUNCIL, Role.OFFICER),
    ("nadia.hussain", "Nadia", "Hussain", "Principal Educational Psychologist", COUNCIL, Role.OFFICER),
    ("emma.clarke", "Emma", "Clarke", "Children's Therapies Service Manager", COMMUNITY_HEALTH, Role.OFFICER),
    ("chris.walker", "Chris", "Walker", "Post-16 and Careers Lead", COUNCIL, Role.OFFICER),
    ("lucy.barnes", "Lucy", "Barnes", "Local Offer Officer", COUNCIL, Role.OFFICER),
]
JO, SAM = "officer", "lead"  # the demo sign-ins officer@ and lead@demo.example.org

# (number, subgroup, its lead, strand title); strand n answers the inspection's weakness n.
STRANDS = [
    (1, "EHC plans quality subgroup", SAM, "Quality of EHC plans and multi-agency advice"),
    (2, "Graduated response subgroup", "helen.marsh", "Graduated response and early identification"),
    (3, "Preparation for adulthood subgroup", "daniel.price", "Preparation for adulthood"),
    (4, "Communication and local offer subgroup", "kate.morris", "Communication, co-production and the local offer"),
]


@dataclass(frozen=True)
class DemoAction:
    """One action. Months count from the plan's first month (0); ``story`` gives the rating from a month on:
    (month, rating) or (month, rating, reason when it got worse). Blue means complete: updates stop there."""

    reference: str
    title: str
    lead: str  # a person's e-mail name, or "=Name as written" for a lead with no account
    organisation: str
    due: int | None  # month the action is due by (its last day); None for ongoing
    story: tuple
    success: str
    steps: tuple[str, ...]  # what was done, one every three months or so
    start: int = 0
    partners: str = ""
    owes_this_month: bool = False  # Jo's three actions still owing this month's update


ACTIONS = [
    # --- strand 1: quality of EHC plans -----------------------------------------------------------------------
    DemoAction(
        "1.1", "Introduce a multi-agency quality assurance framework for EHC plans, with monthly audits",
        "aisha.khan", COUNCIL, 4, ((0, "amber"), (2, "green"), (5, "blue")),
        "Framework agreed by education, health and social care; at least 20 plans audited each month.",
        ("Audit tool drafted with health and social care colleagues.",
         "First monthly audit of 20 plans completed; findings shared with EHC coordinators.",
         "Audit cycle embedded; moderation with the parent carer forum each quarter."),
        partners=f"{ICB}; {FORUM}",
    ),
    DemoAction(
        "1.2", "Deliver a rolling programme of outcomes training for EHC coordinators and SENCOs",
        JO, COUNCIL, 15, ((0, "green"),),
        "Every EHC coordinator trained; audits show 80% of outcomes are specific and measurable.",
        ("Training designed with the educational psychology service.",
         "Two cohorts of EHC coordinators trained; SENCO sessions booked.",
         "Refresher sessions running each term; audit results fed back into the training."),
    ),
    DemoAction(
        "1.3", "Agree a health advice template and a six-week return standard with health providers",
        "priya.shah", ICB, 5, ((0, "amber"), (3, "green"), (7, "blue")),
        "95% of health advice returned within six weeks, using the agreed template.",
        ("Template drafted with community paediatrics and therapies.",
         "Template in use; return times tracked weekly by the ICB.",
         "Six-week standard met for three months running."),
        partners=COMMUNITY_HEALTH,
    ),
    DemoAction(
        "1.4", "Clear the backlog of overdue annual reviews, starting with phase transfers",
        JO, COUNCIL, 13, ((0, "green"), (7, "amber", "Two EHC coordinator posts have been vacant since the spring; "
                                                     "agency cover is agreed from next month.")),
        "No annual review more than 12 months old; every phase transfer plan amended by 15 February.",
        ("Backlog of 240 overdue reviews listed by school and year group.",
         "Phase transfer reviews completed on time; backlog down to 150.",
         "Backlog reduction slowed by vacancies; schools asked to hold reviews in the first half of term.",
         "Agency coordinators started; weekly backlog figures reported to the subgroup."),
        owes_this_month=True,
    ),
    DemoAction(
        "1.5", "Include social care advice in every EHC needs assessment for a child known to social care",
        "gareth.lewis", COUNCIL, 13, ((0, "amber"), (4, "green")),
        "Social care advice in 100% of assessments for children known to social care.",
        ("Social care advice request added to the assessment workflow.",
         "Practice guidance issued to social workers; advice rate up to 70%.",
         "Advice rate above 90% for two months; quality checked in the monthly audit."),
    ),
    DemoAction(
        "1.6", "Publish a new EHC plan template co-produced with the parent carer forum",
        JO, COUNCIL, 5, ((0, "green"), (4, "blue")),
        "Template published and used for every new plan; families say the plan describes their child.",
        ("Three co-production workshops held with families.",
         "Template tested on ten new plans; changes agreed with the forum."),
        partners=FORUM,
    ),
    DemoAction(
        "1.7", "Restore the 20-week timescale for issuing new EHC plans",
        JO, COUNCIL, 12,
        ((0, "amber"), (2, "red", "Requests for assessment rose by a third while two coordinators left; "
                                  "20-week performance fell to 31%."),
         (5, "amber"), (8, "green")),
        "90% of new EHC plans issued within 20 weeks.",
        ("Weekly tracking of every assessment against the 20-week timeline.",
         "Temporary coordinators recruited; panel meets weekly instead of fortnightly.",
         "20-week performance back above 60%.",
         "20-week performance above 80% for two months."),
    ),
    DemoAction(
        "1.8", "Set up a joint EHC panel with health and social care decision makers",
        SAM, COUNCIL, 3, ((0, "green"), (3, "blue")),
        "Panel meets weekly with education, health and social care members; decisions recorded with reasons.",
        ("Terms of reference agreed by the council and the ICB.",),
        partners=ICB,
    ),
    # --- strand 2: graduated response -------------------------------------------------------------------------
    DemoAction(
        "2.1", "Publish an 'ordinarily available provision' guide for early years settings and schools",
        "helen.marsh", COUNCIL, 4, ((0, "green"), (5, "blue")),
        "Guide published; 90% of primary schools say they use it when planning SEN support.",
        ("Guide drafted with headteachers and SENCOs.",
         "Guide published and launched at the SENCO network."),
        partners=SCHOOLS,
    ),
    DemoAction(
        "2.2", "Train SENCOs in key stages 1 and 2 in the graduated response, with termly network meetings",
        "mark.jennings", COUNCIL, None, ((0, "green"),),
        "Every primary SENCO attends at least two network meetings a year.",
        ("Autumn network meetings held in each locality.",
         "Spring training on assess, plan, do, review delivered to 58 SENCOs.",
         "Summer network focused on transition to year 7.",
         "New SENCO induction added to the programme."),
        partners=SCHOOLS,
    ),
    DemoAction(
        "2.3", "Open an advice line for schools with educational psychologists and specialist teachers",
        "nadia.hussain", COUNCIL, 10, ((0, "amber"), (3, "green"), (10, "blue")),
        "Every school can get advice within five working days before requesting an assessment.",
        ("Rota of educational psychologists and specialist teachers agreed.",
         "Advice line open three days a week; 40 calls in its first month.",
         "Advice line open every weekday; response within five working days."),
    ),
    DemoAction(
        "2.4", "Reduce waiting times for speech and language therapy assessments for primary-age children",
        "emma.clarke", COMMUNITY_HEALTH, 12,
        ((0, "green"), (5, "amber", "Three therapist vacancies; the waiting list has grown for two months."),
         (9, "red", "Referrals are up 30% on last year and recruitment has failed twice; children wait "
                    "26 weeks on average.")),
        "No child waits more than 18 weeks for a speech and language therapy assessment.",
        ("Waiting list validated; children prioritised by need.",
         "Drop-in advice sessions for families while they wait.",
         "Recruitment campaign for therapists; agency therapists sought.",
         "ICB agreed extra funding for a waiting list initiative."),
        partners=ICB,
    ),
    DemoAction(
        "2.5", "Audit SEN support plans in 20 primary schools against the ordinarily available guide",
        "=Headteacher representative, Demo Schools Partnership", SCHOOLS, 10,
        ((0, "green"), (6, "amber", "Audit visits paused during the summer term; eight schools still to visit.")),
        "20 schools audited; each has an action plan for SEN support.",
        ("Audit framework agreed with headteachers.",
         "Twelve schools audited; common themes shared with the SENCO network.",
         "Remaining visits booked for the autumn term."),
    ),
    DemoAction(
        "2.6", "Pilot inclusion funding for pupils on SEN support in two school clusters",
        "helen.marsh", COUNCIL, 15, ((3, "amber"), (6, "green")),
        "Pilot evaluated; fewer requests for assessment from the pilot clusters than from others.",
        ("Funding model agreed with the schools forum.",
         "Two clusters started the pilot.",
         "Interim evaluation shows fewer requests for assessment."),
        start=3, partners=SCHOOLS,
    ),
    DemoAction(
        "2.7", "Introduce a neurodevelopmental pathway with support in school before and after diagnosis",
        "priya.shah", ICB, 18,
        ((0, "amber"), (3, "red", "Provider contract not yet agreed; the pathway cannot start on time."),
         (6, "amber"), (9, "green")),
        "Support in school offered to every child referred, before diagnosis; waiting time for assessment halved.",
        ("Pathway designed with paediatrics, CAMHS and schools.",
         "Contract negotiations with the provider escalated to the ICB board.",
         "Contract agreed; pathway launched in two localities.",
         "Pathway live in every locality."),
        partners=f"{COMMUNITY_HEALTH}; {SCHOOLS}",
    ),
    # --- strand 3: preparation for adulthood ------------------------------------------------------------------
    DemoAction(
        "3.1", "Include preparing-for-adulthood outcomes in every annual review from year 9",
        "chris.walker", COUNCIL, 11, ((0, "amber"), (4, "green")),
        "95% of year 9+ annual reviews have outcomes for employment, independent living, friendships and health.",
        ("Annual review paperwork changed to include the four adulthood outcomes.",
         "Training for secondary SENCOs delivered.",
         "Audit shows 74% of year 9+ reviews meet the standard."),
    ),
    DemoAction(
        "3.2", "Agree a transitions protocol between children's and adult social care and health",
        "daniel.price", COUNCIL, 6,
        ((0, "green"), (6, "amber", "Adult social care sign-off moved to the next board; protocol not yet live."),
         (8, "blue")),
        "Protocol signed by all partners; every young person known to social care has a plan at 16.",
        ("Protocol drafted with adult social care and the ICB.",
         "Consultation with young people and families completed.",
         "Protocol signed off and published."),
        partners=ICB,
    ),
    DemoAction(
        "3.3", "Develop supported internships with local employers",
        "chris.walker", COUNCIL, 12, ((0, "green"),),
        "At least 15 supported internship places a year; 60% of interns move into paid work.",
        ("Employer forum set up with the chamber of commerce.",
         "Eight placements agreed with the council and the hospital trust.",
         "Fifteen places confirmed for September."),
        partners=COLLEGE,
    ),
    DemoAction(
        "3.4", "Expand post-16 provision at Demo College for young people with complex needs",
        "=Principal, Demo College", COLLEGE, 18, ((2, "amber"), (7, "green")),
        "24 more local places; fewer young people placed out of the borough at 16.",
        ("Building works for the new base approved.",
         "Staff recruited; curriculum agreed with the SEND team.",
         "First twelve students started."),
        start=2,
    ),
    DemoAction(
        "3.5", "Offer every young person with an EHC plan a health transition plan from age 14",
        "priya.shah", ICB, 15,
        ((0, "green"), (4, "amber", "Annual health checks for 14-year-olds are below plan in three GP practices."),
         (8, "red", "GP capacity problems mean only 38% of 14+ health checks are done; the plan needs a new "
                    "approach.")),
        "80% of young people aged 14+ with an EHC plan have an annual health check and a health transition plan.",
        ("Register of young people aged 14+ shared with GP practices.",
         "Health check reminders sent to families.",
         "Learning disability nurses asked to run clinics in schools."),
        partners=COMMUNITY_HEALTH,
    ),
    DemoAction(
        "3.6", "Publish a preparing-for-adulthood pathway on the local offer, co-produced with young people",
        "daniel.price", COUNCIL, 10, ((0, "amber"), (3, "green"), (11, "blue")),
        "Pathway published; young people's forum says it is easy to follow.",
        ("Young people's forum agreed the pathway's headings.",
         "Draft pathway tested with two sixth forms.",
         "Easy read version produced.",
         "Pathway published on the local offer."),
    ),
    DemoAction(
        "3.7", "Set up a young people's SEND forum to review the plan's progress",
        "kate.morris", COUNCIL, 4, ((0, "green"), (4, "blue")),
        "Forum meets monthly; its views are reported to every improvement board.",
        ("Twelve young people recruited with the youth service.",),
    ),
    # --- strand 4: communication and the local offer -----------------------------------------------------------
    DemoAction(
        "4.1", "Rebuild the local offer website with families, meeting the accessibility regulations",
        "lucy.barnes", COUNCIL, 9,
        ((0, "green"), (3, "amber", "The supplier has delayed the build by six weeks."),
         (5, "red", "Launch date missed; the supplier contract issue is escalated to the board."),
         (7, "amber"), (9, "green"), (11, "blue")),
        "New site live; accessibility audit passed; visits up by 50%.",
        ("Families tested the old site and listed what was hard to find.",
         "Supplier building the new site.",
         "Contract issue resolved with the supplier.",
         "Accessibility audit passed; site launched."),
        partners=FORUM,
    ),
    DemoAction(
        "4.2", "Agree a co-production charter with the parent carer forum and use it on every strand",
        "=Co-chairs, Demo Parent Carer Forum", FORUM, 3, ((0, "green"), (3, "blue")),
        "Charter signed by all partners; every subgroup has parent carer members.",
        ("Charter drafted at two forum meetings.",),
    ),
    DemoAction(
        "4.3", "Send families a named contact and a 'what happens next' letter at each stage of an assessment",
        JO, COUNCIL, 12, ((0, "amber"), (4, "green")),
        "Every family has a named contact; complaints about communication halve.",
        ("Letters drafted with the parent carer forum.",
         "Named contact added to the case management system.",
         "Letters in use at every stage; complaints falling."),
        partners=FORUM, owes_this_month=True,
    ),
    DemoAction(
        "4.4", "Publish a SEND newsletter for parents and carers every quarter, in print and online",
        "lucy.barnes", COUNCIL, None, ((0, "green"),),
        "Newsletter published every quarter; read by at least 1,500 families.",
        ("First newsletter sent to 2,300 families.",
         "Second issue focused on the local offer.",
         "Third issue included 'You said, we did'."),
    ),
    DemoAction(
        "4.5", "Publish a monthly 'You said, we did' update on the local offer",
        JO, COUNCIL, None, ((0, "green"),),
        "An update every month, answering what families raised at listening events.",
        ("First update published after the listening events.",
         "Updates published monthly; shared by schools.",
         "Updates now include the subgroups' spotlight reports."),
        owes_this_month=True,
    ),
    DemoAction(
        "4.6", "Run listening events for parents and carers in each locality every term",
        "kate.morris", COUNCIL, None,
        ((0, "green"), (7, "amber", "Autumn events were poorly attended; venues and times are being changed with "
                                    "the forum.")),
        "Three events a term; families say they were listened to.",
        ("Spring events held in all four localities.",
         "Summer events held online and in person.",
         "Autumn events moved to school pick-up times."),
        partners=FORUM,
    ),
    DemoAction(
        "4.7", "Train front-line staff in every partner in communicating with families",
        "kate.morris", COUNCIL, 12, ((4, "amber"), (7, "green")),
        "600 staff trained across the council, health and schools.",
        ("Training designed with the parent carer forum.",
         "First 150 staff trained.",
         "Training added to every partner's induction."),
        start=4, partners=f"{ICB}; {SCHOOLS}",
    ),
    DemoAction(
        "4.8", "Publish information for families in community languages and easy read",
        "lucy.barnes", COUNCIL, 18, (),
        "The twenty most-read local offer pages available in the five main community languages and easy read.",
        ("Translation supplier chosen.",),
        start=13,
    ),
]

@dataclass(frozen=True)
class DemoMeasure:
    """An impact measure and the value its readings move to from the baseline (the last reading's)."""

    name: str
    unit: str
    baseline: int
    target: int
    direction: str
    last: int
    source: str
    frequency: str = "monthly"


SYNERGY = "Synergy case management, monthly extract"
# Two or three per strand: read monthly up to last month, or each quarter that has ended.
MEASURES = {
    1: [
        DemoMeasure("EHC needs assessments completed within 20 weeks", "%", 35, 60, "higher", 41, SYNERGY),
        DemoMeasure("Average days from request to EHC plan", "days", 215, 140, "lower", 182, SYNERGY),
        DemoMeasure("EHC plans audited as good or better", "%", 42, 80, "higher", 68,
                    "Multi-agency audit, quarterly", "quarterly"),
    ],
    2: [
        DemoMeasure("Requests for assessment showing the graduated response was followed", "%", 55, 90, "higher",
                    79, "Assessment panel records"),
        DemoMeasure("Children waiting over 18 weeks for a speech and language therapy assessment", "children",
                    212, 50, "lower", 264, "Community health waiting list report"),
    ],
    3: [
        DemoMeasure("Annual reviews completed on time", "%", 48, 90, "higher", 71, "Annual review tracker, quarterly",
                    "quarterly"),
        DemoMeasure("Year 9+ annual reviews with preparing-for-adulthood outcomes", "%", 31, 95, "higher", 74,
                    "Annual review audit"),
        DemoMeasure("Young people with EHC plans aged 16 to 25 in education, employment or training", "%", 82, 90,
                    "higher", 86, "Post-16 tracking"),
    ],
    4: [
        DemoMeasure("Visits to the local offer website", "visits a month", 2100, 4000, "higher", 3650,
                    "Website analytics"),
        DemoMeasure("Parents and carers who know where to find information", "%", 34, 65, "higher", 51,
                    "Parent carer forum pulse survey"),
    ],
}
LINES = {
    "green": (
        "On track: reported to the subgroup and no risks raised.",
        "This month's milestones met; next steps agreed at the subgroup.",
        "On track. Parent carer forum members reviewed progress at the subgroup.",
        "Progress checked at the monthly subgroup meeting; still on track.",
    ),
    "amber": (
        "Some slippage: a recovery plan was agreed at the subgroup.",
        "Slower than planned; the lead reports to the subgroup chair every fortnight.",
        "Partly on track; the risk is on the improvement plan's risk register.",
    ),
    "red": (
        "Off track: escalated to the SEND Improvement Board, which agreed extra capacity.",
        "Significant risk to the due date; the subgroup chair meets the partners weekly.",
    ),
    "blue": ("Complete: the subgroup has seen the evidence and signed the action off.",),
}
