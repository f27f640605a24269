import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, defer, switchMap, throwError } from 'rxjs';
import { toApiError } from './api-error';
import { AuthService } from './auth.service';
import type {
  BreakdownResponse,
  Granularity,
  HashtagSort,
  HashtagsResponse,
  HistoryQueryName,
  HistoryResponse,
  LocationsResponse,
  PostsResponse,
  Sentiment,
  StatsResponse,
  TimeWindow,
  TermsResponse,
  TimelineResponse,
  TracksResponse,
} from './api.types';
import { APP_CONFIG } from './config';

export type { HashtagSort };

export interface HistoryQuery {
  query: HistoryQueryName;
  tag?: string;
  /** Whole UTC days, YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  /** The run to ask about (Athena answers RUNNING with it first). */
  queryId?: string;
}

export interface HashtagsQuery {
  window: TimeWindow;
  limit: number;
  sort?: HashtagSort;
}

export interface LocationsQuery {
  window: TimeWindow;
  limit: number;
}

export interface TimelineQuery {
  /** A hashtag key, or `_all` for all posts. */
  tag: string;
  granularity: Granularity;
  from: Date;
  to: Date;
}

export interface PostsQuery {
  tag?: string;
  cashtag?: string;
  sentiment?: Sentiment;
  /** A word of the word cloud: only posts that use it. */
  term?: string;
  limit: number;
}

export interface TermsQuery {
  window: TimeWindow;
  /** A hashtag key; all posts when absent. */
  tag?: string;
  limit: number;
}

/** Typed calls to the HTTP API. Every error comes out as an ApiError. */
@Injectable({ providedIn: 'root' })
export class ApiService {
  private readonly http = inject(HttpClient);
  private readonly base = inject(APP_CONFIG).apiBaseUrl;
  private readonly auth = inject(AuthService);

  hashtags(query: HashtagsQuery): Observable<HashtagsResponse> {
    return this.get('/hashtags', {
      limit: query.limit,
      window: query.window,
      sort: query.sort ?? 'mentions',
    });
  }

  locations(query: LocationsQuery): Observable<LocationsResponse> {
    return this.get('/locations', { limit: query.limit, window: query.window });
  }

  timeline(query: TimelineQuery): Observable<TimelineResponse> {
    // The tag is user text: encode it so `#`, `/` or `?` cannot change the route.
    return this.get(`/hashtags/${encodeURIComponent(query.tag)}/timeline`, {
      granularity: query.granularity,
      from: query.from.toISOString(),
      to: query.to.toISOString(),
    });
  }

  posts(query: PostsQuery): Observable<PostsResponse> {
    return this.get('/posts', {
      tag: query.tag,
      cashtag: query.cashtag,
      sentiment: query.sentiment,
      term: query.term,
      limit: query.limit,
    });
  }

  /** The most used words of a window's posts, for the word cloud (GET /terms). */
  terms(query: TermsQuery): Observable<TermsResponse> {
    return this.get('/terms', { window: query.window, tag: query.tag, limit: query.limit });
  }

  /** Posts per language with sentiment (GET /languages). */
  languages(window: TimeWindow): Observable<BreakdownResponse> {
    return this.get('/languages', { window });
  }

  /** Posts per source with sentiment (GET /sources). */
  sources(window: TimeWindow): Observable<BreakdownResponse> {
    return this.get('/sources', { window });
  }

  stats(): Observable<StatsResponse> {
    return this.get('/stats', {});
  }

  /** Terms the sources collect (GET /tracks). */
  tracks(): Observable<TracksResponse> {
    return this.get('/tracks', {});
  }

  /** Asks the sources to collect a term, e.g. `#aws` (POST /tracks). Signed in AWS. */
  track(term: string): Observable<unknown> {
    return this.signed((headers) => this.http.post(`${this.base}/tracks`, { term }, { headers }));
  }

  /** Stops collecting a term (DELETE /tracks/{term}). Signed in AWS. */
  untrack(term: string): Observable<unknown> {
    return this.signed((headers) =>
      this.http.delete(`${this.base}/tracks/${encodeURIComponent(term)}`, { headers }),
    );
  }

  /**
   * A named query over the corpus (GET /history/{query}). Signed in AWS: each run costs Athena
   * time and bytes scanned, so the route is for signed-in users.
   */
  history(q: HistoryQuery): Observable<HistoryResponse> {
    let params = new HttpParams().set('from', q.from).set('to', q.to);
    if (q.tag) params = params.set('tag', q.tag);
    if (q.queryId) params = params.set('queryId', q.queryId);
    return this.signed((headers) =>
      this.http.get<HistoryResponse>(`${this.base}/history/${encodeURIComponent(q.query)}`, {
        headers,
        params,
      }),
    );
  }

  /**
   * A write (or a History run) with `Authorization: Bearer <access token>` when sign-in is
   * configured. The public reads do not carry it: they have no reason to see a token.
   */
  private signed<T>(call: (headers: HttpHeaders) => Observable<T>): Observable<T> {
    if (!this.auth.enabled) return asApiErrors(call(new HttpHeaders()));
    return asApiErrors(
      defer(() => this.auth.accessToken()).pipe(
        switchMap((token) =>
          call(token ? new HttpHeaders({ authorization: `Bearer ${token}` }) : new HttpHeaders()),
        ),
      ),
    );
  }

  private get<T>(path: string, params: Record<string, string | number | undefined>): Observable<T> {
    let httpParams = new HttpParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== '') httpParams = httpParams.set(key, value);
    }
    return asApiErrors(this.http.get<T>(`${this.base}${path}`, { params: httpParams }));
  }
}

function asApiErrors<T>(call: Observable<T>): Observable<T> {
  return call.pipe(catchError((error: unknown) => throwError(() => toApiError(error))));
}
