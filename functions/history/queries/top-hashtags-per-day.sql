-- Top hashtags per day: the 10 most used hashtags of each day (UTC) between two dates, inclusive,
-- with their sentiment split.
-- params: from, to
WITH in_range AS (
  -- The range first, then UNNEST: DuckDB can then unnest without a join (several times faster
  -- over a million posts); Athena prunes the partitions either way.
  SELECT dt, hashtags, sentiment FROM posts WHERE dt BETWEEN ? AND ?
),
daily AS (
  SELECT dt AS day, tag, count(*) AS posts,
    count_if(sentiment = 'POSITIVE') AS positive,
    count_if(sentiment = 'NEGATIVE') AS negative,
    count_if(sentiment = 'NEUTRAL') AS neutral,
    count_if(sentiment = 'MIXED') AS mixed
  FROM in_range
  CROSS JOIN UNNEST(hashtags) AS t(tag)
  GROUP BY dt, tag
)
SELECT day, tag, posts, positive, negative, neutral, mixed
FROM (
  SELECT *, row_number() OVER (PARTITION BY day ORDER BY posts DESC, tag) AS day_rank
  FROM daily
) AS ranked
WHERE day_rank <= 10
ORDER BY day, posts DESC, tag
