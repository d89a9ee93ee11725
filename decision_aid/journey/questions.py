"""The questions a patient is asked: labels, hints and choices, written once.

Forms, the check-answers page, the summaries and the PDFs all read these definitions, so a
question is worded the same everywhere. Answer keys are stable identifiers (they are stored).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

DONT_KNOW = ("unknown", _("I don't know"))


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    hint: str = ""


def choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(v, label) for v, label in pairs)


MARKER_CHOICES = choices(("positive", _("Positive")), ("negative", _("Negative")), DONT_KNOW)
GENE_CHOICES = choices(("positive", _("Yes")), ("negative", _("No")), DONT_KNOW)


@dataclass(frozen=True)
class Question:
    """A one-choice question of "About your cancer": its key is a profile contract key."""

    key: str
    label: str
    hint: str
    choices: tuple[Choice, ...] = MARKER_CHOICES


MARKER_QUESTIONS = (
    Question(
        "er",
        _("Is your cancer ER positive?"),
        _("This means the cancer uses the hormone oestrogen to grow. It may be written as ER+."),
    ),
    Question(
        "pr",
        _("Is your cancer PR positive?"),
        _("This means the cancer uses the hormone progesterone to grow."),
    ),
    Question(
        "her2",
        _("Is your cancer HER2 positive?"),
        _(
            "HER2 is a protein on some cancer cells. HER2 3+ is positive. HER2 2+ is positive "
            "only if a second test (ISH or FISH) is positive too. HER2 1+, or 2+ with a negative "
            "second test, is negative (it may be called HER2-low)."
        ),
    ),
    Question(
        "pdl1",
        _("Is your cancer PD-L1 positive?"),
        _(
            "PD-L1 is a protein that helps cancer hide from the immune system. It is usually only "
            "tested in triple negative breast cancer."
        ),
    ),
    Question(
        "brca",
        _("Do you have a change in a BRCA gene?"),
        _(
            "BRCA1 and BRCA2 are genes. A change (mutation) in one of them can be found by a blood "
            "test. It may run in families."
        ),
        GENE_CHOICES,
    ),
    Question(
        "pik3ca",
        _("Does your cancer have a change in the PIK3CA gene?"),
        _(
            "PIK3CA is a gene in the cancer cells. A test on a sample of the cancer can find a "
            "change in it."
        ),
        GENE_CHOICES,
    ),
    Question(
        "akt1_pten",
        _("Does your cancer have a change in the AKT1 or PTEN gene?"),
        _(
            "AKT1 and PTEN are genes in the cancer cells. They are often tested at the same "
            "time as PIK3CA."
        ),
        GENE_CHOICES,
    ),
    Question(
        "esr1",
        _("Does your cancer have a change in the ESR1 gene?"),
        _(
            "ESR1 is the gene for the oestrogen receptor. A change in it can appear after "
            "hormone therapy. A blood test finds it."
        ),
        GENE_CHOICES,
    ),
)
# Follow-up questions for two markers: shown after the marker, optional (blank means unknown).
BRCA_TYPE_CHOICES = (
    Choice("inherited", _("I was born with it (it was found by a blood test)")),
    Choice("tumour_only", _("It was found only in the cancer")),
    Choice(*DONT_KNOW),
)
PDL1_TEST_CHOICES = (
    Choice("sp142", _("The test for atezolizumab"), _("Called SP142. Positive means 1% or more.")),
    Choice(
        "cps10",
        _("The test for pembrolizumab"),
        _("Called 22C3. Positive means a score (CPS) of 10 or more."),
    ),
    Choice("both", _("Both tests")),
    Choice(*DONT_KNOW),
)


COUNT_CHOICES = choices(
    ("none", _("None")), ("one", _("One")), ("two_or_more", _("Two or more")), DONT_KNOW
)
YES_NO_DONT_KNOW = choices(("yes", _("Yes")), ("no", _("No")), DONT_KNOW)
HISTORY_QUESTIONS = (
    Question(
        "hormone_for_secondary",
        _("Since the cancer spread, have you had hormone therapy?"),
        "",
        (
            Choice(
                "with_ai",
                _("Yes, including an aromatase inhibitor"),
                _("Anastrozole, letrozole or exemestane."),
            ),
            Choice(
                "without_ai",
                _("Yes, but not an aromatase inhibitor"),
                _("For example, tamoxifen or fulvestrant only."),
            ),
            Choice("none", _("No")),
            Choice(*DONT_KNOW),
        ),
    ),
    Question(
        "cdk46_for_secondary",
        _("Since the cancer spread, have you had a CDK4/6 inhibitor?"),
        _("Palbociclib (Ibrance), ribociclib (Kisqali) or abemaciclib (Verzenios)."),
        (
            Choice(
                "12_months_or_more",
                _("Yes, and it kept the cancer under control for 12 months or more"),
            ),
            Choice(
                "under_12_months",
                _("Yes, and the cancer grew again within 12 months"),
            ),
            Choice("yes_length_unknown", _("Yes, but I am not sure for how long it worked")),
            Choice("none", _("No")),
            Choice(*DONT_KNOW),
        ),
    ),
    Question(
        "chemo_for_secondary",
        _("Since the cancer spread, how many different chemotherapy treatments have you had?"),
        _("A new drug, or a new mix of drugs, counts as a new treatment."),
        COUNT_CHOICES,
    ),
    Question(
        "her2_for_secondary",
        _("Since the cancer spread, how many HER2 targeted treatments have you had?"),
        _(
            "For example Herceptin, Phesgo, Kadcyla or Enhertu. Choose ‘None’ if your cancer is "
            "HER2 negative."
        ),
        COUNT_CHOICES,
    ),
    Question(
        "anthracycline_ever",
        _("Have you ever had an anthracycline chemotherapy?"),
        _(
            "Epirubicin or doxorubicin. They are in ‘EC’ and ‘FEC’ chemotherapy. Count "
            "treatment before the cancer spread too."
        ),
        YES_NO_DONT_KNOW,
    ),
    Question(
        "taxane_ever",
        _("Have you ever had a taxane chemotherapy?"),
        _("Docetaxel or paclitaxel. Count treatment before the cancer spread too."),
        YES_NO_DONT_KNOW,
    ),
)

MENOPAUSE_CHOICES = (
    Choice("pre", _("No, I still have periods, or had them until recently")),
    Choice("post", _("Yes, my periods have stopped for good")),
    Choice("not_applicable", _("This does not apply to me"), _("For example, if you are a man.")),
    Choice(*DONT_KNOW),
)

SPREAD_CHOICES = choices(
    ("bone", _("Bones")),
    ("brain", _("Brain")),
    ("liver", _("Liver")),
    ("lung", _("Lungs")),
    ("skin", _("Skin")),
    ("lymph_nodes", _("Lymph nodes (small glands, for example in the armpit or neck)")),
    ("other", _("Somewhere else")),
)
PROBLEM_CHOICES = choices(
    ("weakened_bone", _("A bone weakened by the cancer")),
    ("spinal_cord_compression", _("Pressure on the spinal cord (the nerves in the backbone)")),
    ("single_brain_tumour", _("A single area of cancer in the brain")),
    ("liver_one_area", _("Cancer in just one area of the liver")),
    ("fluid_on_lung", _("Fluid around a lung, making it hard to breathe")),
    ("skin_wound", _("A wound caused by the cancer")),
    ("high_calcium", _("A high level of calcium in the blood")),
    (
        "limited_spread_good_response",
        _("Only a little spread, which has shrunk well with treatment"),
    ),
)
PREVIOUS_CHOICES = choices(
    ("hormonal_therapy", _("Hormone therapy, such as letrozole, anastrozole or tamoxifen")),
    ("cdk46_inhibitor", _("A CDK4/6 inhibitor: palbociclib, ribociclib or abemaciclib")),
    ("chemotherapy_for_secondary", _("Chemotherapy for secondary breast cancer")),
    ("her2_targeted_therapy", _("A HER2 targeted drug, such as trastuzumab (Herceptin)")),
)
NONE_OF_THESE = "none"

IMPORTANCE_CHOICES = choices(
    ("not_at_all", _("Not at all")),
    ("a_little", _("A little")),
    ("quite_a_lot", _("Quite a lot")),
    ("very_much", _("Very much")),
)
IMPORTANT = ("quite_a_lot", "very_much")
# Issue 15 item 4: one trade-off, length of life against quality of life and time at home.
TRADE_OFF_CHOICES = (
    Choice("longer", _("Treatment that may help me live longer, even if it is harder to have")),
    Choice(
        "quality",
        _("Feeling as well as I can, with more time at home, even if I may not live as long"),
    ),
    Choice("both", _("Both matter to me the same")),
    Choice("unsure", _("I am not sure")),
)


@dataclass(frozen=True)
class MattersItem:
    key: str
    label: str
    side_effect_tag: str = ""  # the catalogue's matters tag it links to


MATTERS_ITEMS = (
    MattersItem("fewer_visits", _("Having fewer hospital visits")),
    MattersItem("less_travel", _("Spending less time travelling")),
    MattersItem("tablets_at_home", _("Taking tablets at home rather than having a drip")),
    MattersItem("avoid_hair_loss", _("Avoiding hair loss"), "hair_loss"),
    MattersItem("avoid_feeling_sick", _("Avoiding feeling sick"), "feeling_sick"),
    MattersItem("keep_energy", _("Keeping my energy for things I enjoy"), "energy"),
    MattersItem("work_or_caring", _("Keeping working, or caring for others"), "work_caring"),
    MattersItem("live_longer", _("Living as long as possible")),
    MattersItem("control_symptoms", _("Controlling my symptoms, such as pain")),
    MattersItem("fewer_tests", _("Having fewer tests and scans"), "tests"),
    MattersItem("family_time", _("Time with family and friends"), "family_time"),
)
FREE_TEXT_LIMIT = 2000

TRAVEL_CHOICES = choices(
    ("car", _("I drive myself")),
    ("lift", _("Someone gives me a lift")),
    ("public_transport", _("Bus, train or other public transport")),
    ("hospital_transport", _("Hospital transport")),
)
JOURNEY_HARD_CHOICES = choices(
    ("no", _("No")),
    ("sometimes", _("Sometimes")),
    ("yes", _("Yes, it is hard")),
)

LEANING_CHOICES = (
    Choice("one", _("Towards one option")),
    Choice("some", _("Between some options")),
    Choice("no_treatment", _("Towards no cancer treatment, with care for my symptoms")),
    Choice("not_sure", _("I am not sure yet")),
)
# The SURE test (Légaré et al.): four yes/no questions; a score of 3 or less flags uncertainty.
SURE_QUESTIONS = (
    ("sure_sure", _("Do you feel sure about the best choice for you?")),
    ("sure_understand", _("Do you know the benefits and risks of each option?")),
    ("sure_risk_benefit", _("Are you clear about which benefits and risks matter most to you?")),
    ("sure_encouragement", _("Do you have enough support and advice to make a choice?")),
)
YES_NO = choices(("yes", _("Yes")), ("no", _("No")))
DECIDE_HOW_CHOICES = choices(
    ("myself", _("I would like to decide myself, after hearing what my team thinks")),
    ("together", _("I would like to decide together with my team")),
    ("team", _("I would like my team to decide for me")),
)
SURVIVAL_TALK_CHOICES = choices(
    ("as_much_as_possible", _("As much as possible")),
    ("main_points", _("Just the main points")),
    ("not_now", _("I do not want to talk about this now")),
    ("not_sure", _("I am not sure")),
)
WOULD_HELP_CHOICES = choices(
    ("more_information", _("More information")),
    ("talk_to_nurse", _("Talking to my breast care nurse")),
    ("talk_to_family", _("Talking to my family or friends")),
    ("talk_to_doctor", _("Talking to my doctor")),
    ("more_time", _("More time to think")),
)
KNOWLEDGE_CHOICES = choices(
    ("true", _("True")), ("false", _("False")), ("not_sure", _("I'm not sure"))
)
