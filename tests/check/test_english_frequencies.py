"""How often a word is used in English, as the duplicate guard reads it from ``wordfreq``'s data."""

from __future__ import annotations

import subprocess
import sys

import pytest
import wordfreq

from wren.similarity.title_structure import _english_frequencies, english_zipf, word_surprise


def test_the_frequencies_are_wordfreqs_small_english_list_word_for_word() -> None:
    assert _english_frequencies() == wordfreq.get_frequency_dict("en", wordlist="small")


@pytest.mark.parametrize("word", ["the", "Runtime", "lessons", "tokio", "zzzqx"])
def test_a_words_zipf_value_is_wordfreqs(word: str) -> None:
    expected = wordfreq.zipf_frequency(word, "en", wordlist="small")
    assert english_zipf(word) == pytest.approx(expected, abs=0.01)


def test_common_words_are_no_surprise_and_unlisted_names_are_the_most() -> None:
    assert word_surprise("the") == 0.0
    assert word_surprise("lessons") < word_surprise("runtime") < word_surprise("WebGPU")
    assert word_surprise("WebGPU") == 3.0


def test_looking_words_up_does_not_import_wordfreqs_tokeniser() -> None:
    """Importing ``wordfreq`` costs ``wren check`` about a quarter of a second (ftfy,
    langcodes, regex) on every run; the guard only needs the list."""
    script = (
        "import sys\n"
        "from wren.similarity.title_structure import english_zipf\n"
        "assert english_zipf('the') > 6\n"
        "print(' '.join(sorted(m for m in ('wordfreq', 'ftfy', 'langcodes', 'regex') if m in sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []
