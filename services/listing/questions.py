"""Questions and their answers in a listing's own Q&A or FAQ (pure; round 18). A question asks, it promises nothing
("问：能保证通过吗？"), unless the seller's answer right after it says yes with certainty ("问：以后会升值吗？答：肯定会涨"):
then the question is the seller's statement. Used by the guarantee check (guarantees.py); the lexicon's rhetorical
comparatives ("还有比我家更甜的吗？没有！") read their answer in the pattern itself."""

import re

SENTENCE_END = "。!！?？\n"
ASKED = "?？"
# The answer's opening label in a Q&A block ("答：", "A:", "回复：").
ANSWER_LABEL = re.compile(r"\s*((答|a|回复|回答|客服|掌柜)\s*[:：]\s*)?", re.IGNORECASE)
# A yes said with certainty: the answer vouches for the result the question names.
CERTAIN_YES = re.compile(r"(肯定|一定|保证|绝对|百分百|百分之百|必须|必然|包|当然)(?!不|没|无法|不能|不会|不一定)")
QUESTION_LABEL = re.compile(r"^\s*((问|q|提问|买家问)\s*[:：]\s*)?", re.IGNORECASE)
ASKING = re.compile(r"(吗|么|嘛|呢|不会|不能|可不可以|是不是|有没有|是否)?\s*[?？]$")


def sentence_at(text: str, at: int) -> tuple[int, int]:
    """The sentence around `at`: its start and its end, the end mark included."""
    start = max(text.rfind(c, 0, at) for c in SENTENCE_END) + 1
    ends = [e for e in (text.find(c, at) for c in SENTENCE_END) if e >= 0]
    return start, (min(ends) + 1 if ends else len(text))


def is_question(text: str, start: int, end: int) -> bool:
    return text[end - 1:end] in tuple(ASKED) if end > start else False


def answer_after(text: str, end: int) -> str:
    """The answer's first sentence after a question ending at `end`, its label taken off."""
    label = ANSWER_LABEL.match(text, end)
    at = label.end() if label else end
    _, stop = sentence_at(text, at)
    return text[at:stop]


def affirmed(text: str, end: int) -> bool:
    """Does the answer after the question ending at `end` open with a certain yes?"""
    return bool(CERTAIN_YES.match(answer_after(text, end)))


def asked_unaffirmed(text: str, at: int) -> bool:
    """Is `at` inside a question that no certain yes answers?"""
    start, end = sentence_at(text, at)
    return is_question(text, start, end) and not affirmed(text, end)


def affirmed_questions(text: str) -> list[tuple[int, int, str]]:
    """Each question a certain yes answers: (its start, the answer's end, the question as a statement)."""
    out, at = [], 0
    while at < len(text):
        start, end = sentence_at(text, at)
        if is_question(text, start, end) and affirmed(text, end):
            asked = text[start:end]
            statement = ASKING.sub("", asked[QUESTION_LABEL.match(asked).end():])
            label = ANSWER_LABEL.match(text, end)
            out.append((start, sentence_at(text, label.end() if label else end)[1], statement))
        at = max(end, at + 1)
    return out
