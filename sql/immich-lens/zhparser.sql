-- immich-lens: the `chinese` text search configuration on zhparser (SCWS), only where the extension
-- is installed (docker/postgres builds it in; Debian does not package it). Idempotent.
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'zhparser') THEN
    CREATE EXTENSION IF NOT EXISTS zhparser;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'chinese') THEN
      CREATE TEXT SEARCH CONFIGURATION chinese (PARSER = zhparser);
      -- n noun, v verb, a adjective, i idiom, j abbreviation, m numeral, x foreign/unknown,
      -- l temporary phrase, e exclamation
      ALTER TEXT SEARCH CONFIGURATION chinese ADD MAPPING FOR n, v, a, i, j, m, x, l, e WITH simple;
    END IF;
  END IF;
END $$;
