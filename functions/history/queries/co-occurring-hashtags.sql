-- Hashtags that co-occur with a given hashtag between two dates, inclusive: the 25 most frequent,
-- with the number of days they did and the sentiment of the posts they share.
-- params: tag, from, to, tag
WITH tagged AS (
  -- The posts first, then UNNEST (see top-hashtags-per-day.sql).
  SELECT dt, hashtags, sentiment FROM posts WHERE contains(hashtags, ?) AND dt BETWEEN ? AND ?
),
pairs AS (
  SELECT dt, sentiment, other FROM tagged CROSS JOIN UNNEST(hashtags) AS t(other)
)
SELECT other AS tag, count(*) AS posts, count(DISTINCT dt) AS days,
  count_if(sentiment = 'POSITIVE') AS positive,
  count_if(sentiment = 'NEGATIVE') AS negative,
  count_if(sentiment = 'NEUTRAL') AS neutral,
  count_if(sentiment = 'MIXED') AS mixed
FROM pairs
WHERE other <> ?
GROUP BY other
ORDER BY posts DESC, tag
LIMIT 25
