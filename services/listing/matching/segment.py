"""Word segmentation (jieba): a short lexicon term counts only where a word starts, so "最" is a claim in "最舒服" but
"尽快", "特大号" or "医生" are never read as the claims their characters share. The dictionary loads once per process,
lazily, on the first text that needs it; longer lexicon terms are added as user words once per lexicon version."""

import logging
import threading
import warnings

_lock = threading.Lock()
_tokenizer = None
_user_words: set[str] = set()


def tokenizer():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                with warnings.catch_warnings():  # jieba imports pkg_resources, which warns on import
                    warnings.simplefilter("ignore")
                    import jieba
                jieba.setLogLevel(logging.WARNING)
                made = jieba.Tokenizer()
                made.initialize()
                _tokenizer = made
    return _tokenizer


def add_words(words, pause=None, every: int = 200) -> None:
    """Lexicon terms as user words, so segmentation keeps them whole (once per word per process). `pause`: called
    every `every` words (a build beside reviews lets them run); the lock is not held across a pause."""
    new = [w for w in (words if pause is None else _paced(words, pause, every * 10)) if w not in _user_words]
    if not new:
        return
    tk = tokenizer()
    for at in range(0, len(new), every):
        with _lock:
            for word in new[at:at + every]:
                tk.add_word(word)
                _user_words.add(word)
        if pause is not None:
            pause()


def _paced(words, pause, every: int):
    for i, word in enumerate(words, 1):
        yield word
        if i % every == 0:
            pause()


def word_starts(text: str) -> set[int]:
    """Offsets in `text` where a word begins (and len(text), so a word's end is also found)."""
    starts, position = set(), 0
    for token in tokenizer().cut(text, HMM=False):
        starts.add(position)
        position += len(token)
    starts.add(position)
    return starts
