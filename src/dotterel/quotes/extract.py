"""Quotes stage: direct quotations (straight or curly quotes, across sentences) and reported speech.

Speakers are the subjects of speech verbs ("said", "warned", "told") or the object of
"according to", resolved by the actors stage, so a quote's speaker is the same actor as
elsewhere in the article.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

from ..document import Actor, Document, Quote, Sentence

SPEECH = {"say", "tell", "warn", "add", "note", "state", "declare", "insist", "write", "stress", "argue", "claim",
          "announce", "explain", "clarify", "reply", "respond", "caution", "emphasise", "emphasize", "urge",
          "ask", "vow", "pledge", "assert", "remark", "comment", "complain", "accuse", "deny", "admit", "tweet", "post",
          "call", "demand", "describe", "brand", "dismiss", "reject"}
_QUOTED = re.compile(r'"([^"\n]{3,2000}?)"|“([^”]{3,2000}?)”')


def _sentence_at(doc: Document, starts: list[int], pos: int) -> Sentence | None:
    """The sentence holding character `pos` (or ending just before it); `starts` are the sentences' starts, so a
    long article's thousands of quotes each find theirs by bisection, not by a scan."""
    i = bisect_right(starts, pos) - 1
    for s in doc.sentences[max(i - 1, 0):i + 1]:  # the earlier of two that touch
        if s.start <= pos < s.end + 1:
            return s
    return None


def _speech_verbs(sent: Sentence, exclude: tuple[int, int] | None = None) -> list[Any]:
    out = []
    for tok in sent.span:
        at = sent.offset + tok.idx
        if exclude and exclude[0] <= at < exclude[1]:
            continue
        if tok.pos_ == "VERB" and tok.lemma_.lower() in SPEECH:
            out.append(tok)
    return out


def _speaker(sent: Sentence, verb: Any) -> Actor | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.i in sent.actors:
            return sent.actors[c.i]
    if verb.dep_ == "acl" and verb.head.i in sent.actors and sent.actors[verb.head.i].kind != "object":
        return sent.actors[verb.head.i]  # "Minister Kim called on ...": a main verb hung on the name
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i:
        return _speaker(sent, verb.head)
    return None


def _according_to(sent: Sentence) -> tuple[Any, Actor] | None:
    for tok in sent.span:
        if tok.lower_ == "according" and tok.i + 1 < sent.span.end and tok.nbor(1).lower_ == "to":
            pobj = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.i in sent.actors:
                return tok, sent.actors[pobj.i]
    return None


class Quotes:
    name = "quotes"

    def __call__(self, doc: Document) -> Document:
        covered: list[tuple[int, int]] = []
        starts = [s.start for s in doc.sentences]
        for m in _QUOTED.finditer(doc.text):
            g = 1 if m.group(1) is not None else 2
            start, end = m.start(g), m.end(g)
            text = m.group(g)
            if len(text.split()) < 2 or not doc.clean_text[start:end].strip():
                continue
            verb_sent, verb, speaker = None, None, None
            for pos in (m.end(), m.start()):
                s = _sentence_at(doc, starts, pos)
                if s is None:
                    continue
                for v in _speech_verbs(s, (m.start(), m.end())):
                    sp = _speaker(s, v)
                    if sp is not None:
                        verb_sent, verb, speaker = s, v, sp
                        break
                if speaker is not None:
                    break
            if speaker is None:
                continue  # scare quotes and titles: no speaker, no quote
            covered.append((start, end))
            doc.quotes.append(Quote(text=text, start=start, end=end, kind="direct", verb=verb.text,
                                    speaker=speaker, sentence=verb_sent.index))
        for sent in doc.sentences:
            self._reported(doc, sent, covered)
        unique = {(q.start, q.end, q.kind): q for q in doc.quotes}  # two speech verbs, one clause: one quote
        doc.quotes = sorted(unique.values(), key=lambda q: (q.start, q.end))
        self._link(doc)
        return doc

    def _reported(self, doc: Document, sent: Sentence, covered: list[tuple[int, int]]) -> None:
        for verb in _speech_verbs(sent):
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            speaker = _speaker(sent, verb)
            if clause is None or speaker is None:
                continue
            toks = [t for t in clause.subtree if not (t.is_punct or t.is_space)]
            if not toks:
                continue
            start = sent.offset + toks[0].idx
            end = sent.offset + toks[-1].idx + len(toks[-1].text)
            if any(s <= start < e or s < end <= e for s, e in covered):
                continue
            if toks[0].lower_ == "that":
                start = sent.offset + toks[1].idx if len(toks) > 1 else start
            doc.quotes.append(Quote(text=doc.text[start:end], start=start, end=end, kind="reported",
                                    verb=verb.text, speaker=speaker, sentence=sent.index))
        acc = _according_to(sent)
        if acc is not None:
            tok, speaker = acc
            doc.quotes.append(Quote(text=doc.text[sent.start:sent.end], start=sent.start, end=sent.end,
                                    kind="reported", verb="according to", speaker=speaker, sentence=sent.index))

    @staticmethod
    def _link(doc: Document) -> None:
        """A quote's event is the first event whose trigger it contains or, in the quote's sentence, whose actor
        is its speaker. Events are found by position and by sentence, not by scanning all of them per quote."""
        by_start = sorted(range(len(doc.events)), key=lambda i: doc.events[i].event_start)
        starts = [doc.events[i].event_start for i in by_start]
        in_sentence: dict[int, list[int]] = {}
        for i, ev in enumerate(doc.events):
            in_sentence.setdefault(ev.sentence, []).append(i)
        for q in doc.quotes:
            inside = by_start[bisect_left(starts, q.start):bisect_left(starts, q.end)]
            spoken = [i for i in in_sentence.get(q.sentence, ()) if q.speaker
                      and any(a.start == q.speaker.start for a in doc.events[i].actor)]
            first = min(inside + spoken, default=None)
            if first is not None:
                q.event_id = doc.events[first].id or None
