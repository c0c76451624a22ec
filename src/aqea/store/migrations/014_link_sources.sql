-- Link sources (ConceptNet, docs/conceptnet.md): links between words that are no part of an entry, stated with a
-- weight, a dataset and a licence each; and one link stated by several sources is one link.
--
-- 1. ConceptNet's relations that equal none of ours are link kinds of their own (aqea.model.COMMONSENSE_KINDS,
--    snake_case of ConceptNet's names).
ALTER TABLE relations DROP CONSTRAINT relations_kind_check;
ALTER TABLE relations ADD CONSTRAINT relations_kind_check CHECK (kind IN (
    'translation', 'synonym', 'antonym', 'hypernym', 'hyponym', 'form_of', 'derived', 'related', 'concept',
    'at_location', 'capable_of', 'causes', 'causes_desire', 'created_by', 'dbpedia_capital', 'dbpedia_field',
    'dbpedia_genre', 'dbpedia_genus', 'dbpedia_influenced_by', 'dbpedia_known_for', 'dbpedia_language',
    'dbpedia_leader', 'dbpedia_occupation', 'dbpedia_product', 'defined_as', 'desires', 'distinct_from', 'entails',
    'etymologically_derived_from', 'etymologically_related_to', 'has_a', 'has_context', 'has_first_subevent',
    'has_last_subevent', 'has_prerequisite', 'has_property', 'has_subevent', 'instance_of', 'located_near',
    'made_of', 'manner_of', 'motivated_by_goal', 'not_capable_of', 'not_desires', 'not_has_property',
    'not_used_for', 'obstructed_by', 'part_of', 'receives_action', 'similar_to', 'symbol_of', 'used_for'));

-- 2. Who states a link, one row per statement. A link is its two words and its kind: (from_entry, kind,
--    target_language, target_lemma), the identity the writer of `relations` already keeps once per edition. A
--    link source adds a `relations` row only when no edition holds that link yet; otherwise its statement joins
--    the link already there (a Wiktionary synonym that ConceptNet restates: one link, two sources). Keyed by the
--    identity, not a relations id, so a Wiktionary page rewritten (its links replaced) keeps ConceptNet's
--    statements on its links.
CREATE TABLE link_sources (
    from_entry       bigint NOT NULL REFERENCES aqea_entries (id) ON DELETE CASCADE,
    kind             text NOT NULL,
    target_language  text NOT NULL,
    target_lemma     text NOT NULL,
    source           text NOT NULL,                 -- the edition that states it (source_licences.edition)
    statement        text COLLATE "C" NOT NULL,     -- the source's id of the statement (ConceptNet's assertion URI)
    relation         text NOT NULL,                 -- the source's own relation ('/r/IsA')
    weight           real NOT NULL,
    dataset          text NOT NULL,                 -- '/d/wiktionary/en', '/d/wordnet/3.1' …
    licence          text NOT NULL,                 -- per statement: 'cc:by-sa/4.0' or 'cc:by/4.0'
    PRIMARY KEY (from_entry, kind, target_language, target_lemma, source, statement)
);
