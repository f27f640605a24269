-- Sentiment about a hashtag per country per week (weeks start on Monday, UTC), for posts whose
-- place names a country, between two dates, inclusive.
-- params: tag, from, to
SELECT CAST(date_trunc('week', created_at) AS date) AS week, country_code, count(*) AS posts,
  count_if(sentiment = 'POSITIVE') AS positive,
  count_if(sentiment = 'NEGATIVE') AS negative,
  count_if(sentiment = 'NEUTRAL') AS neutral,
  count_if(sentiment = 'MIXED') AS mixed
FROM posts
WHERE contains(hashtags, ?) AND dt BETWEEN ? AND ? AND country_code IS NOT NULL
GROUP BY CAST(date_trunc('week', created_at) AS date), country_code
ORDER BY week, posts DESC, country_code
