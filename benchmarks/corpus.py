"""The words and code the benchmark posts are made of.

Every function takes the post's random generator and its number. The number goes into one
literal of every code block, so no two blocks of a generated site are the same.
"""

from __future__ import annotations

import random
from string import Template

__all__ = [
    "CHAPTER_TOPICS",
    "OPENERS",
    "TAGS",
    "TOPICS",
    "code_block",
    "list_block",
    "long_rust_block",
    "paragraph",
    "second_language",
    "sentence",
]

TAGS = (
    "rust", "ownership", "borrowing", "lifetimes", "traits", "generics", "iterators",
    "closures", "async", "tokio", "testing", "cargo", "clippy", "macros", "errors", "enums",
    "pattern-matching", "collections", "strings", "concurrency", "unsafe", "ffi",
    "performance", "wasm", "cli", "serde", "tooling", "beginners", "learning-in-public",
    "embedded",
)  # fmt: skip
TOPICS = (
    "borrowing across threads", "lifetimes in closures", "error handling with anyhow",
    "iterator adapters", "trait objects", "generic bounds", "smart pointers", "interior mutability",
    "pattern matching", "string slices", "async runtimes", "cargo workspaces", "property tests",
    "declarative macros", "enum dispatch", "zero-cost abstractions", "the newtype pattern",
    "serde derive", "command line parsing", "channels and workers", "unsafe blocks",
    "foreign functions", "const generics", "slice patterns", "benchmarks that lie",
)  # fmt: skip
OPENERS = (
    "What I Learned About", "Notes on", "A Week with", "Finally Understanding",
    "Mistakes I Made with", "Revisiting", "A Small Guide to", "Questions About",
)  # fmt: skip
CHAPTER_TOPICS = (
    "hello cargo", "ownership", "borrowing", "structs and enums", "pattern matching",
    "error handling", "collections", "traits", "generics and lifetimes",
    "iterators and closures", "concurrency", "building a project",
)  # fmt: skip

_SUBJECTS = (
    "The borrow checker", "My first attempt", "This version", "The compiler", "A small refactor",
    "The test suite", "Cargo", "The iterator chain", "Every extra clone", "The error message",
    "The standard library", "A colleague", "The profiler", "Clippy", "The second draft",
)  # fmt: skip
_VERBS = (
    "rejected", "taught me about", "pointed straight at", "made me rethink", "quietly fixed",
    "exposed", "simplified", "hid", "warned me about", "turned out to depend on", "removed",
    "doubled",
)  # fmt: skip
_OBJECTS = (
    "the lifetime of the buffer", "a dangling reference", "an extra allocation",
    "the ownership of the config", "a mutable borrow inside the loop", "the shape of my data",
    "a missing trait bound", "the cost of cloning strings", "two threads sharing one counter",
    "an unused import", "the order of the match arms", "the size of the enum",
    "a hidden panic", "the public interface",
)  # fmt: skip
_TAILS = (
    "after a long evening", "once I read it slowly", "without a single unsafe block",
    "in under a second", "on the first try", "before lunch", "in the end",
    "more than I expected", "for the third time this week", "",
)  # fmt: skip
_WORDS = (
    "buffer", "config", "counter", "parser", "token", "reader", "cache", "queue", "index",
    "record", "window", "budget", "ledger", "shell", "claw", "tide", "reef", "current",
)  # fmt: skip


def _ident(rng: random.Random, index: int) -> str:
    return f"{rng.choice(_WORDS)}_{rng.choice(_WORDS)}_{index % 97}"


def _camel(rng: random.Random) -> str:
    return rng.choice(_WORDS).capitalize() + rng.choice(_WORDS).capitalize()


def _decoration(rng: random.Random, index: int) -> str:
    topic = rng.choice(TOPICS)
    slug = topic.replace(" ", "-")
    choices = (
        f", which is why `{_ident(rng, index)}` now takes a reference",
        f" once I read [the notes on {topic}](https://example.org/notes/{slug}/)",
        f" and the fix was *{rng.choice(('surprisingly', 'annoyingly', 'pleasantly'))}* small",
        f", so **{topic}** matters here",
        f" when I called `{_ident(rng, index)}()` twice",
    )
    return rng.choice(choices)


