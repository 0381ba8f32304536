#!/usr/bin/env python3
"""Write a deterministic synthetic dataset of N pledges (the dataset contract).

usage: gen.py N OUT.json [--seed S]

reportgen's own workload generator, for benchmarks and large-input tests
where no other generator is at hand.  Same N and seed give the same bytes.
Pledges are spread over N/25 meetings (3 to 48), nine companies with
uneven weights, eight categories; descriptions are Korean sentences of
60-160 characters; three in four pledges have an amount, seven in ten a
due date.
"""
import datetime
import json
import random
import sys

COMPANIES = [("네이버", 14), ("카카오", 13), ("쿠팡", 15), ("당근", 7), ("우아한형제들", 12),
             ("11번가", 8), ("지마켓", 8), ("롯데쇼핑e커머스", 6), ("한국우편사업진흥원", 4)]
TOPICS = {
    "판로지원": ["전통시장 온라인 기획전", "지역 특산물 전용관", "신규 판매자 노출 지원"],
    "정산·대금": ["정산 주기 단축", "판매대금 조기 지급", "선정산 수수료 면제"],
    "수수료": ["중개수수료 인하", "결제수수료 차등 적용", "광고비 상한제"],
    "금융지원": ["저금리 운영자금 대출", "보증료 지원", "매출채권 담보 대출"],
    "디지털전환·교육": ["온라인 창업 교육", "상세페이지 제작 지원", "AI 응대 도구 보급"],
    "이용자보호": ["환불 기한 단축", "허위 후기 차단", "분쟁조정 절차 개선"],
    "종사자지원": ["배달 종사자 보험료 지원", "쉼터 확대", "안전 교육 지원"],
    "지역·사회": ["지역화폐 결제 연동", "농어촌 배송 확대", "지역 상권 공동 마케팅"],
}
WHO = ["영세 판매자", "전통시장 상인", "청년 창업자", "고령 자영업자", "농어민 판매자"]
HOW = ["단계적으로 시행한다", "시범 운영 후 확대한다", "협의체와 함께 추진한다"]
MORE = ["이행 실적은 분기마다 협의체에 보고한다", "대상 사업자는 신청 없이 자동으로 적용받는다",
        "비용은 회사가 모두 부담하고 판매자에게 넘기지 않는다", "세부 기준은 석 달 안에 공개한다",
        "성과를 조사해 다음 회의에서 결과를 발표한다"]


def sentence(rng, company, title):
    text = "%s은(는) %s을(를) 위해 %s을(를) %s." % (company, rng.choice(WHO), title, rng.choice(HOW))
    goal = rng.randint(60, 160)
    for extra in rng.sample(MORE, len(MORE)):
        if len(text) >= goal or len(text) + len(extra) + 2 > 160:
            continue
        text += " " + extra + "."
    while len(text) < 60:
        text += " 이행 상황은 정기적으로 점검한다."
    return text


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    n, out = int(argv[0]), argv[1]
    seed = int(argv[2].split("=", 1)[1]) if len(argv) > 2 and argv[2].startswith("--seed=") else 7
    rng = random.Random(seed)
    n_meet = max(3, min(48, n // 25))
    first = datetime.date(2023, 3, 14)
    meetings = [{"id": "M%02d" % (i + 1),
                 "date": (first + datetime.timedelta(days=30 * i + rng.randint(0, 6))).isoformat(),
                 "title": "제%d차 플랫폼 상생협의체 회의" % (i + 1)} for i in range(n_meet)]
    names = [c for c, _ in COMPANIES]
    weights = [w for _, w in COMPANIES]
    pledges = []
    for i in range(n):
        m = meetings[min(n_meet - 1, i * n_meet // max(n, 1))]
        company = rng.choices(names, weights)[0]
        category = rng.choice(list(TOPICS))
        title = rng.choice(TOPICS[category])
        r = rng.random()
        amount = None if r < 0.25 else rng.choice([1, 5, 10, 50, 100, 300, 1000]) * 10**8 \
            if r < 0.7 else rng.choice([10, 50, 300, 2000]) * 10**4
        due = None
        if rng.random() < 0.7:
            due = (datetime.date.fromisoformat(m["date"]) +
                   datetime.timedelta(days=rng.randint(60, 900))).isoformat()
        pledges.append({"id": "P%06d" % (i + 1), "meeting": m["id"], "company": company,
                        "category": category, "title": title,
                        "description": sentence(rng, company, title),
                        "amount_krw": amount, "due": due})
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"title": "플랫폼 상생협의 이행 약속 현황", "meetings": meetings,
                   "pledges": pledges}, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
