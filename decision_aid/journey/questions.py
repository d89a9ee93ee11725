"""The questions a patient is asked: labels, hints and choices, written once.

Forms, the check-answers page, the summaries and the PDFs all read these definitions, so a
question is worded the same everywhere. Answer keys are stable identifiers (they are stored).
"""

from __future__ import annotations

from dataclasses import dataclass

DONT_KNOW = ("unknown", "I don't know")
WHERE_TO_FIND = "Your clinic letter may say this. Your breast care nurse can tell you too."


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    hint: str = ""


def choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(v, label) for v, label in pairs)


MARKER_CHOICES = choices(("positive", "Positive"), ("negative", "Negative"), DONT_KNOW)
GENE_CHOICES = choices(("positive", "Yes"), ("negative", "No"), DONT_KNOW)


@dataclass(frozen=True)
class MarkerQuestion:
    key: str
    label: str
    hint: str
    choices: tuple[Choice, ...] = MARKER_CHOICES


MARKER_QUESTIONS = (
    MarkerQuestion(
        "er",
        "Is your cancer ER positive?",
        "ER positive means the cancer uses the hormone oestrogen to grow. It may be written as "
        "ER+ or ‘oestrogen receptor positive’.",
    ),
    MarkerQuestion(
        "pr",
        "Is your cancer PR positive?",
        "PR positive means the cancer uses the hormone progesterone to grow. It may be written "
        "as PR+.",
    ),
    MarkerQuestion(
        "her2",
        "Is your cancer HER2 positive?",
        "HER2 is a protein on some cancer cells. HER2 positive cancer has a lot of it. It may be "
        "written as HER2+ or HER2 3+.",
    ),
    MarkerQuestion(
        "pdl1",
        "Is your cancer PD-L1 positive?",
        "PD-L1 is a protein that helps cancer hide from the immune system. It is usually only "
        "tested in triple negative breast cancer.",
    ),
    MarkerQuestion(
        "brca",
        "Do you have a change in a BRCA gene?",
        "BRCA1 and BRCA2 are genes. A change (mutation) in one of them can be found by a blood "
        "test. It may run in families.",
        GENE_CHOICES,
    ),
    MarkerQuestion(
        "pik3ca",
        "Does your cancer have a change in the PIK3CA gene?",
        "PIK3CA is a gene in the cancer cells. A test on a sample of the cancer can find a "
        "change in it.",
        GENE_CHOICES,
    ),
)

MENOPAUSE_CHOICES = (
    Choice("pre", "No, I still have periods, or had them until recently"),
    Choice("post", "Yes, my periods have stopped for good"),
    Choice("not_applicable", "This does not apply to me", "For example, if you are a man."),
    Choice(*DONT_KNOW),
)

SPREAD_CHOICES = choices(
    ("bone", "Bones"),
    ("brain", "Brain"),
    ("liver", "Liver"),
    ("lung", "Lungs"),
    ("skin", "Skin"),
    ("lymph_nodes", "Lymph nodes (small glands, for example in the armpit or neck)"),
    ("other", "Somewhere else"),
)
PROBLEM_CHOICES = choices(
    ("weakened_bone", "A bone weakened by the cancer"),
    ("spinal_cord_compression", "Pressure on the spinal cord (the nerves in the backbone)"),
    ("single_brain_tumour", "A single area of cancer in the brain"),
    ("liver_one_area", "Cancer in just one area of the liver"),
    ("fluid_on_lung", "Fluid around a lung, making it hard to breathe"),
    ("skin_wound", "A wound caused by the cancer"),
    ("high_calcium", "A high level of calcium in the blood"),
    ("limited_spread_good_response", "Only a little spread, which has shrunk well with treatment"),
)
PREVIOUS_CHOICES = choices(
    ("hormonal_therapy", "Hormone therapy, such as letrozole, anastrozole or tamoxifen"),
    ("cdk46_inhibitor", "A CDK4/6 inhibitor: palbociclib, ribociclib or abemaciclib"),
    ("chemotherapy_for_secondary", "Chemotherapy for secondary breast cancer"),
    ("her2_targeted_therapy", "A HER2 targeted drug, such as trastuzumab (Herceptin)"),
)
NONE_OF_THESE = "none"

IMPORTANCE_CHOICES = choices(
    ("not_at_all", "Not at all"),
    ("a_little", "A little"),
    ("quite_a_lot", "Quite a lot"),
    ("very_much", "Very much"),
)
IMPORTANT = ("quite_a_lot", "very_much")


@dataclass(frozen=True)
class MattersItem:
    key: str
    label: str
    side_effect_tag: str = ""  # the catalogue's matters tag it links to


MATTERS_ITEMS = (
    MattersItem("fewer_visits", "Having fewer hospital visits"),
    MattersItem("less_travel", "Spending less time travelling"),
    MattersItem("tablets_at_home", "Taking tablets at home rather than having a drip"),
    MattersItem("avoid_hair_loss", "Avoiding hair loss", "hair_loss"),
    MattersItem("avoid_feeling_sick", "Avoiding feeling sick", "feeling_sick"),
    MattersItem("keep_energy", "Keeping my energy for things I enjoy", "energy"),
    MattersItem("work_or_caring", "Keeping working, or caring for others", "work_caring"),
    MattersItem("live_longer", "Living as long as possible"),
    MattersItem("control_symptoms", "Controlling my symptoms, such as pain"),
    MattersItem("fewer_tests", "Having fewer tests and scans", "tests"),
    MattersItem("family_time", "Time with family and friends", "family_time"),
)
FREE_TEXT_LIMIT = 2000

TRAVEL_CHOICES = choices(
    ("car", "I drive myself"),
    ("lift", "Someone gives me a lift"),
    ("public_transport", "Bus, train or other public transport"),
    ("hospital_transport", "Hospital transport"),
)
JOURNEY_HARD_CHOICES = choices(
    ("no", "No"),
    ("sometimes", "Sometimes"),
    ("yes", "Yes, it is hard"),
)

LEANING_CHOICES = (
    Choice("one", "Towards one option"),
    Choice("some", "Between some options"),
    Choice("no_treatment", "Towards no cancer treatment, with care for my symptoms"),
    Choice("not_sure", "I am not sure yet"),
)
# The SURE test (Légaré et al.): four yes/no questions; a score of 3 or less flags uncertainty.
SURE_QUESTIONS = (
    ("sure_sure", "Do you feel sure about the best choice for you?"),
    ("sure_understand", "Do you know the benefits and risks of each option?"),
    ("sure_risk_benefit", "Are you clear about which benefits and risks matter most to you?"),
    ("sure_encouragement", "Do you have enough support and advice to make a choice?"),
)
YES_NO = choices(("yes", "Yes"), ("no", "No"))
DECIDE_HOW_CHOICES = choices(
    ("myself", "I would like to decide myself, after hearing what my team thinks"),
    ("together", "I would like to decide together with my team"),
    ("team", "I would like my team to decide for me"),
)
SURVIVAL_TALK_CHOICES = choices(
    ("as_much_as_possible", "As much as possible"),
    ("main_points", "Just the main points"),
    ("not_now", "I do not want to talk about this now"),
    ("not_sure", "I am not sure"),
)
WOULD_HELP_CHOICES = choices(
    ("more_information", "More information"),
    ("talk_to_nurse", "Talking to my breast care nurse"),
    ("talk_to_family", "Talking to my family or friends"),
    ("talk_to_doctor", "Talking to my doctor"),
    ("more_time", "More time to think"),
)
KNOWLEDGE_CHOICES = choices(("true", "True"), ("false", "False"), ("not_sure", "I'm not sure"))
