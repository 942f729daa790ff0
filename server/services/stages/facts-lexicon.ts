// Word lists and patterns the rule-based fact extractor (facts.ts) classifies with.

const set = (list: string) => new Set(list.split(/[ |]/));
export const STOPWORDS = set(
  "a an the this that these those there here it its he she they we i you his her their our my your me him them us who " +
    "whom whose which what when where why how and or but nor so yet if then than as at by for from in into of on onto to " +
    "with without within about above after before below between during since until upon via over under again also however " +
    "meanwhile moreover furthermore therefore thus hence still today yesterday tomorrow now later finally first second " +
    "third next last many most some several each every all both any no not yes one two three other another such while " +
    "although though because unless whether once like unlike according despite following including see note contact " +
    "please use read visit click check call email",
);
export const NON_ENTITY = set(
  "january february march april may june july august september october november december monday tuesday wednesday " +
    "thursday friday saturday sunday ok am pm id faq todo tbd etc eg ie",
);
export const HONORIFICS = set("mr mrs ms miss dr prof professor sir dame lady lord");
export const ROLES = set(
  "ceo cto cfo coo founder co-founder director engineer researcher professor scientist manager employee member " +
    "president chairman chair head lead developer analyst consultant fellow student lecturer partner advisor intern",
);
export const ORG_SUFFIXES = set(
  "inc corp corporation co company ltd llc plc gmbh ag sa bv nv group holdings university institute college foundation " +
    "association agency bank labs laboratory laboratories society council committee ministry department hospital school " +
    "academy navy army",
);
export const ORG_PREFIXES = set("university institute college bank ministry department school academy");
export const LOC_SUFFIXES = set(
  "city river street st road avenue ave boulevard lane square park lake mountain mountains island islands county " +
    "province valley bay sea ocean bridge",
);
export const LOC_PREFIXES = set("lake mount mt cape port fort san santa");
// Multi-word places use "_" here and are compared with spaces.
export const PLACES = new Set(
  [
    ...set(
      "united_states usa united_kingdom uk england scotland wales ireland france germany italy spain portugal netherlands " +
        "belgium switzerland austria poland sweden norway denmark finland russia ukraine china japan india korea " +
        "south_korea canada mexico brazil argentina australia new_zealand egypt nigeria kenya south_africa israel turkey " +
        "europe asia africa america north_america south_america london paris berlin madrid rome amsterdam vienna " +
        "new_york los_angeles san_francisco chicago boston seattle tokyo beijing shanghai singapore sydney toronto munich " +
        "zurich dublin edinburgh cambridge oxford geneva brussels stockholm moscow delhi mumbai silicon_valley",
    ),
  ].map((place) => place.replace(/_/g, " ")),
);
export const CONCEPT_WORDS = set(
  "learning data system systems service services engine network networks model models language theory analysis " +
    "management project protocol platform cloud intelligence science engineering research design report act law war " +
    "day award prize program programme product software framework database api machine computing",
);
export const PARTICLES = set("van von de der den da di du del la le");
export const CONNECTORS = new Set([...PARTICLES, "of", "the", "&", "y"]);
export const ABBREVIATIONS = set("inc corp co ltd st jr sr vs etc no fig approx dept est mt gen col sgt");
export const MONTH =
  "(?:January|February|March|April|May|June|July|August|September|October|November|December|" +
  "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)";
export const SPECIAL: Array<[RegExp, string]> = [
  [/\bhttps?:\/\/[^\s<>"'`()[\]]*[^\s<>"'`()[\].,;:!?]/g, "URL"],
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b/gi, "EMAIL"],
  [
    new RegExp(
      `\\b(?:\\d{4}-\\d{2}-\\d{2}|${MONTH}\\.? \\d{1,2}(?:st|nd|rd|th)?, \\d{4}|\\d{1,2} ${MONTH} \\d{4}|` +
        `${MONTH} \\d{4}|(?<![\\d$€£.,-])(?:1[5-9]\\d{2}|20\\d{2})(?![\\d%]|[.,]\\d))\\b`,
      "g",
    ),
    "DATE",
  ],
];
