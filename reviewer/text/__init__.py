"""Text layer: normalisation, sentences, tokens, quantities."""
