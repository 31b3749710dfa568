"""Sentence segmentation, by part: the words it knows, the evidence it weighs, the splitters.

`transpress.segment` is the public face (`split_sentences`, `join_sentences`,
`sentence_separator`); these modules are its parts:

* `lexicon`: titles, abbreviations (each with the kind of place it takes in a sentence)
  and the function words that open sentences;
* `evidence`: what the tokens around a period say about a boundary there;
* `latin`: the English / French splitter;
* `japanese`: the Japanese splitter;
* `cutting`: cutting a text at boundaries, shared by both splitters.
"""
