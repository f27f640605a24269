import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, throwError } from 'rxjs';
import { toApiError } from './api-error';
import type {
  Granularity,
  HashtagsResponse,
  LocationsResponse,
  PostsResponse,
  Sentiment,
  StatsResponse,
  TimeWindow,
  TimelineResponse,
  TracksResponse,
} from './api.types';
import { APP_CONFIG } from './config';

export type HashtagSort = 'mentions' | 'positive' | 'negative';

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
  limit: number;
}

/** Typed calls to the HTTP API. Every error comes out as an ApiError. */
@Injectable({ providedIn: 'root' })
export class ApiService {
  private readonly http = inject(HttpClient);
  private readonly base = inject(APP_CONFIG).apiBaseUrl;

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
      limit: query.limit,
    });
  }

  stats(): Observable<StatsResponse> {
    return this.get('/stats', {});
  }

  /** Terms the sources collect (GET /tracks). */
  tracks(): Observable<TracksResponse> {
    return this.get('/tracks', {});
  }

  /** Asks the sources to collect a term, e.g. `#aws` (POST /tracks). */
  track(term: string): Observable<unknown> {
    return asApiErrors(this.http.post(`${this.base}/tracks`, { term }));
  }

  /** Stops collecting a term (DELETE /tracks/{term}). */
  untrack(term: string): Observable<unknown> {
    return asApiErrors(this.http.delete(`${this.base}/tracks/${encodeURIComponent(term)}`));
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
