"""A lexicon version (versioned data, lexicon.json by default) compiled into one matcher: its claim terms — in
groups that share a category, kind, rule IDs and source, or one by one — and the helper words the compound checks
read (treatment, natural, material families, brands, promotion cues), all in one automaton."""

import dataclasses

from . import brands as brand_checks
from . import clauses
from .compounds import helper_words
from .matching import Matcher, Term, Variants, paced

# Kinds where a negation just before the term reverses it ("不能治疗", "非高仿", "不含大麻").
NEGATABLE = ("efficacy_claim", "superstition_claim", "counterfeit", "prohibited_goods", "@treatment", "@treatment?", "@natural",
             "@imitation", "@brand")
CLAIM_KINDS = ("absolute_claim", "unproven_claim", "efficacy_claim", "superstition_claim", "fake_as_real", "counterfeit", "prohibited_goods")
COMPAT = ["适用", "适配", "兼容", "配套", "用于", "for", "fits", "支持"]


def terms_of(lexicon: dict) -> list[dict]:
    """Every claim term of a lexicon as one flat record (groups expanded; single terms as given)."""
    out = []
    for group in lexicon.get("groups", []):
        shared = {k: v for k, v in group.items() if k != "terms"}
        out += [{**shared, "term": term} for term in group["terms"]]
    out += list(lexicon.get("terms", []))
    return out


def pinyin_spellings(terms: list[Term], table: dict[str, str], pause=None) -> list[Term]:
    """Round 6: each claim or material term written with one of its characters in pinyin, as sellers dodge a filter
    ("ding级", "zui正宗", "gao仿", "kai光", "胃yan", "18kjin"): the same term under that spelling; round 8: a term of
    two to four characters written wholly in pinyin ("wen zhuan", "shua dan", "chuan shan jia": six letters or more,
    read only as a whole Latin word). `table`: character ->
    syllable (lexicon `pinyin_spellings`, GB/T 16159). A spelling keeps a Chinese character beside the syllable, or the
    syllable has three letters or more ("zui"), so a bare short syllable never reads as a claim."""
    out = []
    for term in paced(terms, pause):
        word = term.term
        if not (0 < len(word) <= 4) or not (term.kind in CLAIM_KINDS or term.kind in ("@real", "@imitation")):
            continue
        whole = "".join(table.get(char, "?") for char in word)
        if len(word) >= 2 and "?" not in whole and len(whole) >= 6:  # round 8: all in pinyin ("wen zhuan", "shua dan")
            out.append(dataclasses.replace(term, term=whole, match="any"))
        for i, char in enumerate(word):
            syllable = table.get(char)
            if syllable and (len(word) > 1 or len(syllable) >= 3):
                out.append(dataclasses.replace(term, term=word[:i] + syllable + word[i + 1:], match="any"))
    return out


def homophone_spellings(terms: list[Term], table: dict[str, str]) -> list[Term]:
    """Round 14: a claim term of three characters or more written with a homophone for one of its characters, as
    sellers dodge a filter ("醉好吃", "醉划算" for 最好吃, 最划算): the same claim. `table`: character -> its
    homophones (lexicon `homophones`); a two-character term is left alone ("醉美" is also a place's poetic name)."""
    out = []
    for term in terms:
        if len(term.term) < 3 or term.kind not in CLAIM_KINDS:
            continue
        for i, char in enumerate(term.term):
            out += [dataclasses.replace(term, term=term.term[:i] + alt + term.term[i + 1:], match="word")
                    for alt in table.get(char, "")]
    return out


def _term(record: dict) -> Term:
    kind = record["kind"]
    negators = tuple(record.get("negators") or (("negation",) if kind in NEGATABLE else ()))
    return Term(record["term"], kind, tuple(record["rule_ids"]), bool(record.get("review", False)),
                record.get("category", ""), record.get("source", ""), bool(record.get("proof", False)),
                record.get("match", "auto"), tuple(record.get("unless", ())), tuple(record.get("requires", ())),
                negators)


