"""Dated actions: who did what to which document, programme or body, and when.

    extract_events("국무원이 '17년 7월 20일에 발표한 '차세대 AI 발전계획'")
      -> [Event(date='2017-07-20', precision='day', actor='state_council', action='announced',
                object='new_generation_ai_development_plan', ...)]

Rules
- an event is a date mention (points and as-of dates; ranges and deadlines are periods,
  not events) plus an action word in the same clause (commas inside brackets and quotes
  do not split clauses);
- label:value pairs ('제정일 : '23년 7월 10일 시행일 : '23년 8월 15일', '施行日期：…',
  'Effective date: …') bind each date to the label right before it;
- a date in brackets binds first to an action inside the brackets ('('23.9.4. 설립)'),
  then to the action right before the bracket ('발표('24.11.)'), then to the first action
  after it in the clause; other dates take the nearest action after them in the clause
  (Korean and Chinese put the verb last), else the nearest before;
- actor: a linked organisation / person / company / place that is the topic of the clause
  ('국무원이', '화웨이는', '선전시는'; Chinese/English: the one before the verb); else '';
- object: a linked policy document / regulation / law / programme / event in the clause
  (the one right before a bracketed date first; then the nearest to the action); for
  established/launched an organisation; for (first_)mentioned a concept; a self reference
  ('本办法', '본 법안', 'these Measures') is the document itself (`doc_title`, linked when
  possible); else a quoted title 「…」《…》'…'; else the object noun before the Korean
  verb ('…행동 계획을 발표'); a label:value line without one takes the nearest document
  mentioned in the lines above.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from policyscope.extract.dates import DateMention
from policyscope.extract.metrics import DocContext, Ent, clauses
from policyscope.extract.reading import (
    doc_paragraphs,
    merged_sentences,
    pack_or_default,
    ref_year_of,
    span_lang,
)
from policyscope.extract.scan import FirstCharAlternation
from policyscope.lang.scripts import HANGUL_SYLLABLES as _HS
from policyscope.model import Event

if TYPE_CHECKING:
    from policyscope.knowledge.loader import Pack

__all__ = ["extract_events", "ACTIONS", "event_flaw", "briefing_events", "EVENT_OBJECTS"]

# (regex, action). Order matters only for overlapping matches (longest wins).
ACTIONS: list[tuple[str, str]] = [
    # Korean
    (r"처음(?:으로)?\s?(?:언급|제시|등장)", "first_mentioned"),
    (r"발표(?!회|자|문)", "announced"),
    (r"공표", "announced"),
    (r"공포", "issued"),
    (r"발행|발간|배포", "issued"),
    (r"시행(?!령)", "took_effect"),
    (r"발효", "took_effect"),
    (r"제정", "enacted"),
    (r"설립|결성|창설|창립", "established"),
    (r"개최|열린|열렸|열리", "held"),
    (r"출범|운영을 시작|가동", "launched"),
    (r"승인|비준", "approved"),
    (r"지정", "designated"),
    (r"언급", "mentioned"),
    # Chinese
    (r"首次(?:提出|写入|提及)?", "first_mentioned"),
    (r"印发|发布|公布|出台|颁布", "issued"),
    (r"施行|实施|生效", "took_effect"),
    (r"成立|设立|组建", "established"),
    (r"召开|举行|举办", "held"),
    (r"启动|上线", "launched"),
    (r"审议通过|通过|批准", "approved"),
    (r"提出|提及", "mentioned"),
    # English
    (r"first (?:mentioned|proposed|introduced)", "first_mentioned"),
    (r"announced|unveiled", "announced"),
    (r"issued|published|released|promulgated", "issued"),
    (
        r"took effect|takes effect|come into (?:force|effect)|came into (?:force|effect)"
        r"|entered into force|enters into force|effective (?:from|on|as of)",
        "took_effect",
    ),
    (r"enacted|adopted", "enacted"),
    (r"established|founded|set up|created", "established"),
    (r"held|convened|opened", "held"),
    (r"launched|inaugurated", "launched"),
    (r"approved|ratified", "approved"),
    (r"designated", "designated"),
    (r"mentioned", "mentioned"),
]


def _leads(pattern: str) -> str | None:
    """The characters a match of an ACTIONS pattern can begin with: the first of each of
    its branches (and of inner ones: more is harmless), or None if one is not a plain
    letter that must be there."""
    starts = [0] + [k + 1 for k, c in enumerate(pattern) if c == "|"]
    leads = [pattern[k : k + 2] for k in starts]
    if not all(x[:1].isalnum() and x[1:2] not in ("?", "*", "{") for x in leads):
        return None
    return "".join(x[0] for x in leads)


_ACTION_RE = FirstCharAlternation(
    [
        (
            f"(?P<a{i}>{(r'(?<![A-Za-z])' + p + r'(?![A-Za-z])') if p[0].isascii() else p})",
            _leads(p),
        )
        for i, (p, _) in enumerate(ACTIONS)
    ],
    re.IGNORECASE,
)
_LABEL_ACTIONS = [
    (
        re.compile(r"(?:제정|공포|발표|공표)\s?(?:일|일자)|发布(?:日期|时间)|公布日期|印发日期"),
        None,
    ),
    (re.compile(r"시행\s?(?:일|일자)|施行(?:日期|时间)|实施(?:日期|时间)|生效日期"), "took_effect"),
    (re.compile(r"(?:effective|entry into force)(?: date)?", re.I), "took_effect"),
    (re.compile(r"(?:issue|publication|release) date", re.I), "issued"),
    (re.compile(r"설립\s?(?:일|일자)|成立(?:日期|时间)", re.I), "established"),
]
_LABEL_TAIL = re.compile(r"[*\s]*[:：]\s*[*\s]*$")
_SELF_REF = re.compile(
    r"本(?:办法|法|规定|条例|规则|意见|通知|方案|计划|措施|细则)|본\s?(?:잠정\s)?(?:법안|법|규정|조치|방안|계획)"
    r"|(?:these|this) (?:Measures|Regulations?|Provisions|Rules|Law|Plan)",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"「([^」]{2,80})」|《([^》]{2,80})》|『([^』]{2,80})』|“([^”]{2,80})”")
_KO_OBJ = re.compile(rf"((?:[{_HS}A-Za-z0-9·+]+\s){{0,4}}[{_HS}A-Za-z0-9·+]+)(?:을|를)\s*$")
_EN_OBJ = re.compile(r"(?:^|[^A-Za-z])((?:[A-Z][\w'-]*\s+){1,8}?)(?:has\s+|have\s+|was\s+)?$")
_TOPIC = re.compile(
    r"[)）]?(?:\s*[(（][^)）]{0,30}[)）])?"
    r"(?:\s?(?:국가\s?주석|주석|총리|회장|부장|부부장|대변인|주임|사장|부사장|대표|정부|측))?"
    r"(?:은|는|이|가|께서|에서는|에서)(?=[\s,])"
)
_FIRST = re.compile(r"처음|최초|首次|第一次|for the first time", re.IGNORECASE)
_DOC_TYPES = frozenset({"policy_document", "regulation", "law", "programme", "event"})
_ACTOR_TYPES = frozenset({"organization", "person", "company", "place"})
_ORG_OBJ = frozenset({"organization", "company", "programme"})


# after a Korean verb stem: intention or plan, not a deed; before a Chinese one: 将/拟/计划
_KO_INTENT = re.compile(rf"[{_HS}]{{0,2}}?(?:할|하기로|하겠|될|되기로|할\s?예정|할\s?계획)")
_ZH_INTENT = re.compile(r"(?:将|拟|计划|准备|要)\s?$")
_EN_INTENT = re.compile(r"\b(?:will|plans? to|to be|would)\s+(?:be\s+)?$", re.IGNORECASE)
# a Korean adnominal 'held' ('열린', '개최된') names what was held right after it
_KO_HELD_ADN = re.compile(r"(?:열린|개최된|개최한|열렸던)\s?")


def _intended(text: str, act_pos: int, lo: int) -> bool:
    """Is the action at `act_pos` only planned ('설립할 것이며', '将设立', 'will launch')?"""
    m = _ACTION_RE.whole.match(text, act_pos)
    end = m.end() if m else act_pos
    if _KO_INTENT.match(text, end, end + 8):
        return True
    before = text[max(lo, act_pos - 12) : act_pos]
    return bool(_ZH_INTENT.search(before) or _EN_INTENT.search(before))


def _holds(ctx: DocContext, act_pos: int, obj: str) -> bool:
    """A Korean adnominal '열린 X' holds X: when X is not the object found, the date is
    that of something else (a press conference before the session, not the session)."""
    m = _KO_HELD_ADN.match(ctx.text, act_pos)
    if not m:
        return True
    return any(e.start == m.end() and e.item_id == obj for e in ctx.entities)


def _action_of(m: re.Match[str]) -> str:
    for name, val in m.groupdict().items():
        if val is not None:
            return ACTIONS[int(name[1:])][1]
    return ""


def extract_events(
    text: str,
    *,
    lang: str | None = None,
    pack: Pack | None = None,
    doc_date: str | None = None,
    doc_title: str | None = None,
    _ctx: DocContext | None = None,
) -> list[Event]:
    """Dated actions in `text`, in text order. `doc_title` (optional) names the document
    itself, for self references such as '本办法自2023年8月15日起施行'. `_ctx` is the
    text's DocContext when the caller built it already."""
    pack = pack_or_default(pack)
    ctx = _ctx or DocContext(text, lang, pack, ref_year_of(doc_date))
    self_obj = ""
    if doc_title:
        tctx = DocContext(doc_title, lang, pack, None)
        docs = [e for e in tctx.entities if e.type in _DOC_TYPES]
        self_obj = docs[0].item_id if docs else doc_title
    out: list[Event] = []
    seen: set[tuple[int, str]] = set()
    for ps, pe in doc_paragraphs(ctx):
        if not ctx.dates_in(ps, pe):
            continue  # no date, no event: spare detecting and splitting
        plang = span_lang(ctx, ps, pe, lang)
        for ss, se in merged_sentences(text, ps, pe, plang, ctx):
            if not ctx.dates_in(ss, se):
                continue
            slang = span_lang(ctx, ss, se, lang)
            for ev in _sentence_events(ctx, ss, se, slang, self_obj):
                key = (ev.start, ev.action)
                if key not in seen:
                    seen.add(key)
                    out.append(ev)
    out.sort(key=lambda e: (e.start, e.action))
    return out


