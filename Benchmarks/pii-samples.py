#!/usr/bin/env python3
"""Writes Benchmarks/data/pii-samples.jsonl: labelled personal-data samples for comparing detectors.

Deterministic (seeded). Each line is {"text", "entities": [{"type", "start", "end"}]} with offsets in Python
string indices. For every entity type there are valid values (checksums computed: Luhn, IBAN mod-97, NHS mod-11,
base58check) in sentences, and look-alikes that fail their checksum or rules with no entities, so a detector is
scored on both recall and precision.
"""
import hashlib
import json
import os
import random

rng = random.Random(20261129)
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def luhn_digit(digits):
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = int(d)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def card(valid=True):
    prefix, length = rng.choice([("4", 16), ("51", 16), ("55", 16), ("34", 15), ("37", 15), ("6011", 16)])
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    check = luhn_digit(body)
    if not valid:
        check = str((int(check) + rng.randint(1, 9)) % 10)
    number = body + check
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4)) if rng.random() < 0.5 else number


def iban(valid=True):
    country, bban = rng.choice([("DE", lambda: "".join(rng.choice("0123456789") for _ in range(18))),
                                ("GB", lambda: "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + "".join(rng.choice("0123456789") for _ in range(14))),
                                ("FR", lambda: "".join(rng.choice("0123456789") for _ in range(23)))])
    b = bban()
    rearranged = b + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    check = 98 - number % 97
    if not valid:
        check = (check % 97) + 1 if check != 97 else 2
    value = f"{country}{check:02d}{b}"
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4)) if rng.random() < 0.5 else value


def nhs(valid=True):
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            break
    if not valid:
        check = (check + rng.randint(1, 9)) % 10
    s = "".join(map(str, digits)) + str(check)
    return f"{s[:3]} {s[3:6]} {s[6:]}"


def ssn(valid=True):
    area = rng.choice([a for a in range(1, 900) if a != 666]) if valid else rng.choice([0, 666, rng.randint(900, 999)])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def nino(valid=True):
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    if valid:
        while True:
            prefix = rng.choice(first) + rng.choice(second)
            if prefix not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
                break
    else:
        prefix = rng.choice(["QQ", "BG", "DA", "FV"])
    digits = "".join(rng.choice("0123456789") for _ in range(6))
    return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {rng.choice('ABCD')}"


def email():
    first = rng.choice(["jane", "omar", "li", "sofia", "raj", "emma", "noah"])
    last = rng.choice(["doe", "khan", "wei", "garcia", "patel", "smith"])
    return f"{first}.{last}@{rng.choice(['contoso.com', 'fabrikam.co.uk', 'example.org', 'mail.contoso.de'])}"


def phone():
    kind = rng.choice(["us", "uk", "us-national"])
    if kind == "us":
        return f"+1 {rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)} {rng.randint(2, 9)}{rng.randint(10, 99)} {rng.randint(1000, 9999)}"
    if kind == "uk":
        return f"+44 20 {rng.randint(7000, 8999)} {rng.randint(1000, 9999)}"
    return f"({rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}) {rng.randint(2, 9)}{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"


def ip():
    if rng.random() < 0.7:
        return ".".join(str(rng.randint(1, 254)) for _ in range(4))
    return f"2001:db8:{rng.randint(1, 0xffff):x}::{rng.randint(1, 0xffff):x}"


def btc(valid=True):
    payload = bytes([0]) + bytes(rng.randint(0, 255) for _ in range(20))
    checksum = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number = int.from_bytes(payload + checksum, "big")
    encoded = ""
    while number:
        number, rem = divmod(number, 58)
        encoded = B58[rem] + encoded
    encoded = "1" * (len(payload + checksum) - len((payload + checksum).lstrip(b"\0"))) + encoded
    if not valid:
        i = rng.randint(5, len(encoded) - 2)
        encoded = encoded[:i] + rng.choice([c for c in B58 if c != encoded[i]]) + encoded[i + 1:]
    return encoded


GENERATORS = {
    "credit_card": card, "iban": iban, "nhs_number": nhs, "us_ssn": ssn, "uk_nino": nino, "email": lambda valid=True: email(),
    "phone": lambda valid=True: phone(), "ip_address": lambda valid=True: ip(), "crypto_address": btc,
}
INVALID = {"credit_card", "iban", "nhs_number", "us_ssn", "uk_nino", "crypto_address"}
TEMPLATES = ["Please update my record: {}.", "The value on file is {} as of last week.", "Can you check {} for me?",
             "Customer wrote: my details are {} and nothing else.", "{} was listed in the form.", "Forwarding {} to billing."]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rows = []
    for kind, generate in GENERATORS.items():
        for _ in range(60):
            value = generate(True) if kind in INVALID else generate()
            template = rng.choice(TEMPLATES)
            text = template.format(value)
            start = text.index(value)
            rows.append({"text": text, "entities": [{"type": kind, "start": start, "end": start + len(value)}]})
        if kind in INVALID:
            for _ in range(30):
                rows.append({"text": rng.choice(TEMPLATES).format(generate(False)), "entities": [], "lookalike": kind})
    with open(os.path.join(here, "data/pii-samples.jsonl"), "w") as out:
        out.writelines(json.dumps(row) + "\n" for row in rows)
    print(f"wrote {len(rows)} samples")


if __name__ == "__main__":
    main()
