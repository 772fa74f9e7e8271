"""Dated actions: label:value lines, bracketed dates, 自…起施行, 'took effect on'."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from policyscope.extract.events import briefing_events, event_flaw, extract_events
from policyscope.text.normalize import normalize


def _spans_ok(text, evs):
    for e in evs:
        assert text[e.quote_start : e.quote_end] == e.quote
        assert e.quote_start <= e.start < e.end <= e.quote_end
        assert e.doc_id is None and e.id is None


def _find(evs, **kw):
    return [e for e in evs if all(getattr(e, k) == v for k, v in kw.items())]


def test_label_value_pairs_on_one_line():
    t = (
        "〈 참고 〉 「생성AI 서비스 이용 잠정 법안」 개요\n\n"
        "- 제정일 : '23년 7월 10일 시행일 : '23년 8월 15일\n"
    )
    evs = extract_events(t)
    _spans_ok(t, evs)
    assert _find(evs, date="2023-07-10", action="enacted", object="genai_interim_measures")
    assert _find(evs, date="2023-08-15", action="took_effect", object="genai_interim_measures")
    assert all(e.precision == "day" for e in evs)


def test_korean_actor_topic_and_object():
    t = "국무원이 '17년 7월 20일에 발표한 '차세대 AI 발전계획'은 세 단계로 나뉜다."
    (e,) = extract_events(t)
    assert (e.date, e.actor, e.action) == ("2017-07-20", "state_council", "announced")
    assert e.object == "new_generation_ai_development_plan"
    assert t[e.start : e.end] == "'17년 7월 20일"


def test_bracketed_dates():
    t = (
        "※ 오픈 커뮤니티 'OpenLoong'(로봇 기업과 연구기관 협력, '24.6.6. 설립) 등이 활발하다.\n"
        "- 화웨이는 선전시와 공동으로 설립한 혁신 센터 운영을 시작했다고 발표('24.11.)\n"
    )
    evs = extract_events(t)
    _spans_ok(t, evs)
    (ol,) = _find(evs, object="openloong")
    assert (ol.date, ol.action, ol.actor) == ("2024-06-06", "established", "")
    (hw,) = _find(evs, date="2024-11")
    assert hw.actor == "huawei" and hw.action == "announced"


def test_title_then_bracketed_date_then_shared_verb():
    t = "※ 「알고리즘 추천 관리 규정」('22.3.) 시행, 「딥 합성 관리 규정」('23.1.) 시행으로 대응"
    evs = extract_events(t)
    got = {(e.date, e.action) for e in evs}
    assert ("2022-03", "took_effect") in got and ("2023-01", "took_effect") in got


def test_chinese_self_reference_with_and_without_title():
    t = "第二十四条 本办法自2023年8月15日起施行。"
    (e,) = extract_events(t)
    assert (e.date, e.action, e.object) == ("2023-08-15", "took_effect", "本办法")
    (e,) = extract_events(t, doc_title="生成式人工智能服务管理暂行办法")
    assert e.object == "genai_interim_measures"


def test_chinese_issued_and_held():
    t = "国务院于2017年7月8日印发《新一代人工智能发展规划》。"
    (e,) = extract_events(t)
    assert (e.date, e.action, e.actor) == ("2017-07-08", "issued", "state_council")
    assert e.object == "new_generation_ai_development_plan"


def test_english_took_effect_and_issued():
    t = "The Interim Measures took effect on August 15, 2023."
    (e,) = extract_events(t)
    assert (e.date, e.action) == ("2023-08-15", "took_effect")
    assert "Interim Measures" in e.object
    t = "The State Council issued the New Generation AI Development Plan on July 20, 2017."
    (e,) = extract_events(t)
    assert (e.actor, e.action, e.object) == (
        "state_council",
        "issued",
        "new_generation_ai_development_plan",
    )


def test_first_mentioned_and_deadlines_skipped():
    t = "2025년 양회에서 처음으로 '임바디드 인텔리전스'를 언급했다."
    (e,) = extract_events(t)
    assert e.action == "first_mentioned" and e.object == "embodied_ai"
    # a deadline is a target, not an event; no action word, no event
    assert not _find(extract_events("선전시는 '30년까지 생산액 목표를 발표"), date="2030")
    assert extract_events("2024년에는 성장이 둔화됐다.") == []


def test_year_less_dates_use_doc_date():
    t = "3월 6일 국가발전개혁위원회는 국가벤처투자펀드를 설립한다고 발표했다."
    (e,) = extract_events(t, doc_date="2025-03-10")
    assert e.date == "2025-03-06" and e.actor == "ndrc"


# ----------------------------------------------------------------- seeds


def _seed(shared_dir, name):
    return normalize((shared_dir / "seeds" / name).read_text(encoding="utf-8")).text


def test_seed000_events(shared_dir):
    t = _seed(shared_dir, "000_59329f84dd77c02e.txt")
    evs = extract_events(t, doc_date="2025")
    _spans_ok(t, evs)
    assert _find(evs, date="2023-07-10", object="genai_interim_measures")[0].action in (
        "enacted",
        "issued",
    )
    assert _find(evs, date="2023-08-15", action="took_effect", object="genai_interim_measures")
    assert _find(
        evs,
        date="2017-07-20",
        action="announced",
        actor="state_council",
        object="new_generation_ai_development_plan",
    )
    assert _find(evs, date="2024-11", object="huawei_shenzhen_embodied_ai_center")
    assert _find(evs, date="2025-03-03", actor="shenzhen", action="announced")
    assert _find(evs, date="2024-06-06", action="established", object="openloong")
    assert _find(evs, date="2023-09-04", action="established", object="wisemodel")


def test_genai_measures_took_effect(shared_dir):
    p = shared_dir / "corpus" / "cn-policy" / "genai-interim-measures-2023.zh.txt"
    t = normalize(p.read_text(encoding="utf-8")).text
    evs = extract_events(t, doc_date="2023", doc_title="生成式人工智能服务管理暂行办法")
    assert _find(evs, date="2023-08-15", action="took_effect", object="genai_interim_measures")


# -- what may reach a briefing (event_flaw / briefing_events) ---------------------------


def _flaws(t, **kw):
    return [(e.action, e.object, event_flaw(e)) for e in extract_events(t, **kw)]


def test_briefing_rule_keeps_policy_events_with_an_actor():
    t = "국무원이 '17년 7월 20일에 발표한 '차세대 AI 발전계획'은 세 단계로 나뉜다."
    (e,) = extract_events(t)
    assert event_flaw(e) == ""
    # no actor in the sentence: the pack's issuer of the object stands in
    t2 = "- 「생성AI 서비스 이용 잠정 법안」('23.8.) 시행으로 관리가 강화되었다."
    (e2,) = extract_events(t2)
    assert e2.actor == "" and event_flaw(e2) == ""
    (kept,) = briefing_events([e2])
    assert kept.actor == "cac" and kept.object == "genai_interim_measures"


def test_briefing_rule_drops_what_a_reader_rejects():
    # a label given to a field of cooperation is not an event
    got = _flaws("브릭스는 2023년 8월 요하네스버그 선언에서 AI를 협력 분야로 지정했다.")
    assert got and all(f for _a, _o, f in got)
    # a company is not what a government 'announces'
    got = _flaws("2024년 중국 정부는 딥시크의 성과를 계기로 새 전략을 발표했다.")
    assert all(f for _a, _o, f in got)
    # an anniversary of a founding is not a founding
    got = _flaws("2019年是新中国成立70周年。", lang="zh")
    assert all(f for _a, _o, f in got)


def test_plans_and_other_things_held_are_not_events():
    t = "국가발전개혁위원회 주임은 3월 6일 국가주도의 벤처투자펀드를 설립할 것이라고 밝혔다."
    assert not [e for e in extract_events(t, doc_date="2025") if e.action == "established"]
    t2 = "공업정보화부 관계자는 양회 직전인 2월 26일에 열린 기자회견에서 계획을 소개했다."
    assert not [e for e in extract_events(t2, doc_date="2025") if e.action == "held"]
    # the meeting named right after 'held' stays
    t3 = "2024년 7월에 열린 중국공산당 제20기 중앙위원회 제3차 전체 회의에서 방안이 논의되었다."
    assert [e for e in extract_events(t3) if e.object == "third_plenum_20th"]


def test_event_precision_bar(shared_dir):
    """bench/event_eval.py on the annotated seeds and reports: >= 0.9 of the events a
    briefing keeps are right (the brief's bar for an event to reach a briefing)."""

    path = Path(__file__).resolve().parent.parent / "bench" / "event_eval.py"
    spec = importlib.util.spec_from_file_location("event_eval", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("event_eval", mod)  # dataclasses look their module up
    spec.loader.exec_module(mod)
    files = sorted(mod.ANNOTATIONS.glob("events_*.tsv"))
    assert len(files) == 4
    assert mod.main(["--shared", str(shared_dir)]) == 0
    assert mod.main(["--shared", str(shared_dir), "--min", "0.9"]) == 0