def _helpers(lexicon: dict) -> list[Term]:
    helper = []
    neg = ("negation",)
    helper += [Term(w, "@treatment", (), negators=neg, match="any") for w in lexicon.get("treatment_words", [])]
    helper += [Term(w, "@treatment?", (), negators=neg) for w in lexicon.get("gem_treatment_words_ambiguous", [])]
    helper += [Term(w, "@natural", (), negators=("negation", "comparison"), match="any")  # "与天然钻石相同" (round 7)
               for w in lexicon.get("natural_words", [])]
    helper += [Term(w, "@untreated", (), match="any") for w in lexicon.get("untreated_claims", [])]
    helper += [Term(w, "@enhanced", (), negators=neg, match="any") for w in lexicon.get("enhancement_words", [])]
    helper += [Term(w, "@disclosed", (), match="any") for w in lexicon.get("treatment_disclosed", [])]
    families = list(lexicon.get("materials", []))
    if not families and lexicon.get("imitation_words"):  # the first lexicon format: one metal family
        families = [{"family": "metal", "imitation": lexicon["imitation_words"],
                     "real": lexicon.get("real_metal_words", [])}]
    for family in families:
        helper += [Term(w, "@imitation", (), category=family["family"], negators=neg, match="any")
                   for w in family["imitation"]]
        helper += [Term(w, "@real", (), category=family["family"], negators=("negation", "disclosure", "comparison"),
                        match="any")
                   for w in family["real"]]
    for brand in lexicon.get("brands", []):
        for name in [brand["name"], *brand.get("aliases", [])]:
            helper.append(Term(name, "@brand", (), category=brand["name"], source=brand.get("owner", ""),
                               unless=("compat",), match="any"))
    helper += [Term(w, "@promo", (), match="any") for w in lexicon.get("promotion_cues", [])]
    helper += [Term(w, "@cmp", (), category=c, negators=neg if negatable else (), match="any")
               for w, c, negatable in helper_words(lexicon.get("compounds", []))]
    lookalikes = brand_checks.chinese_lookalikes(lexicon.get("brands", []), lexicon.get("lookalike_chars", {}))
    lookalikes |= brand_checks.pinyin_lookalikes(lexicon.get("brands", []),
                                                 (lexicon.get("pinyin_spellings") or {}).get("map", {}))
    lookalikes |= brand_checks.doubled_lookalikes(lexicon.get("brands", []))  # round 18: "老干妈妈"
    helper += [Term(w, "@lookalike", (), category=brand, negators=neg, match="any") for w, brand in lookalikes.items()]
    helper += [Term(w, "@purity", (), match="any") for w in lexicon.get("purity_claims", [])]
    helper += [Term("广告", "@ad_label", (), negators=neg, match="any")]
    return helper


class CompiledLexicon:
    """A lexicon version ready to match, built once per version (lexicons.compiled caches it)."""

    def __init__(self, lexicon: dict, pause=None):
        """`pause`: called every few hundred terms while building (a build beside reviews lets them run)."""
        self.version = lexicon["version"]
        self.spec = tuple(lexicon.get("spec_comparatives", ()))
        self.brands = {b["name"]: b for b in lexicon.get("brands", [])}
        self.brand_of = {n.lower(): b["name"] for b in lexicon.get("brands", []) for n in [b["name"], *b.get("aliases", [])]}
        self.latin_marks = {n: b for n, b in self.brand_of.items() if n.isascii() and n.isalnum() and len(n) >= 4}
        self.latin_alike = {frozenset(pair) for pair in lexicon.get("lookalike_letters", []) if len(set(pair)) == 2}
        self.compounds = list(lexicon.get("compounds", []))
        self.proof_categories = frozenset(g["category"] for g in lexicon.get("groups", []) if g.get("proof"))
        self.clause_patterns = clauses.compile_patterns(lexicon.get("clause_patterns", []))
        self.variants = Variants((lexicon.get("variants") or {}).get("map", {}),
                                 (lexicon.get("pinyin_initials") or {}).get("map", {}))
        self.indications = {name: tuple(areas.split("/")) for name, areas
                            in ((lexicon.get("geographical_indications") or {}).get("map") or {}).items()}
        self.material_real = {f["family"]: tuple(f["real"]) for f in lexicon.get("materials", [])}
        for name in ("own_range_markers", "own_range_followers", "sequence_nouns", "sole_fact_nouns",
                     "instruction_words", "health_functions", "additives", "measured_quantities", "advice_followers",
                     "scoped_terms", "material_labels", "material_goods_nouns", "material_parts",
                     "special_cosmetic_functions"):
            setattr(self, name, tuple(lexicon.get(name, ())))
        contexts = {name: list(words) for name, words in (lexicon.get("contexts") or {}).items()}
        contexts.setdefault("negation", ["无", "未", "非", "不", "没有", "不含", "未经"])
        contexts.setdefault("disclosure", ["仿", "人造", "合成"])
        contexts.setdefault("comparison", [])  # "媲美真皮", "与天然钻石相同": a comparison names, it does not claim
        contexts["brand"] = contexts.get("brand", []) + [n for b in lexicon.get("brands", [])
                                                         for n in [b["name"], *b.get("aliases", [])]]
        contexts["compat"] = COMPAT
        self.listing_contexts = {name: tuple(contexts.get(name, ())) for name in lexicon.get("listing_contexts", ())}
        terms = [_term(r) for r in paced(terms_of(lexicon), pause)] + _helpers(lexicon)
        terms += pinyin_spellings(terms, (lexicon.get("pinyin_spellings") or {}).get("map", {}), pause)
        terms += homophone_spellings(terms, (lexicon.get("homophones") or {}).get("map", {}))
        self.terms = Matcher(terms, lexicon.get("whitelist", []), contexts, pause)
