"""Build the atheris seed corpora in fuzz/corpus/ from the bundled examples and
tests/regime_files/ (the broken files and the fuzz regressions).

    python fuzz/make_corpus.py

`fuzz/corpus/loader/` gets each file twice (the harness's first byte picks
`loads_regime` or `load_regime`); `fuzz/corpus/cli/` gets command lines over
them in the harness's format (arguments separated by NUL bytes, then two NUL
bytes, then the files' content). The corpora are generated, not committed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus"

CHECK = "check @regime --recipient {r} --item {i} --mode hosted-api --on 2026-06-27"
COMMANDS = [
    CHECK.format(r="other-corp", i="mythos-5"),
    CHECK.format(r="priya", i="fable-5") + " --citizenship IN --employer anthropic",
    CHECK.format(r="x", i="mythos-5") + " --json --as-known-on 2026-06-20",
    "check mythos5 --recipient-file @recipient --item mythos-5 --mode web-app "
    "--at 2026-06-15T09:30-04:00 --json",
    "history @regime --recipient acme-cloud --item fable-5 --mode web-app "
    "--format mermaid --start 2026-06-01 --end 2026-07-01",
    "history mythos5 --recipient-file @recipient --item fable-5 --mode hosted-api --json",
    "changes @regime --since 2026-06-01 --until 2026-07-01 --json",
    "validate @regime @missing --json",
    "lint @regime",
    "audit mythos5 --log @jsonl --out @out --json",
    "audit @regime --log @csv --as-known-on 2026-06-20",
    "schema",
]
RECIPIENT = b"id: wei\nkind: individual\ncitizenships:\n- country: CN\n"
LOG = (
    b'{"recipient": "acme-cloud", "item": "mythos-5", "mode": "hosted-api",'
    b' "at": "2026-06-15T09:30-04:00", "citizenships": ["CN"]}\n'
)
CSV = b"recipient,item,mode,at\nother-corp,mythos-5,hosted-api,2026-06-27T12:00Z\n"


def sources() -> list[Path]:
    files = sorted((ROOT / "src" / "aicontrols" / "examples").glob("*.yaml"))
    for folder in ("broken", "fuzz"):
        files += sorted(
            p
            for p in (ROOT / "tests" / "regime_files" / folder).glob("*")
            if p.suffix in (".yaml", ".json", ".yml") and p.name != "MANIFEST.yaml"
        )
    return files


def write(folder: Path, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    files = sources()
    for path in files:
        content = path.read_bytes()
        write(OUT / "loader", b"\x00" + content)
        write(OUT / "loader", b"\x01" + content)
    examples = files[:3]
    for command in COMMANDS:
        argv = command.encode().replace(b" ", b"\x00")
        contents = [RECIPIENT, LOG, CSV] if "@regime" not in command else []
        contents += [p.read_bytes() for p in examples] if "@regime" in command else []
        for content in contents:
            write(OUT / "cli", argv + b"\x00\x00" + content)
    print(f"{len(files)} files -> {OUT}")


if __name__ == "__main__":
    main()