def _enclosing_bracket(text: str, s: int, e: int, lo: int, hi: int) -> tuple[int, int] | None:
    """Span of the innermost (…) / （…） around [s, e), within [lo, hi)."""
    depth = 0
    a = None
    for i in range(s - 1, lo - 1, -1):
        c = text[i]
        if c in ")）":
            depth += 1
        elif c in "(（":
            if depth == 0:
                a = i
                break
            depth -= 1
    if a is None:
        return None
    depth = 0
    for j in range(e, hi):
        c = text[j]
        if c in "(（":
            depth += 1
        elif c in ")）":
            if depth == 0:
                return a, j + 1
            depth -= 1
    return None


# an action word found in a sentence: (start, end, action)
_Action = tuple[int, int, str]


def _sentence_events(ctx: DocContext, ss: int, se: int, lang: str, self_obj: str) -> list[Event]:
    text = ctx.text
    out: list[Event] = []
    dates = [d for d in ctx.dates_in(ss, se) if d.kind not in ("range", "by_deadline", "as_of")]
    if not dates:
        return out
    actions = [(m.start(), m.end(), _action_of(m)) for m in _ACTION_RE.finditer(text, ss, se)]
    actions = [a for a in actions if not any(d.start <= a[0] < d.end for d in dates)]
    cls = clauses(text, ss, se, seps=frozenset(",，;；"))
    for d in dates:
        clause = next(((a, b) for a, b in cls if a <= d.start < b), (ss, se))
        br = _enclosing_bracket(text, d.start, d.end, clause[0], clause[1])
        labelled = _label_action(text, ss, d)
        found = (
            labelled
            or _bracket_action(actions, br, se)
            or _clause_action(actions, clause, br, d, dates)
        )
        if found is None or _intended(text, found[0], ss):
            continue  # a plan ('설립할 것', '将设立', 'will set up') is not yet an event
        ev = _event(ctx, d, (ss, se), clause, br, found, labelled is not None, lang, self_obj)
        if ev is not None:
            out.append(ev)
    return out


