-- moisson_tsvector (migration 005) built a text's weighted document in French and English. Since
-- migration 022 the search document is built by moisson_search_document, which stems each text in
-- its own language, and no function, trigger or index calls moisson_tsvector any more.
DROP FUNCTION IF EXISTS moisson_tsvector(text, "char");
