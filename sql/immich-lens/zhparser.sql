-- immich-lens: the `chinese` text search configuration on zhparser (SCWS), where the extension is
-- installed (docker/postgres builds it in; Debian does not package it). Idempotent. Search does not
-- depend on it: immich-lens segments documents and queries itself (jieba). zhparser is not a trusted
-- extension, so only a superuser can create it; the Immich migration checks that first and skips this
-- file with one log line otherwise (server-module/search/schema.ts, applyZhparser). docker/postgres
-- runs it at initdb, as the superuser.
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'zhparser') THEN
    CREATE EXTENSION IF NOT EXISTS zhparser;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'chinese') THEN
      CREATE TEXT SEARCH CONFIGURATION chinese (PARSER = zhparser);
      -- SCWS word classes kept as lexemes: n noun, v verb, a adjective, i idiom, j abbreviation,
      -- m numeral (Chinese numerals), x unknown word, l fixed expression, and e: zhparser's
      -- description says "exclamation", but SCWS tags every run of Latin letters and digits "en",
      -- which zhparser reports as e, so e is what keeps English words and numbers.
      ALTER TEXT SEARCH CONFIGURATION chinese ADD MAPPING FOR n, v, a, i, j, m, x, l, e WITH simple;
    END IF;
  END IF;
END $$;
