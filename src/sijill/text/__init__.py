"""Text stage: language, normalisation with an offset map, sentences."""
from .language import detect_language
from .normalize import NormText, fold, normalize
from .sentences import split_sentences

__all__ = ["AnalysedDocument", "NormText", "analyse", "detect_language", "fold", "normalize", "split_sentences"]


from dataclasses import dataclass as _dataclass

from ..model import Document, Options, Sentence


@_dataclass(frozen=True)
class AnalysedDocument:
    """A document with what the text stage found: its language, normal form and sentences."""
    doc: Document
    language: str
    nt: NormText
    sentences: tuple[Sentence, ...]
    paragraph_of: tuple[int, ...]   # for each sentence, the index of its paragraph


def analyse(doc: Document, options: Options) -> AnalysedDocument:
    """Stage 2: language, normalisation with offset map, sentences and paragraphs."""
    language = options.language or doc.language or detect_language(doc.text)
    sentences = tuple(split_sentences(doc.text))
    paragraph_of = []
    para, last_end = 0, 0
    for s in sentences:
        if "\n" in doc.text[last_end:s.start]:
            para += 1
        paragraph_of.append(para)
        last_end = s.end
    return AnalysedDocument(doc, language, normalize(doc.text), sentences, tuple(paragraph_of))