def _label_action(text: str, ss: int, d: DateMention) -> tuple[int, str] | None:
    """(position, action) of a label right before the date ('시행일 : ', '施行日期：')."""
    lo = max(ss, d.start - 16)
    before = text[lo : d.start]
    tail = _LABEL_TAIL.search(before)
    if not tail:
        return None
    head = before[: tail.start()]
    for pat, act in _LABEL_ACTIONS:
        found = list(pat.finditer(head))
        lm = found[-1] if found else None
        if lm is not None and head[lm.end() :].strip(" *") == "":
            word = lm.group()
            action = act or ("enacted" if "제정" in word else "issued")
            if act is None and ("발표" in word or "공표" in word):
                action = "announced"
            return lo + lm.start(), action
    return None


def _bracket_action(
    actions: list[_Action], br: tuple[int, int] | None, se: int
) -> tuple[int, str] | None:
    """For a bracketed date: an action inside the brackets, else right before them, else
    the first after them in the sentence."""
    if br is None:
        return None
    inside = [a for a in actions if br[0] < a[0] and a[1] < br[1]]
    right_before = [a for a in actions if a[1] <= br[0] and br[0] - a[1] <= 2]
    # an enumeration 'A「…」('17.12.), B「…」('17) 발표' shares the verb
    after = [a for a in actions if a[0] >= br[1] and a[1] <= se]
    if inside:
        pick = inside[0]
    elif right_before:
        pick = right_before[-1]
    elif after:
        pick = after[0]
    else:
        return None
    return pick[0], pick[2]