def sentence(rng: random.Random, index: int, plain: bool = False) -> str:
    """One sentence of 6 to 25 words; with inline Markdown unless ``plain``."""
    tail = rng.choice(_TAILS)
    text = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
    if not plain and rng.random() < 0.45:
        text += _decoration(rng, index)
    return f"{text} {tail}".rstrip() + "."


def paragraph(rng: random.Random, index: int, max_words: int) -> str:
    """Three to six sentences, fewer once ``max_words`` is reached (but never none)."""
    sentences = [sentence(rng, index)]
    words = len(sentences[0].split())
    for _ in range(rng.randint(2, 5)):
        if words >= max_words:
            break
        sentences.append(sentence(rng, index))
        words += len(sentences[-1].split())
    return " ".join(sentences)


def list_block(rng: random.Random, index: int) -> str:
    """A lead-in line and a bulleted or numbered list of 3 to 5 items, the first with a link."""
    marker = rng.choice(("-", "1."))
    items = []
    for number in range(rng.randint(3, 5)):
        item = f"`{_ident(rng, index)}` {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
        if number == 0 or rng.random() < 0.3:  # every post has a link
            item += f" (see [{rng.choice(TOPICS)}](https://example.org/t/{rng.randrange(999)}/))"
        items.append(f"{marker} {item}")
    return "Things to *remember*:\n\n" + "\n".join(items)


def second_language(rng: random.Random) -> str:
    return rng.choice(("python", "toml", "js", "bash"))


_CODE: dict[str, tuple[str, ...]] = {
    "rust": (
        """#[derive(Debug, Clone, PartialEq)]
struct $Type {
    $a: u32,
    $b: String,
}

impl $Type {
    fn $fn(&self, limit: u32) -> Option<u32> {
        if self.$a > limit {
            None
        } else {
            Some(self.$a * $n1 + $n2)
        }
    }
}

fn main() {
    let item = $Type { $a: $n3, $b: String::from("$text") };
    println!("{:?} -> {:?}", item, item.$fn($n4));
}""",
        """#[derive(Debug)]
enum $Type {
    Empty,
    One(u64),
    Many { $a: Vec<u64>, $b: usize },
}

fn $fn(value: &$Type) -> u64 {
    match value {
        $Type::Empty => $n2,
        $Type::One(n) if *n > $n3 => n - $n3,
        $Type::One(n) => *n,
        $Type::Many { $a, $b } => $a.iter().take(*$b).sum::<u64>() + $n1,
    }
}""",
        """use std::collections::HashMap;

fn $fn(words: &[&str]) -> Vec<(String, usize)> {
    let mut $a: HashMap<String, usize> = HashMap::with_capacity($n1);
    for word in words.iter().filter(|w| w.len() > $n4) {
        *$a.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    let mut $b: Vec<_> = $a.into_iter().collect();
    $b.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    $b.truncate($n2);
    $b
}""",
        """use std::fmt;

#[derive(Debug)]
pub enum ${Type}Error {
    TooLarge(u32),
    Missing(&'static str),
}

impl fmt::Display for ${Type}Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge(n) => write!(f, "{n} is over $n1"),
            Self::Missing(what) => write!(f, "missing {what}"),
        }
    }
}

pub fn $fn(input: Option<&str>) -> Result<u32, ${Type}Error> {
    let $a = input.ok_or(${Type}Error::Missing("$text"))?;
    let $b: u32 = $a.trim().parse().unwrap_or($n3);
    if $b > $n1 { Err(${Type}Error::TooLarge($b)) } else { Ok($b + $n2) }
}""",
        """trait $Type {
    fn $fn(&self) -> f64;
    fn scaled(&self, by: f64) -> f64 {
        self.$fn() * by + $n2.0
    }
}

struct ${Type}Impl<const N: usize> {
    $a: [f64; N],
}

impl<const N: usize> $Type for ${Type}Impl<N> {
    fn $fn(&self) -> f64 {
        self.$a.iter().copied().fold($n3.0, f64::max) / $n1.0
    }
}

fn total<T: $Type>(items: &[T]) -> f64 {
    items.iter().map(|item| item.scaled($n4.5)).sum()
}""",
    ),
    "python": (
        """from dataclasses import dataclass


@dataclass(frozen=True)
class $Type:
    $a: int
    $b: str = "$text"

    def $fn(self, limit: int = $n4) -> int | None:
        return None if self.$a > limit else self.$a * $n1 + $n2


print([$Type(n).$fn() for n in range($n3)])""",
    ),
    "toml": (
        """[package]
name = "$text"
version = "0.$n4.$n2"
edition = "2021"

[dependencies]
serde = { version = "1.0", features = ["derive"] }
$a = { path = "../$a", version = "0.$n3" }

[profile.release]
opt-level = 3
codegen-units = $n1""",
    ),
    "js": (
        """export function $fn($a, { limit = $n1 } = {}) {
  const $b = new Map();
  for (const item of $a.slice(0, limit)) {
    $b.set(item.id, ($b.get(item.id) ?? $n2) + item.count * $n3);
  }
  return [...$b.entries()].filter(([, n]) => n > $n4);
}""",
    ),
    "bash": (
        """#!/usr/bin/env bash
set -euo pipefail
cargo new $text --lib
cd $text
cargo add serde --features derive
for run in $$(seq 1 $n4); do
  cargo test --release -- --test-threads=$n2 "$a" > "log-$$run.txt"
done
echo "$n1 iterations of $b done"
""",
    ),
}


