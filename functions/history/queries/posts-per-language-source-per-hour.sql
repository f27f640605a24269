-- Posts per language and source per hour (UTC) between two dates, inclusive; und = language
-- not known.
-- params: from, to
SELECT date_trunc('hour', created_at) AS hour_start, coalesce(lang, 'und') AS lang, source,
  count(*) AS posts
FROM posts
WHERE dt BETWEEN ? AND ?
GROUP BY date_trunc('hour', created_at), coalesce(lang, 'und'), source
ORDER BY hour_start, posts DESC, lang, source
