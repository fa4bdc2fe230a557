#!/usr/bin/env python3
"""Injection detection beside prompt-injection-defense (PyPI), on held-out data, in the same run.

usage: injection-compare.py DATASET.jsonl BULWARK PEER_PYTHON [SAMPLE]
       injection-compare.py --whole FILE.jsonl BULWARK PEER_PYTHON

With --whole, every row of FILE is scored by both, Bulwark with its bundled model: for a labelled set that no
training file contains (Benchmarks/data/jailbreak-heldout.jsonl).

A deterministic sample (every k-th row of injection, jailbreak and benign, about SAMPLE rows) is held out; Bulwark's
model is retrained on everything else (plus the hand-written training files in Benchmarks/data) with `bulwark guard train`, and
both detectors score only the held-out rows. prompt-injection-defense counts a row as detected when its label is
`suspicious` or `high_risk`; Bulwark when the verdict is `flag` or `block` at the default thresholds. Prints
precision, recall, F1, false-positive rate and time per prompt for each. Also scores the held-out `harmful` rows
(not injections: flagging them is a false positive of another kind).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

# What the bundled model is trained on besides the shared dataset (see Sources/PromptGuards/Resources/injection-model.md).
TRAINING_FILES = ["hard-negatives.jsonl", "jailbreak-training.jsonl", "multilingual-benign.jsonl"]

PEER = r"""
import json, sys, time
from prompt_injection_defense import detect_prompt_injection
rows = [json.loads(line) for line in sys.stdin]
start = time.perf_counter()
out = [detect_prompt_injection(row["text"])["label"] != "benign" for row in rows]
print(json.dumps({"detected": out, "seconds": time.perf_counter() - start}))
"""


def metrics(rows, detected):
    positives = [d for r, d in zip(rows, detected) if r["label"] in ("injection", "jailbreak")]
    negatives = [d for r, d in zip(rows, detected) if r["label"] == "benign"]
    harmful = [d for r, d in zip(rows, detected) if r["label"] == "harmful"]
    tp, fp = sum(positives), sum(negatives)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(positives) if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, fp / len(negatives) if negatives else 0.0, sum(harmful) / len(harmful) if harmful else 0.0


def peer_detect(peer, rows):
    run = subprocess.run([peer, "-c", PEER], input="".join(json.dumps(r) + "\n" for r in rows),
                         check=True, capture_output=True, text=True)
    result = json.loads(run.stdout)
    return result["detected"], result["seconds"]


def bulwark_detect(bulwark, rows, model=None):
    with tempfile.TemporaryDirectory() as work:
        with open(f"{work}/rows.jsonl", "w") as f:
            f.writelines(json.dumps({"text": r["text"]}) + "\n" for r in rows)
        start = time.perf_counter()
        out = subprocess.run([bulwark, "guard", "check", "--jsonl", *(["--model", model] if model else []), f"{work}/rows.jsonl"],
                             check=True, capture_output=True, text=True).stdout
        seconds = time.perf_counter() - start
    return [json.loads(line)["injection"]["verdict"] != "allow" for line in out.splitlines()], seconds


def report(rows, results):
    print("| detector | precision | recall | F1 | FPR (benign) | harmful flagged | ms per prompt |")
    print("|---|---|---|---|---|---|---|")
    for name, (detected, seconds) in results:
        p, r, f, fpr, harmful = metrics(rows, detected)
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {fpr:.3f} | {harmful:.3f} | {seconds * 1000 / len(rows):.2f} |")


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "--whole":
        path, bulwark, peer = sys.argv[2], os.path.abspath(sys.argv[3]), sys.argv[4]
        rows = [json.loads(line) for line in open(path) if line.strip()]
        counts = {label: sum(r["label"] == label for r in rows) for label in ("injection", "jailbreak", "benign", "harmful")}
        print(f"{path}: {len(rows)} rows {counts}; Bulwark with its bundled model")
        report(rows, [("bulwark guard (process incl. start-up)", bulwark_detect(bulwark, rows)),
                      ("prompt-injection-defense 0.10.7", peer_detect(peer, rows))])
        return
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    dataset, bulwark, peer = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    sample = int(sys.argv[4]) if len(sys.argv) > 4 else 400
    rows = [json.loads(line) for line in open(dataset) if line.strip()]
    usable = [r for r in rows if r["label"] in ("injection", "jailbreak", "benign", "harmful")]
    step = max(1, len(usable) // sample)
    held = [r for i, r in enumerate(usable) if i % step == 0]
    train = [r for i, r in enumerate(usable) if i % step != 0]
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as work:
        with open(f"{work}/train.jsonl", "w") as f:
            f.writelines(json.dumps(r) + "\n" for r in train)
        extra = [os.path.join(here, "data", name) for name in TRAINING_FILES]
        subprocess.run([bulwark, "guard", "train", f"{work}/train.jsonl", *extra, "-o", f"{work}/model.bin", "--folds", "5"],
                       check=True, capture_output=True)
        ours = bulwark_detect(bulwark, held, model=f"{work}/model.bin")
    theirs = peer_detect(peer, held)
    counts = {label: sum(r["label"] == label for r in held) for label in ("injection", "jailbreak", "benign", "harmful")}
    print(f"held out: {len(held)} rows {counts}; Bulwark retrained on the other {len(train)} (+ {', '.join(TRAINING_FILES)})")
    report(held, [("bulwark guard (process incl. start-up)", ours), ("prompt-injection-defense 0.10.7", theirs)])


if __name__ == "__main__":
    main()