def code_block(rng: random.Random, index: int, language: str) -> str:
    """A fenced block in ``language``, distinct from every other post's: ``index`` is in it."""
    template = Template(rng.choice(_CODE[language]))
    values = {
        "Type": _camel(rng),
        "fn": _ident(rng, index),
        "a": rng.choice(_WORDS) + "s",
        "b": rng.choice(_WORDS) + "_total",
        "n1": str(1000 + 7 * index + rng.randrange(7)),  # unique per post
        "n2": str(rng.randrange(2, 50)),
        "n3": str(rng.randrange(50, 500)),
        "n4": str(rng.randrange(3, 12)),
        "text": f"{rng.choice(_WORDS)}-{rng.choice(_WORDS)}",
    }
    return f"```{language}\n{template.substitute(values).rstrip()}\n```"


# The statements of a long block: every one names the post and the block, so no statement
# repeats in another post (a cache of highlighted lines or blocks cannot skip one).
_RUST_LINES = (
    "    let {v}_{k} = input.iter().filter(|x| **x > {n}).count() as u64;",
    "    let mut {v}_{k}: Vec<u64> = Vec::with_capacity({n});",
    "    for item in input.iter().take({n}) {{ total ^= item.rotate_left({m}); }}",
    '    if total % {n} == {m} {{ return Err(format!("{v} {k}: {{total}}")); }}',
    "    let {v}_{k} = match total.checked_mul({n}) {{ Some(x) => x, None => {m} }};",
    "    total = total.wrapping_add({n}).wrapping_mul({m}); // {v} step {k}",
    '    let {v}_{k}: HashMap<u64, &str> = HashMap::from([({n}, "{v}")]);',
    '    println!("{v} {k} -> {{}} and {{:?}}", total, input.get({m}));',
    '    assert!(total != {n}, "{v}_{k} must differ from {m}");',
    "    let {v}_{k} = input.windows(2).map(|w| w[0].max(w[1]) + {n}).sum::<u64>();",
)


def long_rust_block(rng: random.Random, index: int, serial: int) -> str:
    """A Rust block of 12 lines whose statements all name post ``index`` and block ``serial``."""
    name = f"{rng.choice(_WORDS)}_{index}_{serial}"
    lines = [
        f"fn {name}(input: &[u64]) -> Result<u64, String> {{",
        f"    let mut total = {index}u64;",
    ]
    for k, template in enumerate(rng.sample(_RUST_LINES, 8)):
        v = rng.choice(_WORDS)
        n, m = 1000 * index + serial * 10 + k, rng.randrange(2, 60)
        lines.append(template.format(v=v, k=f"{index}_{serial}_{k}", n=n, m=m))
    lines += ["    Ok(total)", "}"]
    return "```rust\n" + "\n".join(lines) + "\n```"
