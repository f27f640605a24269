-- Hashtags that co-occur with a given hashtag between two dates, inclusive: the 25 most frequent,
-- with the number of days they did and the sentiment of the posts they share.
-- params: tag, tag, from, to
SELECT other AS tag, count(*) AS posts, count(DISTINCT dt) AS days,
  count_if(sentiment = 'POSITIVE') AS positive,
  count_if(sentiment = 'NEGATIVE') AS negative,
  count_if(sentiment = 'NEUTRAL') AS neutral,
  count_if(sentiment = 'MIXED') AS mixed
FROM posts
CROSS JOIN UNNEST(hashtags) AS t(other)
WHERE contains(hashtags, ?) AND other <> ? AND dt BETWEEN ? AND ?
GROUP BY other
ORDER BY posts DESC, tag
LIMIT 25
