"""Interface strings in Korean and English, picked by `?lang=`, a cookie, or Accept-Language."""

from __future__ import annotations

from fastapi import Request

LANGS = ("ko", "en")
COOKIE = "ps_ui_lang"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "app": "PolicyScope",
        "search": "Search",
        "documents": "Documents",
        "concepts": "Concepts & entities",
        "trends": "Trends",
        "kwic": "Keyword in context",
        "facts": "Figures",
        "timeline": "Timeline",
        "verify": "Verify",
        "upload": "Upload",
        "query": "Query",
        "series": "Series",
        "series_key": "Series key",
        "doc_lang": "Paragraph language",
        "from": "From",
        "to": "To",
        "any": "any",
        "go": "Go",
        "no_results": "No results.",
        "prev": "Previous",
        "next": "Next",
        "page_of": "Page {} of {}",
        "page_no": "p. {}",
        "title": "Title",
        "date": "Date",
        "document": "Document",
        "mentions": "Mentions",
        "figures": "Extracted figures",
        "metric": "Metric",
        "subject": "Subject",
        "value": "Value",
        "kind": "Kind",
        "period": "Period",
        "quote": "Quote",
        "labels": "Labels",
        "variants": "Variants",
        "notes": "Notes",
        "count": "Count",
        "surfaces": "Surface forms",
        "terms": "Terms (comma separated)",
        "rule": "Counting rule",
        "missing": "Not in the store, so not counted",
        "action": "Action",
        "actor": "Actor",
        "object": "Object",
        "verdict": "Verdict",
        "claim": "Claim",
        "evidence": "Evidence",
        "checked": "Checked",
        "choose_doc": "Choose a document",
        "term": "Term",
        "error": "Error",
        "token": "Token",
        "file": "File",
        "upload_hint": "Uploading needs the server's token (POLICYSCOPE_TOKEN).",
        "read_only": "This server is read-only: no upload token is configured.",
        "hits": "hits",
        "per_10k": "per 10k",
        "raw": "raw count",
        "chart_hint": "Click a point to see its lines in context.",
        "type": "Type",
        "language": "Language",
    },
    "ko": {
        "app": "PolicyScope",
        "search": "검색",
        "documents": "문서",
        "concepts": "개념·개체",
        "trends": "추이",
        "kwic": "용례(KWIC)",
        "facts": "수치",
        "timeline": "연표",
        "verify": "검증",
        "upload": "업로드",
        "query": "검색어",
        "series": "시리즈",
        "series_key": "시리즈 키",
        "doc_lang": "문단 언어",
        "from": "시작",
        "to": "끝",
        "any": "전체",
        "go": "실행",
        "no_results": "결과가 없습니다.",
        "prev": "이전",
        "next": "다음",
        "page_of": "{}/{}쪽",
        "page_no": "{}쪽",
        "title": "제목",
        "date": "날짜",
        "document": "문서",
        "mentions": "언급",
        "figures": "추출된 수치",
        "metric": "지표",
        "subject": "주체",
        "value": "값",
        "kind": "종류",
        "period": "기간",
        "quote": "인용",
        "labels": "표제어",
        "variants": "변이형",
        "notes": "설명",
        "count": "횟수",
        "surfaces": "표기",
        "terms": "용어(쉼표로 구분)",
        "rule": "계수 규칙",
        "missing": "저장소에 없어 세지 않음",
        "action": "행위",
        "actor": "행위자",
        "object": "대상",
        "verdict": "판정",
        "claim": "주장",
        "evidence": "근거",
        "checked": "검사 내용",
        "choose_doc": "문서를 고르세요",
        "term": "용어",
        "error": "오류",
        "token": "토큰",
        "file": "파일",
        "upload_hint": "업로드하려면 서버 토큰(POLICYSCOPE_TOKEN)이 필요합니다.",
        "read_only": "읽기 전용 서버입니다: 업로드 토큰이 설정되지 않았습니다.",
        "hits": "건",
        "per_10k": "1만 자당",
        "raw": "원 빈도",
        "chart_hint": "점을 누르면 해당 용례를 봅니다.",
        "type": "유형",
        "language": "언어",
    },
}


def pick_lang(request: Request) -> str:
    """`?lang=` first, then the cookie it sets, then Accept-Language (ko if preferred)."""
    q = request.query_params.get("lang")
    if q in LANGS:
        return q
    c = request.cookies.get(COOKIE)
    if c in LANGS:
        return c
    best, best_q = "en", -1.0
    for part in request.headers.get("accept-language", "").split(","):
        bits = part.strip().split(";")
        tag = bits[0].strip().lower()[:2]
        weight = 1.0
        for b in bits[1:]:
            if b.strip().startswith("q="):
                try:
                    weight = float(b.strip()[2:])
                except ValueError:
                    weight = 0.0
        if tag in LANGS and weight > best_q:
            best, best_q = tag, weight
    return best