def _clause_action(
    actions: list[_Action],
    clause: tuple[int, int],
    br: tuple[int, int] | None,
    d: DateMention,
    dates: list[DateMention],
) -> tuple[int, str] | None:
    """The nearest action in the clause: after the date (before any other date) first."""
    in_clause = [a for a in actions if clause[0] <= a[0] and a[1] <= clause[1]]
    if br is not None:
        in_clause = [a for a in in_clause if not (br[0] < a[0] < br[1])]
    after = [
        a
        for a in in_clause
        if a[0] >= d.end and not any(d.end <= o.start < a[0] for o in dates if o is not d)
    ]
    before_ = [a for a in in_clause if a[1] <= d.start]
    pick = after[0] if after else (before_[-1] if before_ else None)
    return (pick[0], pick[2]) if pick else None


def _event(
    ctx: DocContext,
    d: DateMention,
    sent: tuple[int, int],
    clause: tuple[int, int],
    br: tuple[int, int] | None,
    found: tuple[int, str],
    labelled: bool,
    lang: str,
    self_obj: str,
) -> Event | None:
    """The event of date d and its action, or None without an actor or an object (or for
    a gathering that is not held)."""
    text = ctx.text
    ss, se = sent
    act_pos, action = found
    if action == "mentioned" and _FIRST.search(text, min(d.end, act_pos), max(d.end, act_pos)):
        action = "first_mentioned"
    obj = _object(ctx, d, br, clause, act_pos, action, self_obj, lang)
    if action == "held" and not _holds(ctx, act_pos, obj):
        return None
    if not obj and labelled:
        # a label:value line names no document: the nearest one mentioned above it
        docs = [
            e
            for e in ctx.entities
            if e.type in _DOC_TYPES and e.end <= d.start and d.start - e.end < 400
        ]
        obj = docs[-1].item_id if docs else ""
    actor = _actor(ctx, clause, act_pos, lang, obj, br, ss, d.start)
    if not actor and not obj:
        return None
    return Event(
        date=d.value,
        precision=d.precision,
        actor=actor,
        action=action,
        object=obj,
        quote=text[ss:se],
        start=d.start,
        end=d.end,
        quote_start=ss,
        quote_end=se,
    )


def _object(
    ctx: DocContext,
    d: DateMention,
    br: tuple[int, int] | None,
    clause: tuple[int, int],
    act_pos: int,
    action: str,
    self_obj: str,
    lang: str = "ko",
) -> str:
    text = ctx.text
    ents = ctx.entities_in(clause[0], clause[1])
    if br is not None:
        lo = br[0]
        prev = [e for e in ents if e.end <= lo and lo - e.end <= 2]
        prev = prev or [
            e for e in ctx.entities if e.end <= lo and lo - e.end <= 2 and e.start >= clause[0] - 80
        ]
        if prev:
            return prev[-1].item_id
        qm = re.search(r"[」》』”']\s*$", text[max(clause[0], lo - 2) : lo])
        if qm:
            titles = list(_QUOTED.finditer(text, clause[0], lo))
            if titles:
                return next(g for g in titles[-1].groups() if g)
    sm = _SELF_REF.search(text, clause[0], clause[1])
    if sm and self_obj:
        return self_obj
    docs = [e for e in ents if e.type in _DOC_TYPES]
    if action in ("established", "launched") or (action == "announced" and not docs):
        orgs = [e for e in ents if e.type in _ORG_OBJ and not _TOPIC.match(text, e.end)]
        if lang != "ko":  # Chinese/English: the body before the verb is its actor
            orgs = [e for e in orgs if e.start >= act_pos]
        docs = [e for e in docs if e.type != "event"] + orgs
    if action in ("mentioned", "first_mentioned"):
        docs = docs + [e for e in ctx.concepts if clause[0] <= e.start and e.end <= clause[1]]
        # the thing said for the first time is usually the sentence's topic
        docs = docs + [e for e in ctx.concepts if e.end <= clause[0] and clause[0] - e.end < 200]
    if docs:
        if action in ("mentioned", "first_mentioned"):
            pre = [e for e in docs if e.end <= act_pos]
            docs = pre or docs
        return min(docs, key=lambda e: (abs(e.start - act_pos), e.start)).item_id
    if sm:
        return sm.group()
    titles = list(_QUOTED.finditer(text, clause[0], clause[1]))
    if titles:
        t = min(titles, key=lambda m: abs(m.start() - act_pos))
        return next(g for g in t.groups() if g)
    em = _EN_OBJ.search(text[clause[0] : act_pos])
    if em and action in ("took_effect", "held", "launched", "established", "approved"):
        return " ".join(em.group(1).split())
    km = _KO_OBJ.search(text, clause[0], act_pos)
    if km and act_pos - km.end() <= 1:
        return " ".join(km.group(1).split())
    return ""


