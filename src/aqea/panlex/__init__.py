"""PanLex readers (docs/panlex.md): plain Python, no Prefect, no database.

- ``files``: text lines of plain, ``.gz``, ``.bz2`` or ``.xz`` files; a compressed file cut short ends with one
  :class:`~aqea.panlex.files.DamagedFile` after its last whole line.
- ``langvar``: the language-variety table (``langvar.json`` / ``langvar.csv``): uid ``deu-000`` → AQEA language.
- ``swadesh``: the PanLex Swadesh corpus (``swadesh110/``, ``swadesh207/``: line N = concept N).
- ``lexicon``: bilingual lexicons extracted from PanLex (``zho_eng_lexicon.txt``: ``source<TAB>target``).
- ``dump``: the published CSV/JSON dump tables ``expr``, ``meaning``, ``denotation``, ``source``.
- ``lexemes``: expressions → lexemes without part of speech, with translation and concept links.
"""
