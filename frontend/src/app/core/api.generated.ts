// Generated from docs/openapi.yaml by `npm run gen:api-types` (openapi-typescript). Do not
// edit: change the document and regenerate. frontend/src/app/core/api.types.ts names these.

export interface paths {
    "/hashtags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Top hashtags of a rolling window. */
        get: operations["getHashtags"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hashtags/{tag}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Mentions and sentiment of one hashtag per time bucket. */
        get: operations["getHashtagTimeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Places with mentions and sentiment in a rolling window (map markers). */
        get: operations["getLocations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/posts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Most recent posts, of all posts, of a hashtag or of a cashtag.
         * @description Read from the recent-post feeds. A busy stream's feeds are a sample: each stream batch feeds, per hashtag, cashtag and all posts, its newest few posts (at least the newest one), so the first item is always the newest post and a quiet key's feed holds all its posts; with 1,000 posts/s on the demo stream a busy feed keeps about 4 posts per second.
         */
        get: operations["getPosts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/terms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The most used words of a window's posts, of all posts or of a hashtag (word cloud).
         * @description Read from the recent-post feeds, sampled evenly over the window (the newest posts of each of its slices, at most 1,200 posts in all); feeds keep 7 days, so `all` reads the last 7 days. Links, mentions, hashtags, cashtags, numbers and the stop words of each post's language are left out.
         */
        get: operations["getTerms"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/languages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Posts per language (ISO 639-1; und when unknown) with sentiment, in a rolling window. */
        get: operations["getLanguages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Posts per source (x, bsky, ...) with sentiment, in a rolling window. */
        get: operations["getSources"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Totals, sentiment split, freshness, throughput and dead-letter queue depth. */
        get: operations["getStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tracks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The hashtags, cashtags and keywords the sources collect.
         * @description Running sources (`npm run produce -- --source x|bluesky|reddit` without `--track`, and the scheduled collector) read this list; the producer polls it every 30 s. Never cached.
         */
        get: operations["getTracks"];
        put?: never;
        /**
         * Starts tracking a term; idempotent.
         * @description In AWS, for signed-in users (a Cognito access token with the `tracks/write` scope). Locally, open on 127.0.0.1 to command-line clients and the dashboard, never to another site's page (403), and JSON only (415). A term is `#tag` (Unicode letters, marks, digits and `_`, at least one letter, up to 100 characters after `#`), `$CASHTAG` (`$` + a letter + up to 11 letters, digits, `.` or `_`), or a keyword or phrase of up to 60 characters without control characters (matched as whole words, case-insensitively). At most 100 terms.
         */
        post: operations["trackTerm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tracks/{term}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Stops tracking a term.
         * @description In AWS, for signed-in users (a Cognito access token with the `tracks/write` scope). Locally, open on 127.0.0.1 to command-line clients and the dashboard, never to another site's page (403).
         */
        delete: operations["untrackTerm"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/history/{query}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Runs a named query over the corpus (every archived post) for a date range.
         * @description The named queries are `functions/history/queries/*.sql`, the same files as the stack's Athena named queries and `npm run query -- --name`. In AWS the route needs a signed-in user (any Cognito access token of the dashboard client) and runs the query in the stack's Athena workgroup: the first request starts it and answers `RUNNING` with a `queryId`; ask again with the same parameters and that `queryId` until the status is `SUCCEEDED` (rows, bytes scanned and their cost) or `FAILED`. Locally (open on 127.0.0.1) DuckDB answers over the local corpus at once, without a `queryId` or bytes scanned. Never cached.
         */
        get: operations["getHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Count: number;
        Counts: {
            /** @description All posts; at least the sum of the four sentiments (posts without sentiment). */
            mentions: components["schemas"]["Count"];
            positive: components["schemas"]["Count"];
            negative: components["schemas"]["Count"];
            neutral: components["schemas"]["Count"];
            mixed: components["schemas"]["Count"];
        };
        /** @enum {string} */
        Window: "1h" | "24h" | "7d" | "all";
        Hashtag: components["schemas"]["Counts"] & {
            /** @description Counting key, e.g. aws */
            tag: string;
            /** @description Display form, e.g. AWS */
            display: string;
            /** Format: date-time */
            lastSeen: string;
            /** @description Mentions in the preceding window of equal length (0 when not among its top buckets); null for window `all`. */
            previousMentions: components["schemas"]["Count"] | null;
        };
        HashtagsResponse: {
            window: components["schemas"]["Window"];
            /** @enum {string} */
            sort: "mentions" | "positive" | "negative";
            /** Format: date-time */
            generatedAt: string;
            items: components["schemas"]["Hashtag"][];
        };
        Location: components["schemas"]["Counts"] & {
            /** @description Place id */
            id: string;
            name: string;
            fullName?: string;
            country?: string;
            countryCode?: string;
            lat: number;
            lon: number;
            /** Format: date-time */
            lastSeen: string;
        };
        LocationsResponse: {
            window: components["schemas"]["Window"];
            /** Format: date-time */
            generatedAt: string;
            items: components["schemas"]["Location"][];
        };
        Term: {
            term: string;
            /** @description Sampled posts that use the word (at least the sum of the four sentiments). */
            posts: components["schemas"]["Count"];
            positive: components["schemas"]["Count"];
            negative: components["schemas"]["Count"];
            neutral: components["schemas"]["Count"];
            mixed: components["schemas"]["Count"];
        };
        TermsResponse: {
            window: components["schemas"]["Window"];
            /** @description Hashtag key, or _all */
            tag: string;
            /** Format: date-time */
            generatedAt: string;
            sampledPosts: components["schemas"]["Count"];
            items: components["schemas"]["Term"][];
        };
        BreakdownItem: components["schemas"]["Counts"] & {
            /** @description Language code or source name */
            key: string;
        };
        BreakdownResponse: {
            window: components["schemas"]["Window"];
            /** Format: date-time */
            generatedAt: string;
            items: components["schemas"]["BreakdownItem"][];
        };
        Point: {
            /**
             * Format: date-time
             * @description Start of the bucket (UTC).
             */
            t: string;
        } & components["schemas"]["Counts"];
        TimelineResponse: {
            /** @description Counting key, or `_all` */
            tag: string;
            /** @enum {string} */
            granularity: "minute" | "hour" | "day";
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            points: components["schemas"]["Point"][];
        };
        /** @enum {string} */
        Sentiment: "POSITIVE" | "NEGATIVE" | "NEUTRAL" | "MIXED";
        Post: {
            id: string;
            /** @enum {string} */
            source: "x" | "bsky" | "reddit" | "demo" | "replay" | "post";
            text: string;
            /** Format: date-time */
            createdAt: string;
            lang?: string;
            /** @description What the source told of the author: absent when it said nothing (X API v2 with only its default fields), without an id when it named only a handle (a CSV user column). */
            author?: {
                id?: string;
                handle?: string;
                name?: string;
            };
            /** @description Display forms. */
            hashtags: string[];
            cashtags: string[];
            placeName?: string;
            countryCode?: string;
            url?: string;
            sentiment?: components["schemas"]["Sentiment"];
            sentimentScore?: {
                Positive: number;
                Negative: number;
                Neutral: number;
                Mixed: number;
            };
        };
        PostsResponse: {
            items: components["schemas"]["Post"][];
        };
        StatsResponse: {
            posts: components["schemas"]["Count"];
            positive: components["schemas"]["Count"];
            negative: components["schemas"]["Count"];
            neutral: components["schemas"]["Count"];
            mixed: components["schemas"]["Count"];
            /** @description Posts in a language the sentiment engine does not support. */
            unsupported: components["schemas"]["Count"];
            /** @description Posts whose sentiment failed after retries (still counted). */
            failed: components["schemas"]["Count"];
            /**
             * Format: date-time
             * @description Newest counted post's createdAt; null before the first.
             */
            lastPostAt: string | null;
            /**
             * Format: date-time
             * @description When the newest batch was counted; null before the first.
             */
            lastCountedAt: string | null;
            /** @description Average posts per minute over the last 5 complete minutes (by createdAt, UTC); the current, still filling minute is left out so the rate does not dip at each minute start. When every post counted so far is in those minutes (a stream that began within them), the average is over the complete minutes since its first post, and before its first minute is complete, its posts so far over the seconds of the current minute. */
            postsPerMinute: number;
            /** @description Approximate number of messages in the dead-letter queue; null when it cannot be read. */
            deadLetters: components["schemas"]["Count"] | null;
            /** Format: date-time */
            generatedAt: string;
        };
        HistoryResponse: {
            query: string;
            /** @enum {string} */
            engine: "athena" | "duckdb";
            params: {
                tag?: string;
                /** Format: date */
                from?: string;
                /** Format: date */
                to?: string;
            };
            /** @enum {string} */
            status: "RUNNING" | "SUCCEEDED" | "FAILED";
            /** Format: uuid */
            queryId?: string;
            columns?: components["schemas"]["HistoryColumn"][];
            /** @description One object per row, keyed by column name. */
            rows?: {
                [key: string]: components["schemas"]["HistoryCell"];
            }[];
            /** @description More rows existed than the 10,000 returned. */
            truncated?: boolean;
            /** @description Bytes Athena scanned (known once it runs); null locally. */
            bytesScanned: number | null;
            /** @description What Athena bills for those bytes: $5 per TB, at least 10 MB per query (list price, us-east-1); null locally. */
            costUsd: number | null;
            /** @description Why the run failed. */
            message?: string;
        };
        HistoryColumn: {
            name: string;
            /** @enum {string} */
            type: "string" | "number" | "boolean" | "date" | "timestamp" | "array" | "other";
        };
        /** @description A plain value of a row; dates and timestamps as ISO 8601 text. */
        HistoryValue: string | number | boolean | null;
        /** @description One cell of a row, keyed by its column's name; arrays are one level deep. */
        HistoryCell: components["schemas"]["HistoryValue"] | components["schemas"]["HistoryValue"][];
        Error: {
            message: string;
        };
        InternalError: {
            /** @constant */
            message: "Internal error";
            requestId: string;
        };
        Track: {
            /** @description As first written, e.g. `#AWS`. */
            term: string;
            /** @description Canonical form and id: `#aws`, `$AAPL`, `machine learning`. */
            key: string;
            /** @enum {string} */
            kind: "hashtag" | "cashtag" | "keyword";
            /** Format: date-time */
            createdAt: string;
        };
        TracksResponse: {
            items: components["schemas"]["Track"][];
        };
    };
    responses: {
        /** @description A parameter is invalid; the message names it. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "message": "limit must be an integer between 1 and 100"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The route's throttle refused the request (API Gateway's stage throttling: each route takes the `ApiThrottleRate` parameter's requests per second, bursts up to `ApiThrottleBurst`; the local stack applies the same limits). Retry after a moment. */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "message": "Too Many Requests"
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Local stack only: the `Host` header names something other than `localhost`, `127.0.0.1` or `[::1]` with the stack's port (what a DNS-rebinding page sends). */
        MisdirectedRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Local stack only: a write whose `Origin` is neither the dashboard's own origin nor the template's `AllowedOrigin` (a page on another site, or `Origin: null`). Requests without `Origin` (command-line clients) are accepted. */
        CrossSiteWrite: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Local stack only: a write whose body is not sent as `Content-Type: application/json` (what a form or a `text/plain` request from another page would be). */
        NotJson: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Unexpected internal error; details are in the function's log under requestId. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InternalError"];
            };
        };
    };
    parameters: {
        Window24h: "1h" | "24h" | "7d" | "all";
    };
    requestBodies: never;
    headers: {
        CacheControl: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHashtags: {
        parameters: {
            query?: {
                limit?: number;
                window?: components["parameters"]["Window24h"];
                /** @description `positive` and `negative` sort by that count, ties by mentions; remaining ties by tag. */
                sort?: "mentions" | "positive" | "negative";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Hashtags, highest first. */
            200: {
                headers: {
                    "cache-control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HashtagsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getHashtagTimeline: {
        parameters: {
            query?: {
                granularity?: "minute" | "hour" | "day";
                /** @description Start (ISO 8601 with `Z` or an offset). Default `to` minus 60 minutes, 48 hours or 30 days by granularity. Must be before `to`; the range may hold at most 1,440 buckets. */
                from?: string;
                /** @description End (ISO 8601 with `Z` or an offset). Default now. */
                to?: string;
            };
            header?: never;
            path: {
                /** @description Hashtag with or without `#` (`%23AWS`, `#AWS` and `AWS` all mean `aws`), 1 to 140 characters; `_all` means all posts; a subreddit by its key `r:aws` (`r%3Aaws`; a `/` cannot be sent in a path segment). An unknown tag gives all-zero points. */
                tag: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One point per bucket from the bucket holding `from` to the bucket holding `to`, both included, oldest first, zero-filled. */
            200: {
                headers: {
                    "cache-control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimelineResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getLocations: {
        parameters: {
            query?: {
                limit?: number;
                window?: "1h" | "24h" | "7d" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Locations, most mentioned first. Places without coordinates are left out. */
            200: {
                headers: {
                    "cache-control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getPosts: {
        parameters: {
            query?: {
                /** @description Hashtag with or without `#`, 1 to 140 characters, or a subreddit (`r/aws` or its key `r:aws`). Not with `cashtag`. */
                tag?: string;
                /** @description Ticker with or without `$` (`$AAPL`, `aapl`). Not with `tag`. */
                cashtag?: string;
                /** @description Case-insensitive. Filtered while reading the newest posts page by page (at most 5 pages of 100), so a rare sentiment can return fewer than `limit` items. */
                sentiment?: "POSITIVE" | "NEGATIVE" | "NEUTRAL" | "MIXED";
                limit?: number;
                /** @description Only posts that use this word, as GET /terms reads words (case-insensitive). Filtered while reading the newest posts page by page (at most 5 pages of 100). */
                term?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Posts, newest first. */
            200: {
                headers: {
                    "cache-control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PostsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getTerms: {
        parameters: {
            query?: {
                window?: "1h" | "24h" | "7d" | "all";
                /** @description Hashtag with or without `#`; all posts when absent. */
                tag?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Words, most used first. */
            200: {
                headers: {
                    "cache-control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TermsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getLanguages: {
        parameters: {
            query?: {
                window?: "1h" | "24h" | "7d" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Languages, most posts first. */
            200: {
                headers: {
                    "cache-control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BreakdownResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getSources: {
        parameters: {
            query?: {
                window?: "1h" | "24h" | "7d" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sources, most posts first. */
            200: {
                headers: {
                    "cache-control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BreakdownResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All zeros and nulls until the first post is counted. */
            200: {
                headers: {
                    "cache-control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatsResponse"];
                };
            };
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getTracks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Tracked terms in key order. */
            200: {
                headers: {
                    "cache-control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TracksResponse"];
                };
            };
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    trackTerm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @example #AWS
                     * @example $AAPL
                     * @example machine learning
                     */
                    term: string;
                };
            };
        };
        responses: {
            /** @description Was already tracked; returned unchanged. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Track"];
                };
            };
            /** @description Now tracked. */
            201: {
                headers: {
                    /** @description The term's URL, for DELETE. */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Track"];
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["CrossSiteWrite"];
            /** @description The limit of 100 tracked terms is reached. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            415: components["responses"]["NotJson"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    untrackTerm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The term, URL-encoded; any spelling of it (`%23AWS`, `%23aws`) names the same term. */
                term: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No longer tracked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["CrossSiteWrite"];
            /** @description The term was not tracked. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            415: components["responses"]["NotJson"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getHistory: {
        parameters: {
            query?: {
                /** @description Hashtag (as for the timeline); required by the queries about one hashtag (sentiment-by-country-per-week, co-occurring-hashtags), ignored by the others. */
                tag?: string;
                /** @description First day, UTC, inclusive; default 6 days before `to`. */
                from?: string;
                /** @description Last day, UTC, inclusive, at most 366 days after `from`; default today. */
                to?: string;
                /** @description The `queryId` of a `RUNNING` answer (Athena), to ask for its outcome. */
                queryId?: string;
            };
            header?: never;
            path: {
                query: "top-hashtags-per-day" | "sentiment-by-country-per-week" | "posts-per-language-source-per-hour" | "co-occurring-hashtags";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run, and its rows once it succeeded. */
            200: {
                headers: {
                    "cache-control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            421: components["responses"]["MisdirectedRequest"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
}