def _in_brackets(text: str, lo: int, pos: int) -> bool:
    seg = text[lo:pos]
    return seg.count("(") + seg.count("（") > seg.count(")") + seg.count("）")


def _actor(
    ctx: DocContext,
    clause: tuple[int, int],
    act_pos: int,
    lang: str,
    obj: str,
    br: tuple[int, int] | None,
    sent_start: int,
    date_start: int,
) -> str:
    text = ctx.text
    lo = sent_start if lang == "ko" else clause[0]
    cands: list[Ent] = [
        e for e in ctx.entities_in(lo, act_pos) if e.type in _ACTOR_TYPES and e.item_id != obj
    ]
    cands = [e for e in cands if not _in_brackets(text, lo, e.start)]
    if not cands:
        return ""
    if lang == "ko":
        topics = [e for e in cands if _TOPIC.match(text, e.end)]
        early = [e for e in topics if e.end <= date_start]
        if early:
            return early[-1].item_id
        return topics[-1].item_id if topics else ""
    return cands[0].item_id


# ---------------------------------------------------------------------------- briefing rule

# The actions a reader accepts as a policy event, and what each may act on. A bare or
# first mention is not an event, nor is 'designated' (it names a label, not a deed).
EVENT_OBJECTS: dict[str, frozenset[str]] = {
    "announced": frozenset({"policy_document", "regulation", "law", "programme", "ai_model"}),
    "issued": frozenset({"policy_document", "regulation", "law", "programme", "ai_model"}),
    "enacted": frozenset({"policy_document", "regulation", "law"}),
    "took_effect": frozenset({"policy_document", "regulation", "law", "programme"}),
    "approved": frozenset({"policy_document", "regulation", "law", "programme"}),
    "established": frozenset({"organization", "company", "programme"}),
    "launched": frozenset({"organization", "programme", "ai_model"}),
    "held": frozenset({"event"}),
}
ACTOR_KINDS = frozenset({"organization", "company", "person"})
# where the pack says who acts on an object when the sentence does not
_OWNER_ATTRS = ("issuer", "owner", "developer", "organizer", "organizers", "parent")


def implied_actor(obj: str, pack: Pack) -> str:
    """The actor the pack records for an object (a document's issuer, a programme's owner,
    a model's developer), '' when none is an organisation, company or person."""
    ent = pack.entities.get(obj) if obj else None
    if ent is None:
        return ""
    for attr in _OWNER_ATTRS:
        val = ent.attributes.get(attr)
        for cand in val if isinstance(val, list) else [val]:
            if not isinstance(cand, str):
                continue
            a = pack.entities.get(cand)
            if a is not None and a.type in ACTOR_KINDS:
                return cand
    return ""


def event_flaw(ev: Event, pack: Pack | None = None) -> str:
    """'' when an event may reach a briefing, else why not: it needs a date, an action
    from `EVENT_OBJECTS`, an object that is a pack item of a kind that action can take
    (policy, programme, organisation or product) and an actor that is a pack
    organisation, company or person (stated, or implied by the pack for the object)."""
    pack = pack_or_default(pack)
    if not ev.date or ev.precision == "decade":
        return "no_date"
    kinds = EVENT_OBJECTS.get(ev.action)
    if kinds is None:
        return "action_not_event"
    obj = pack.entities.get(ev.object) if ev.object else None
    if obj is None or obj.type not in kinds:
        return "object_not_policy"
    actor = pack.entities.get(ev.actor) if ev.actor else None
    if actor is None and not implied_actor(ev.object, pack):
        return "no_actor"
    if actor is not None and actor.type not in ACTOR_KINDS:
        return "actor_not_entity"
    if ev.actor and ev.actor == ev.object:
        return "actor_is_object"
    return ""


def briefing_events(events: list[Event], pack: Pack | None = None) -> list[Event]:
    """The events a briefing may show (see `event_flaw`), with the implied actor filled
    in where the sentence states none."""
    pack = pack_or_default(pack)
    out = []
    for ev in events:
        if event_flaw(ev, pack):
            continue
        out.append(ev if ev.actor else replace(ev, actor=implied_actor(ev.object, pack)))
    return out
