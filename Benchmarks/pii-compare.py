#!/usr/bin/env python3
"""Personal-data detection beside Presidio's pattern recognizers, on Benchmarks/data/pii-samples.jsonl.

usage: pii-compare.py BULWARK PEER_PYTHON

Presidio's default engine needs a spaCy model that cannot be installed here, so its recognizers are called
directly (`recognizer.analyze(text, entities, nlp_artifacts=None)`), with their default score threshold of 0
(every pattern match counts; context words would only raise scores). Bulwark runs `bulwark guard check --jsonl`.
A prediction is a true positive when it has the gold entity's type and overlaps it. Prints precision and recall per
entity type and the time per text for each (Bulwark's includes one process start).
"""
import json
import os
import subprocess
import sys
import time

PEER = r"""
import json, sys, time
from presidio_analyzer.predefined_recognizers import (EmailRecognizer, CreditCardRecognizer, IbanRecognizer, UsSsnRecognizer,
    IpRecognizer, CryptoRecognizer, PhoneRecognizer, UkNinoRecognizer, NhsRecognizer)
names = {"EMAIL_ADDRESS": "email", "CREDIT_CARD": "credit_card", "IBAN_CODE": "iban", "US_SSN": "us_ssn", "IP_ADDRESS": "ip_address",
         "CRYPTO": "crypto_address", "PHONE_NUMBER": "phone", "UK_NINO": "uk_nino", "UK_NHS": "nhs_number"}
recognizers = [EmailRecognizer(), CreditCardRecognizer(), IbanRecognizer(), UsSsnRecognizer(), IpRecognizer(), CryptoRecognizer(),
               PhoneRecognizer(supported_regions=("US", "UK", "DE", "FR")), UkNinoRecognizer(), NhsRecognizer()]
rows = [json.loads(line) for line in sys.stdin]
start = time.perf_counter()
out = []
for row in rows:
    found = []
    for recognizer in recognizers:
        for result in recognizer.analyze(row["text"], entities=recognizer.supported_entities, nlp_artifacts=None) or []:
            if result.entity_type in names:
                found.append({"type": names[result.entity_type], "start": result.start, "end": result.end})
    out.append(found)
print(json.dumps({"found": out, "seconds": time.perf_counter() - start}))
"""


def score(rows, predictions):
    types = sorted({e["type"] for row in rows for e in row["entities"]})
    table = {}
    for kind in types:
        tp = fp = fn = 0
        for row, found in zip(rows, predictions):
            gold = [e for e in row["entities"] if e["type"] == kind]
            predicted = [p for p in found if p["type"] == kind]
            matched = [g for g in gold if any(p["start"] < g["end"] and g["start"] < p["end"] for p in predicted)]
            tp += len(matched)
            fn += len(gold) - len(matched)
            fp += sum(1 for p in predicted if not any(p["start"] < g["end"] and g["start"] < p["end"] for g in gold))
        table[kind] = (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)
    return table


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    bulwark, peer = os.path.abspath(sys.argv[1]), sys.argv[2]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data/pii-samples.jsonl")
    rows = [json.loads(line) for line in open(path)]
    start = time.perf_counter()
    out = subprocess.run([bulwark, "guard", "check", "--jsonl", path], check=True, capture_output=True, text=True).stdout
    bulwark_seconds = time.perf_counter() - start
    bulwark_found = [json.loads(line)["pii"] for line in out.splitlines()]
    peer_run = subprocess.run([peer, "-c", PEER], input="".join(json.dumps({"text": r["text"]}) + "\n" for r in rows),
                              check=True, capture_output=True, text=True)
    peer_result = json.loads(peer_run.stdout)
    ours, theirs = score(rows, bulwark_found), score(rows, peer_result["found"])
    print(f"{len(rows)} texts ({sum(len(r['entities']) for r in rows)} entities, {sum(1 for r in rows if not r['entities'])} checksum look-alikes)")
    print("| entity | Bulwark precision | Bulwark recall | Presidio precision | Presidio recall |")
    print("|---|---|---|---|---|")
    for kind in ours:
        print(f"| {kind} | {ours[kind][0]:.3f} | {ours[kind][1]:.3f} | {theirs[kind][0]:.3f} | {theirs[kind][1]:.3f} |")
    print(f"time per text: Bulwark {bulwark_seconds * 1e6 / len(rows):.0f} µs (one process for all, start-up included), "
          f"Presidio recognizers {peer_result['seconds'] * 1e6 / len(rows):.0f} µs")


if __name__ == "__main__":
    main()
