-- The posts view: one row per post id over the archive table posts_archive, which Firehose fills
-- at least once. The newest archived copy wins, so a post reprocessed later (a new sentiment
-- engine) replaces its older copy. Copies of a post share its created_at, so the window is also
-- partitioned by dt and hour: filters on those stay partition filters (pruned) through the view.
-- A post taken back (deleted, or replaced by an edit) has a newest copy with removed_at set: the
-- view leaves it out.
SELECT id, source, text, created_at, lang, sentiment, sentiment_positive, sentiment_negative,
  sentiment_neutral, sentiment_mixed, enrich_status, hashtags, cashtags, place_id, place_name,
  country, country_code, lat, lon, author_id, author_handle, url, archived_at, removed_at, dt, hour
FROM (
  SELECT *, row_number() OVER (PARTITION BY dt, hour, id ORDER BY archived_at DESC) AS copy_rank
  FROM posts_archive
) AS copies
WHERE copy_rank = 1 AND removed_at IS NULL
